package dev.quill.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** API keys, per-client token buckets, input normalisation and redaction on a real server. */
class GuardsTest {
    private static final String CORRECT = "/v1/grammar/correct";
    private static final String BODY = "{\"sentence\": \"They was late\", \"max_tokens\": 2}";
    private static TestServers.Running server;

    @BeforeAll
    static void start() {
        // two requests at once per key, refilled at one a minute: the third is refused
        server = TestServers.start(Map.of("api-keys", "key-one, key-two,key-three", "rate-limit-per-minute", "1",
                "rate-limit-burst", "2", "max-output-tokens", "8"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void missingOrWrongKeyIs401AndKeysAreNeverLogged() {
        Http.Reply none = server.http.postJson(CORRECT, BODY);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(none.json().get("type").asString()).isEqualTo("/problems/unauthorized");
        Http.Reply wrong = server.http.postJson(CORRECT, BODY, "Authorization", "Bearer key-on");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("detail").asString()).contains("not valid");
        assertThat(server.http.postJson(CORRECT, BODY, "X-API-Key", "key-three").status()).isEqualTo(200);
        assertThat(String.join("\n", server.accessLog)).doesNotContain("key-three").doesNotContain("key-on");
    }

    @Test
    void eachKeyHasItsOwnBucketAndTheThirdRequestIs429WithRetryAfterAndRateLimitHeaders() {
        Http.Reply first = server.http.postJson(CORRECT, BODY, "Authorization", "Bearer key-one");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("RateLimit-Policy")).isEqualTo("\"per-client\";q=2;w=120");
        assertThat(first.header("RateLimit")).isEqualTo("\"per-client\";r=1;t=0");
        assertThat(server.http.postJson(CORRECT, BODY, "Authorization", "Bearer key-one").status()).isEqualTo(200);
        Http.Reply third = server.http.postJson(CORRECT, BODY, "Authorization", "Bearer key-one");
        assertThat(third.status()).isEqualTo(429);
        long retryAfter = Long.parseLong(third.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(third.header("RateLimit")).isEqualTo("\"per-client\";r=0;t=" + retryAfter);
        JsonNode p = third.json();
        assertThat(p.get("type").asString()).isEqualTo("/problems/rate-limited");
        assertThat(p.get("retry_after").asLong()).isEqualTo(retryAfter);
        // another key is another client
        assertThat(server.http.postJson(CORRECT, BODY, "Authorization", "Bearer key-two").status()).isEqualTo(200);
    }

    @Test
    void textIsNormalisedAndPersonalDataIsRedactedInTheLog() {
        String sentence = "Write to ana.lopez@example.com or call +34 612 345 678, card 4111 1111 1111 1111, cafe\\u0301\\u0000 ok";
        Http.Reply r = server.http.postJson(CORRECT, "{\"sentence\": \"" + sentence + "\"}", "X-API-Key", "key-three",
                "X-Request-Id", "pii-check");
        assertThat(r.status()).isEqualTo(200);
        // NFC: e + combining acute is one code point; the NUL is gone
        assertThat(r.json().get("sentence").asString()).endsWith("café ok").contains("ana.lopez@example.com");
        // the line is written just after the answer goes out
        long end = System.nanoTime() + 2_000_000_000L;
        while (logLines().stream().noneMatch(l -> l.contains("pii-check")) && System.nanoTime() < end) Thread.onSpinWait();
        String line = logLines().stream().filter(l -> l.contains("pii-check")).findFirst().orElseThrow();
        assertThat(line).contains("[email]", "[phone]", "[card]", "status=200")
                .doesNotContain("ana.lopez", "612 345", "4111");
    }

    /** A copy of the access log taken under its lock: the server appends from other threads. */
    private java.util.List<String> logLines() {
        synchronized (server.accessLog) {
            return new java.util.ArrayList<>(server.accessLog);
        }
    }
}
