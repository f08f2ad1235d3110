package dev.quill.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quill.server.observe.LatencyBudget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The tutor page, the dashboard and their stats endpoint, over HTTP (the browser test drives them in Chromium: BrowserIT). */
class WebPagesTest {
    private static final Pattern LOCAL_REFERENCE = Pattern.compile("(?:src|href)=\"(/[^\"]*)\"");
    private static final Pattern FETCHED = Pattern.compile("fetch\\(\\s*[`'\"]([^`'\"$]*)");

    private final TestServers.Running server = TestServers.shared();
    private final Http http = server.http;

    @Test
    void pagesAndEveryFileTheyReferenceAreServedUnderAPolicyThatKeepsThemOnThisOrigin() {
        for (String page : List.of("/", "/dashboard")) {
            Http.Reply r = http.get(page);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.contentType()).startsWith("text/html");
            assertThat(r.header("Content-Security-Policy")).contains("default-src 'self'").contains("connect-src 'self'");
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
            List<String> refs = new ArrayList<>();
            Matcher m = LOCAL_REFERENCE.matcher(r.text());
            while (m.find()) refs.add(m.group(1));
            assertThat(refs).contains("/assets/quill.css", "/assets/api.js");
            for (String ref : refs.stream().filter(p -> p.startsWith("/assets/")).toList()) {
                Http.Reply asset = http.get(ref);
                assertThat(asset.status()).as(ref).isEqualTo(200);
                assertThat(asset.contentType()).as(ref).startsWith(ref.endsWith(".js") ? "text/javascript"
                        : ref.endsWith(".css") ? "text/css" : "image/svg+xml");
            }
        }
        Http.Reply missing = http.get("/assets/secret.js");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("type").asString()).isEqualTo("/problems/not-found");
    }

    @Test
    void pagesCallOnlyThePublicApiAndNothingOutsideThisServer() throws IOException {
        List<String> fetched = new ArrayList<>();
        for (String file : List.of("index.html", "dashboard.html", "assets/api.js", "assets/tutor.js", "assets/dashboard.js",
                "assets/charts.js", "assets/quill.css")) {
            String text = resource(file);
            // the SVG namespace is a name, not an address that is fetched
            assertThat(text.replace("http://www.w3.org/2000/svg", "")).as(file).doesNotContain("http://", "https://", "//cdn");
            Matcher m = FETCHED.matcher(text);
            while (m.find()) fetched.add(m.group(1));
        }
        assertThat(fetched).isNotEmpty().allSatisfy(url -> assertThat(url).matches("/v1/(grammar/correct|rules/|stats)"));
    }

    @Test
    void statsCountEachModelRequestWithItsStagesAgainstTheBudget() {
        server.awaitCounted();
        long before = http.get("/v1/stats").json().at("/requests/total").asLong();
        assertThat(http.postJson("/v1/grammar/correct", "{\"sentence\": \"He goed to school\"}").status()).isEqualTo(200);
        assertThat(http.postJson("/v1/grammar/correct", "{\"sentence\": \"\"}").status()).isEqualTo(422);

        server.awaitCounted();
        JsonNode s = http.get("/v1/stats").json(); // every answer is checked against /openapi.json's Stats schema
        assertThat(s.get("model").asString()).isEqualTo(server.tutor.modelName());
        assertThat(s.at("/requests/total").asLong()).isEqualTo(before + 2); // the stats' own polls are not model requests
        assertThat(s.at("/requests/by_status/200").asLong()).isPositive();
        assertThat(s.at("/requests/by_status/422").asLong()).isPositive();
        assertThat(s.at("/requests/per_second").asDouble()).isPositive();
        assertThat(s.at("/latency_ms/e2e/count").asInt()).isPositive();
        assertThat(s.at("/latency_ms/e2e/p95").asDouble()).isGreaterThanOrEqualTo(s.at("/latency_ms/e2e/p50").asDouble());
        assertThat(s.at("/latency_ms/ttft/count").asInt()).isPositive();
        assertThat(s.at("/engine/kv_blocks_total").asInt()).isPositive();
        assertThat(s.at("/budget_ms").asDouble()).isEqualTo(LatencyBudget.defaults().totalMillis());
        List<String> stages = new ArrayList<>();
        for (JsonNode row : s.get("stages")) {
            stages.add(row.get("stage").asString());
            if (row.get("count").asInt() > 0) {
                assertThat(row.get("self_mean_ms").asDouble()).isLessThanOrEqualTo(row.get("mean_ms").asDouble());
            }
        }
        assertThat(stages).startsWith(LatencyBudget.defaults().allocationsMillis().keySet().toArray(String[]::new));
        assertThat(s.at("/cost/price_usd_per_hour").asDouble()).isEqualTo(server.telemetry().cost().usdPerHour());
        assertThat(s.at("/cost/usd_total").asDouble()).isPositive();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = WebPages.class.getResourceAsStream("web/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
