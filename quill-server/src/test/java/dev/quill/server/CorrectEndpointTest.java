package dev.quill.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CorrectEndpointTest {
    private final TestServers.Running server = TestServers.shared();
    private final Http http = server.http;

    @Test
    void correctionCarriesEditsUsageRequestIdAndModel() {
        Http.Reply r = http.postJson("/v1/grammar/correct", "{\"sentence\": \"He goed to school\"}", "X-Request-Id", "trace-abc.1");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("X-Request-Id")).isEqualTo("trace-abc.1");
        JsonNode a = r.json();
        assertThat(a.get("request_id").asString()).isEqualTo("trace-abc.1");
        assertThat(a.get("model").asString()).isEqualTo(server.tutor.modelName());
        assertThat(a.get("sentence").asString()).isEqualTo("He goed to school");
        String corrected = a.get("corrected").asString();
        assertThat(a.get("changed").asBoolean()).isEqualTo(!corrected.equals("He goed to school"));
        for (JsonNode e : a.get("edits")) {
            int start = e.get("start").asInt();
            int end = e.get("end").asInt();
            assertThat(start).isBetween(0, end);
            assertThat("He goed to school".substring(start, end)).isEqualTo(e.get("from").asString());
        }
        JsonNode u = a.get("usage");
        assertThat(u.get("prompt_tokens").asInt()).isGreaterThan(1);
        assertThat(u.get("output_tokens").asInt()).isBetween(1, 24);
        assertThat(u.get("total_ms").asDouble()).isGreaterThanOrEqualTo(u.get("decode_ms").asDouble());
    }

    @Test
    void editsApplyToTheSentenceGiveTheCorrection() {
        JsonNode a = http.postJson("/v1/grammar/correct", "{\"sentence\": \"She go to the market every days\", \"max_tokens\": 12}").json();
        String sentence = a.get("sentence").asString();
        StringBuilder rebuilt = new StringBuilder();
        int at = 0;
        for (JsonNode e : a.get("edits")) {
            rebuilt.append(sentence, at, e.get("start").asInt()).append(e.get("to").asString());
            at = e.get("end").asInt();
        }
        rebuilt.append(sentence.substring(at));
        // word-level edits rebuild the correction up to whitespace between words
        assertThat(rebuilt.toString().strip().split("\\s+")).containsExactly(a.get("corrected").asString().strip().split("\\s+"));
    }

    @Test
    void streamingSendsTheFirstTokenBeforeTheLastIsDecoded() throws Exception {
        // the engine may not take another step until the client holds the first token event:
        // a buffered stream would leave the engine waiting, the latch unopened
        CountDownLatch firstTokenSeen = new CountDownLatch(1);
        AtomicBoolean engineWaitedForClient = new AtomicBoolean();
        AtomicBoolean armed = new AtomicBoolean(true);
        server.engine().addStepListener(step -> {
            if (armed.get() && step.decodeTokens() > 0) {
                try {
                    engineWaitedForClient.set(firstTokenSeen.await(5, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                armed.set(false);
            }
        });
        List<String> order = new ArrayList<>();
        List<Http.Event> events = http.stream("/v1/grammar/correct", "{\"sentence\": \"I has a apple\", \"max_tokens\": 16}", e -> {
            order.add(e.name());
            if (e.name().equals("token")) firstTokenSeen.countDown();
        });
        armed.set(false);
        assertThat(engineWaitedForClient).isTrue();
        assertThat(order.getFirst()).isEqualTo("token");
        assertThat(order.getLast()).isEqualTo("correction");
        assertThat(events.stream().filter(e -> e.name().equals("token")).count()).isGreaterThan(1);
    }

    @Test
    void streamedPiecesAddUpToTheCorrectionWithMultiByteCharactersIntact() throws Exception {
        String[] sentences = {"Ça coûte cher à München", "日本語の文章です", "Grüße, naïve café", "déjà vu à la carte", "東京は大きい"};
        boolean sawMultiByte = false;
        // the token events carry the model's proposal as decoded; with no guard and the spelling
        // passes off, that is the answer unless it lost text (the speller would mend the random
        // model's made-up words)
        try (TestServers.Running plain = TestServers.start(Map.of("spelling", "false"))) {
            for (String s : sentences) {
                List<Http.Event> events = plain.http.stream("/v1/grammar/correct", "{\"sentence\": \"" + s + "\", \"stream\": true}", e -> {});
                StringBuilder text = new StringBuilder();
                JsonNode done = null;
                for (Http.Event e : events) {
                    if (e.name().equals("token")) text.append(e.json().get("text").asString());
                    if (e.name().equals("correction")) done = e.json();
                }
                assertThat(done).isNotNull();
                assertThat(done.get("sentence").asString()).isEqualTo(s);
                // a proposal that lost the sentence's Japanese (the random model's noise) is refused
                // as lost text: the stream still carried it, whole, and the guard reports it
                JsonNode guard = done.get("guard");
                boolean refused = guard != null && !guard.isNull() && !guard.get("kept").asBoolean();
                assertThat(text.toString()).isEqualTo(refused ? guard.get("proposal").asString() : done.get("corrected").asString());
                sawMultiByte |= text.chars().anyMatch(c -> c > 0x7F && c != 0xFFFD);
            }
        }
        assertThat(sawMultiByte).as("the model produced some multi-byte character in 5 tries").isTrue();
    }

    @Test
    void healthReadinessModelsAndOpenApiAnswer() {
        assertThat(http.get("/healthz").json().get("status").asString()).isEqualTo("alive");
        assertThat(http.get("/readyz").json().get("model").asString()).isEqualTo(server.tutor.modelName());
        assertThat(http.get("/v1/models").json().get("data").get(0).get("id").asString()).isEqualTo(server.tutor.modelName());
        JsonNode doc = http.get("/openapi.json").json();
        assertThat(doc.get("openapi").asString()).startsWith("3.1");
        assertThat(doc.at("/components/schemas/CorrectRequest/properties/sentence/maxLength").asInt()).isEqualTo(1000);
        assertThat(http.get("/problems/body-too-large").json().get("title").asString()).contains("413");
    }

    @Test
    void sixtyFourConcurrentRequestsAreAllAnswered() throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 64; i++) {
            int n = i;
            threads.add(Thread.ofVirtual().start(() -> {
                Http.Reply r = http.postJson("/v1/grammar/correct", "{\"sentence\": \"Request number " + n + " are here\", \"max_tokens\": 8}");
                if (r.status() == 200) assertThat(r.json().get("sentence").asString()).isEqualTo("Request number " + n + " are here");
                statuses.add(r.status());
            }));
        }
        for (Thread t : threads) t.join(60_000);
        assertThat(statuses).hasSize(64).containsOnly(200);
    }
}
