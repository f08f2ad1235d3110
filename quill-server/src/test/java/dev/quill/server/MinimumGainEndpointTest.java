package dev.quill.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The guard against needless changes through HTTP: a margin the random test model's proposals can
 * never reach answers with the sentence unchanged and no edits; one every proposal reaches answers
 * with the proposal. The sentence's score comes with the generation when it speculated with the
 * sentence as its draft (the default), else from a scoring request: the same answer either way.
 */
class MinimumGainEndpointTest {
    private static final String SENTENCE = "She go to school every days";

    @Test
    void anUnreachableMarginLeavesTheSentenceAloneAndAReachableOneKeepsTheProposal() {
        // 48 tokens of the random model's noise are longer than the sentence, so the guard
        // against dropped words lets it through; only the margin decides
        JsonNode[] answers = answers(Map.of("min-gain", "-1000000", "max-output-tokens", "48"),
                Map.of("min-gain", "1000000", "max-output-tokens", "12"));
        JsonNode kept = answers[0];
        JsonNode reverted = answers[1];
        // the random model's proposal is noise, never the sentence itself
        assertThat(kept.get("corrected").asString()).isNotEqualTo(SENTENCE);
        assertThat(kept.get("changed").asBoolean()).isTrue();
        assertThat(reverted.get("corrected").asString()).isEqualTo(SENTENCE);
        assertThat(reverted.get("changed").asBoolean()).isFalse();
        assertThat(reverted.get("edits")).isEmpty();
        assertThat(reverted.get("usage").get("output_tokens").asInt()).isPositive();
        // the check is reported either way; the proposal the guard refused is kept for the learner to see
        JsonNode refused = reverted.get("guard");
        assertThat(refused.get("kept").asBoolean()).isFalse();
        assertThat(refused.get("min_gain").asDouble()).isEqualTo(1_000_000.0);
        assertThat(refused.get("gain").asDouble()).isLessThan(1_000_000.0);
        assertThat(refused.get("proposal").asString()).isNotEqualTo(SENTENCE).isNotBlank();
        JsonNode allowed = kept.get("guard");
        assertThat(allowed.get("kept").asBoolean()).isTrue();
        assertThat(allowed.get("dropped_words").asBoolean()).isFalse();
        assertThat(allowed.get("proposal").asString()).isEqualTo(kept.get("corrected").asString());
    }

    @Test
    void theEditCheckUndoesEveryEditAnUnreachableEditMarginAsksTooMuchOf() {
        // every proposal stands as a whole; then each of its edits must add 1e6 (none does) or -1e6 (all do)
        JsonNode[] answers = answers(Map.of("min-gain", "-1000000:1000000", "max-output-tokens", "48"),
                Map.of("min-gain", "-1000000:-1000000", "max-output-tokens", "48"));
        JsonNode undone = answers[0];
        JsonNode whole = answers[1];
        JsonNode check = undone.get("guard");
        assertThat(check.get("kept").asBoolean()).isTrue();
        assertThat(check.get("edit_min_gain").asDouble()).isEqualTo(1_000_000.0);
        assertThat(check.get("proposal").asString()).isNotEqualTo(SENTENCE);
        // the random model's 48 tokens of noise differ from the sentence in more than one place
        assertThat(check.get("edits_undone").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(undone.get("corrected").asString()).isEqualTo(SENTENCE);
        assertThat(undone.get("edits")).isEmpty();
        // the same proposal (greedy decoding of the same model) stands whole when every edit passes
        JsonNode kept = whole.get("guard");
        assertThat(kept.get("proposal").asString()).isEqualTo(check.get("proposal").asString());
        assertThat(kept.get("edits_undone").asInt()).isZero();
        assertThat(whole.get("corrected").asString()).isEqualTo(kept.get("proposal").asString());
        assertThat(whole.get("edits").size()).isEqualTo(check.get("edits_undone").asInt());
    }

    /**
     * The answers to {@link #SENTENCE} of two servers started with these settings; after them
     * neither engine holds a KV block (the guard's scorings freed theirs).
     */
    private static JsonNode[] answers(Map<String, String> first, Map<String, String> second) {
        try (TestServers.Running a = TestServers.start(first); TestServers.Running b = TestServers.start(second)) {
            JsonNode[] out = {correct(a), correct(b)};
            assertThat(a.engine().snapshot().kvBlocksUsed()).as("the first server's requests freed their blocks").isZero();
            assertThat(b.engine().snapshot().kvBlocksUsed()).as("the second server's requests freed their blocks").isZero();
            return out;
        }
    }

    private static JsonNode correct(TestServers.Running server) {
        return server.http.postJson("/v1/grammar/correct", "{\"sentence\": \"" + SENTENCE + "\"}").json();
    }

    @Test
    void speculatingWithTheSentenceGivesTheSameAnswerAndGuardCheck() {
        JsonNode drafted;
        JsonNode plain;
        JsonNode draftedStats;
        JsonNode plainStats;
        Map<String, String> strict = Map.of("min-gain", "1000000", "max-output-tokens", "12");
        try (TestServers.Running on = TestServers.start(strict);
                TestServers.Running off = TestServers.start(Map.of("min-gain", "1000000", "max-output-tokens", "12",
                        "speculate", "false"))) {
            drafted = correct(on);
            plain = correct(off);
            draftedStats = on.http.get("/v1/stats").json().get("engine");
            plainStats = off.http.get("/v1/stats").json().get("engine");
            assertThat(on.engine().snapshot().kvBlocksUsed()).isZero();
        }
        assertThat(drafted.get("corrected").asString()).isEqualTo(plain.get("corrected").asString()).isEqualTo(SENTENCE);
        assertThat(drafted.get("guard").get("proposal").asString()).isEqualTo(plain.get("guard").get("proposal").asString());
        assertThat(drafted.get("guard").get("gain").asDouble())
                .isCloseTo(plain.get("guard").get("gain").asDouble(), org.assertj.core.api.Assertions.within(1e-3));
        assertThat(draftedStats.get("draft_tokens_total").asLong()).isPositive();
        assertThat(plainStats.get("draft_tokens_total").asLong()).isZero();
    }

    @Test
    void aProposalThatLeavesOutMostOfTheSentenceIsRefusedWhateverItsGain() {
        JsonNode a;
        // one output token is one word at most (the tokenizer splits words before merging), so the
        // proposal drops at least five of the sentence's six words
        try (TestServers.Running loose = TestServers.start(Map.of("min-gain", "-1000000", "max-output-tokens", "1"))) {
            a = correct(loose);
        }
        assertThat(a.get("corrected").asString()).isEqualTo(SENTENCE);
        assertThat(a.get("changed").asBoolean()).isFalse();
        assertThat(a.get("edits")).isEmpty();
        JsonNode check = a.get("guard");
        assertThat(check.get("kept").asBoolean()).isFalse();
        assertThat(check.get("dropped_words").asBoolean()).isTrue();
        assertThat(check.get("gain").asDouble()).isGreaterThan(-1_000_000.0);
    }

    @Test
    void withTheMarginOffARefusalForDroppedWordsIsStillExplained() {
        JsonNode a;
        try (TestServers.Running off = TestServers.start(Map.of("min-gain", "off", "max-output-tokens", "1"))) {
            a = correct(off);
        }
        assertThat(a.get("corrected").asString()).isEqualTo(SENTENCE);
        JsonNode check = a.get("guard");
        assertThat(check.get("kept").asBoolean()).isFalse();
        assertThat(check.get("dropped_words").asBoolean()).isTrue();
        assertThat(check.get("min_gain").isNull()).isTrue();
        assertThat(check.get("gain").isNull()).isTrue();
        assertThat(check.get("edit_min_gain").isNull()).isTrue();
        assertThat(check.get("edits_undone").asInt()).isZero();
        assertThat(check.get("proposal").asString()).isNotEqualTo(SENTENCE);
    }

    @Test
    void withoutAGuardNoCheckIsReported() {
        // the test model has no generation_config.json, so the shared server runs without a guard
        JsonNode a = correct(TestServers.shared());
        assertThat(a.get("guard").isNull()).isTrue();
    }

    @Test
    void aBadMarginStopsTheServerFromStarting() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestServers.start(Map.of("min-gain", "sometimes")))
                .hasStackTraceContaining("min-gain: expected off, model or a number");
    }
}
