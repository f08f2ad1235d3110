package dev.quill.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quill.grammar.Spelling;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The spelling passes through HTTP. With a margin no proposal of the random test model can reach,
 * the guard turns every proposal down, so the answer is what the model was given (the sentence
 * after the sure fixes of the first pass) with the words still misspelled replaced by one of the
 * speller's options, the model choosing (the pass after the model), all as SPELL edits of the
 * learner's sentence; with the passes off (both are on by default), the sentence itself.
 */
class SpellingEndpointTest {
    /** Two misspellings with one clear candidate each (first pass), one with close candidates (the model's choice). */
    private static final String SENTENCE = "She is intwerested in siences and the idean";

    @Test
    void misspellingsAreFixedAroundTheModelAndReportedAsSpellingEdits() {
        JsonNode on;
        JsonNode off;
        try (TestServers.Running spelling = TestServers.start(Map.of("min-gain", "1000000", "max-output-tokens", "12"));
                TestServers.Running plain = TestServers.start(Map.of("min-gain", "1000000", "max-output-tokens", "12",
                        "spelling", "false"))) {
            on = spelling.http.postJson("/v1/grammar/correct", "{\"sentence\": \"" + SENTENCE + "\"}").json();
            off = plain.http.postJson("/v1/grammar/correct", "{\"sentence\": \"" + SENTENCE + "\"}").json();
        }
        List<String> options = Spelling.english().choices("She is interested in sciences and the idean").getFirst().options();
        assertThat(options).as("the speller's options for idean").hasSizeGreaterThan(1).contains("idea");
        assertThat(on.get("sentence").asString()).isEqualTo(SENTENCE);
        String corrected = on.get("corrected").asString();
        assertThat(corrected).startsWith("She is interested in sciences and the ");
        String chosen = corrected.substring("She is interested in sciences and the ".length());
        assertThat(options).contains(chosen);
        assertThat(on.get("changed").asBoolean()).isTrue();
        assertThat(on.get("guard").get("kept").asBoolean()).isFalse();
        // the proposal is the model's reading of the sentence after the first pass only
        assertThat(on.get("guard").get("proposal").asString()).isNotEqualTo(corrected);
        List<String> edits = new ArrayList<>();
        for (JsonNode e : on.get("edits")) {
            assertThat(SENTENCE.substring(e.get("start").asInt(), e.get("end").asInt())).isEqualTo(e.get("from").asString());
            edits.add(e.get("from").asString() + " -> " + e.get("to").asString() + " " + e.get("type").asString()
                    + (e.get("guess").asBoolean() ? " (guess)" : ""));
        }
        // the sure fixes are plain edits; the word chosen after the model is marked a guess
        assertThat(edits).containsExactly("intwerested -> interested SPELL", "siences -> sciences SPELL",
                "idean -> " + chosen + " SPELL (guess)");

        assertThat(off.get("corrected").asString()).isEqualTo(SENTENCE);
        assertThat(off.get("changed").asBoolean()).isFalse();
        assertThat(off.get("edits")).isEmpty();
    }
}
