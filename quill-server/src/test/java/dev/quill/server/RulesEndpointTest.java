package dev.quill.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quill.core.engine.Completion;
import dev.quill.core.generate.SamplingParams;
import dev.quill.server.tutor.Correction;
import dev.quill.server.tutor.Degradation;
import dev.quill.server.tutor.ExplainedEdit;
import dev.quill.server.tutor.Explanations;
import dev.quill.server.tutor.Generation;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Issue 6 through HTTP: explanations from rule cards, /v1/rules, the embedding cache's hit ratio, degradation. */
class RulesEndpointTest {
    private final TestServers.Running server = TestServers.shared();
    private final Http http = server.http;

    private static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void eachEditIsExplainedByItsBestCardWhoseIdTheAnswerCarries() {
        JsonNode a = http.postJson("/v1/grammar/correct", "{\"sentence\": \"Yesterday I goed to the store\"}").json();
        assertThat(a.get("edits")).as("the random test model rewrites the sentence: %s", a).isNotEmpty();
        for (JsonNode e : a.get("edits")) {
            String id = e.get("rule_id").asString();
            JsonNode card = http.get("/v1/rules/" + id).json();
            assertThat(e.get("explanation").asString()).isEqualTo(card.get("explanation").asString());
            assertThat(e.get("see_also")).hasSize(4); // top k 5: the best card, then four more
            assertThat(e.get("see_also").valueStream().map(JsonNode::asString).toList()).doesNotContain(id).doesNotHaveDuplicates();
        }
    }

    @Test
    void aRuleIsServedByIdAndAnUnknownIdIsA404Problem() {
        Http.Reply r = http.get("/v1/rules/det-a-an-vowel-sound");
        assertThat(r.status()).isEqualTo(200);
        JsonNode card = r.json();
        assertThat(card.get("id").asString()).isEqualTo("det-a-an-vowel-sound");
        assertThat(card.get("types").get(0).asString()).isEqualTo("DET");
        assertThat(card.get("examples")).isNotEmpty();

        Http.Reply missing = http.get("/v1/rules/no-such-rule");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(missing.json().get("type").asString()).isEqualTo("/problems/rule-not-found");
        assertThat(missing.json().get("detail").asString()).contains("no-such-rule");
        assertThat(http.get("/problems/rule-not-found").status()).isEqualTo(200);
    }

    @Test
    void searchIsTheHybridRetrievalWithTopFiveByDefaultAndKAsAsked() {
        JsonNode found = http.get("/v1/rules?q=" + q("Should I write a apple or an apple?")).json();
        assertThat(found.get("k").asInt()).isEqualTo(5);
        assertThat(found.get("rules")).hasSize(5);
        assertThat(found.get("rules").valueStream().map(c -> c.get("id").asString()).toList()).contains("det-a-an-vowel-sound");
        JsonNode two = http.get("/v1/rules?k=2&q=" + q("difference between since and for")).json();
        assertThat(two.get("rules")).hasSize(2);
        assertThat(two.get("rules").get(0).get("score").asDouble()).isGreaterThanOrEqualTo(two.get("rules").get(1).get("score").asDouble());
    }

    @Test
    void aMissingOrEmptyQueryOrABadKIsA422NamingTheParameter() {
        record Case(String query, String pointer) {}
        for (Case c : List.of(new Case("", "/q"), new Case("?q=", "/q"), new Case("?q=%20%20", "/q"), new Case("?q=a&k=0", "/k"),
                new Case("?q=a&k=21", "/k"), new Case("?q=a&k=two", "/k"), new Case("?q=" + "a".repeat(1001), "/q"))) {
            Http.Reply r = http.get("/v1/rules" + c.query());
            assertThat(r.status()).as(c.query()).isEqualTo(422);
            assertThat(r.json().get("field").asString()).as(c.query()).isEqualTo(c.pointer());
        }
    }

    @Test
    void theEmbeddingCacheHitRatioIsVisibleAndRepeatedQueriesHit() {
        String question = q("is it 'informations' or 'information'? " + System.nanoTime());
        JsonNode before = http.get("/v1/retrieval/stats").json().get("embedding_cache");
        http.get("/v1/rules?q=" + question);
        http.get("/v1/rules?q=" + question);
        JsonNode stats = http.get("/v1/retrieval/stats").json();
        JsonNode after = stats.get("embedding_cache");
        assertThat(stats.get("cards").asInt()).isGreaterThanOrEqualTo(120);
        assertThat(stats.get("top_k").asInt()).isEqualTo(5);
        assertThat(after.get("misses").asLong()).isGreaterThanOrEqualTo(before.get("misses").asLong() + 1);
        assertThat(after.get("hits").asLong()).isGreaterThanOrEqualTo(before.get("hits").asLong() + 1);
        long hits = after.get("hits").asLong();
        long misses = after.get("misses").asLong();
        assertThat(after.get("hit_ratio").asDouble()).isCloseTo((double) hits / (hits + misses), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void degradationGivesFewerCardsThenNoRetrieval() throws Exception {
        // two words: the random model's noise may drop one (DroppedWords), so its rewrite stands
        String sentence = "She go";
        Correction full = correct(sentence, Degradation.NONE);
        Correction fewer = correct(sentence, new Degradation(Set.of(Degradation.Step.FEWER_CARDS)));
        Correction none = correct(sentence, new Degradation(Set.of(Degradation.Step.NO_RETRIEVAL)));
        assertThat(full.edits()).isNotEmpty();
        assertThat(full.edits()).allSatisfy(x -> assertThat(x.seeAlso()).hasSize(4));
        // the same best card: fewer cards gives up the list to read next, not the explanation
        assertThat(fewer.edits().stream().map(ExplainedEdit::ruleId).toList()).isEqualTo(full.edits().stream().map(ExplainedEdit::ruleId).toList());
        assertThat(fewer.edits()).allSatisfy(x -> assertThat(x.seeAlso()).isEmpty());
        assertThat(none.edits()).allSatisfy(x -> {
            assertThat(x.ruleId()).isNull();
            assertThat(x.edit().explanation()).isEqualTo(Explanations.of(x.edit().type()));
        });
        assertThat(none.usage().degraded()).containsExactly("no_retrieval");
    }

    private Correction correct(String sentence, Degradation d) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Generation g = server.tutor.correct("t", sentence, 16, deadline, SamplingParams.greedy(), d);
        Completion c = g.await(deadline);
        return server.tutor.correction(g, c);
    }

    @Test
    void topKIsConfigurable() {
        try (TestServers.Running three = TestServers.start(Map.of("retrieval-top-k", "3", "rate-limit-per-minute", "0"))) {
            // two words: the random model's noise may drop one (DroppedWords), so its rewrite stands
            JsonNode a = three.http.postJson("/v1/grammar/correct", "{\"sentence\": \"We waited\", \"max_tokens\": 12}").json();
            List<Integer> seeAlso = new ArrayList<>();
            for (JsonNode e : a.get("edits")) seeAlso.add(e.get("see_also").size());
            assertThat(seeAlso).as("the random test model rewrites the sentence: %s", a).isNotEmpty().containsOnly(2);
            assertThat(three.http.get("/v1/rules?q=" + q("a or an")).json().get("rules")).hasSize(3);
        }
    }
}
