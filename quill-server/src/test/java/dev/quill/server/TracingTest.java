package dev.quill.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The span tree of real requests, read back from the server's span file. */
class TracingTest {
    private static final List<String> NINE = List.of("http.request", "validate.body", "security.check", "tokenize.bpe",
            "retrieve.hybrid", "model.prefill", "model.decode", "format.json", "cost.emit");

    private final TestServers.Running server = TestServers.shared();
    private final Http http = server.http;

    @Test
    void oneRequestIsOneTraceOfNineSpansContinuingTheCallersTraceparent() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String callerSpan = "00f067aa0ba902b7";
        Http.Reply r = http.postJson("/v1/grammar/correct", "{\"sentence\": \"He goed to school\", \"max_tokens\": 8}",
                "traceparent", "00-" + traceId + "-" + callerSpan + "-01", "tracestate", "vendor=abc", "X-Request-Id", "trace-tree-1");
        assertThat(r.status()).isEqualTo(200);
        String out = r.header("traceparent");
        assertThat(out).matches("00-" + traceId + "-[0-9a-f]{16}-01");
        assertThat(r.header("tracestate")).isEqualTo("vendor=abc");

        List<JsonNode> spans = spansOf(traceId, 9);
        Map<String, JsonNode> byName = spans.stream().collect(Collectors.toMap(s -> s.get("name").asString(), s -> s));
        assertThat(byName.keySet()).containsExactlyInAnyOrderElementsOf(NINE);
        JsonNode root = byName.get("http.request");
        String rootId = root.get("span_id").asString();
        assertThat(out).isEqualTo("00-" + traceId + "-" + rootId + "-01"); // the response names the server's root span
        assertThat(root.get("parent_span_id").asString()).isEqualTo(callerSpan);
        assertThat(root.get("parent_remote").asBoolean()).isTrue();
        for (JsonNode s : spans) {
            assertThat(s.get("attributes").get("request_id").asString()).isEqualTo("trace-tree-1");
            if (s != root) assertThat(s.get("parent_span_id").asString()).as(s.get("name").asString()).isEqualTo(rootId);
            assertThat(s.get("end_unix_nano").asLong()).isGreaterThanOrEqualTo(s.get("start_unix_nano").asLong());
        }
        JsonNode usage = r.json().get("usage");
        JsonNode a = root.get("attributes");
        assertThat(a.get("http.response.status_code").asInt()).isEqualTo(200);
        assertThat(a.get("gen_ai.usage.input_tokens").asInt()).isEqualTo(usage.get("prompt_tokens").asInt());
        assertThat(a.get("gen_ai.usage.output_tokens").asInt()).isEqualTo(usage.get("output_tokens").asInt());
        assertThat(a.get("quill.finish_reason").asString()).isEqualTo(usage.get("finish_reason").asString());
        assertThat(a.get("quill.cost_usd").asDouble()).isEqualTo(usage.get("cost_usd").asDouble());
        assertThat(a.get("quill.batch_size_at_admission").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(a.get("quill.preemptions").asInt()).isZero();
        assertThat(a.get("quill.queue_ms").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(a.get("quill.ttft_ms").asDouble()).isPositive();
        assertThat(a.get("gen_ai.request.model").asString()).isEqualTo(server.tutor.modelName());
        assertThat(a.get("quill.model.weight_format").asString()).isEqualTo("F32");
        assertThat(a.get("quill.model.version").asString()).matches("[0-9a-f]{12}");
        // every stage span lies within the root
        for (JsonNode s : spans) {
            assertThat(s.get("start_unix_nano").asLong()).isGreaterThanOrEqualTo(root.get("start_unix_nano").asLong());
            assertThat(s.get("end_unix_nano").asLong()).isLessThanOrEqualTo(root.get("end_unix_nano").asLong());
        }
    }

    @Test
    void aRequestWithoutTraceparentStartsATraceAndReturnsIt() throws Exception {
        Http.Reply r = http.postJson("/v1/grammar/correct", "{\"sentence\": \"She go home\", \"max_tokens\": 4}");
        String out = r.header("traceparent");
        assertThat(out).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[13]"); // sampled (and, from the SDK, random-id: W3C level 2)
        List<JsonNode> spans = spansOf(out.substring(3, 35), 9);
        JsonNode root = spans.stream().filter(s -> s.get("name").asString().equals("http.request")).findFirst().orElseThrow();
        assertThat(root.has("parent_span_id")).isFalse();
    }

    @Test
    void aRefusedRequestIsARootWithItsStatus() throws Exception {
        Http.Reply r = http.postJson("/v1/grammar/correct", "{\"sentence\": \"\"}");
        assertThat(r.status()).isEqualTo(422);
        List<JsonNode> spans = spansOf(r.header("traceparent").substring(3, 35), 1);
        JsonNode root = spans.stream().filter(s -> s.get("name").asString().equals("http.request")).findFirst().orElseThrow();
        assertThat(root.get("attributes").get("http.response.status_code").asInt()).isEqualTo(422);
    }

    /** The spans of one trace, once at least {@code expected} have been written (the root ends just after the answer). */
    private List<JsonNode> spansOf(String traceId, int expected) throws IOException, InterruptedException {
        Path file = server.server.config().observability().spanFile();
        long end = System.nanoTime() + 10_000_000_000L;
        List<JsonNode> spans = List.of();
        while (System.nanoTime() < end) {
            server.telemetry().flush();
            spans = Files.exists(file) ? Files.readAllLines(file).stream().filter(l -> l.contains(traceId))
                    .map(l -> Http.JSON.readTree(l)).toList() : List.of();
            if (spans.size() >= expected && spans.stream().anyMatch(s -> s.get("name").asString().equals("http.request"))) break;
            Thread.sleep(20);
        }
        return spans;
    }
}
