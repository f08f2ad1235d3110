package dev.quill.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The spelling pass through HTTP. With a margin no proposal of the random test model can reach,
 * the guard turns every proposal down, so the answer is exactly what the model was given: the
 * sentence after the spelling pass (on by default), with its fixes as SPELL edits of the
 * learner's sentence; with the pass off, the sentence itself.
 */
class SpellingEndpointTest {
    private static final String SENTENCE = "She is intwerested in siences";

    @Test
    void sureMisspellingsAreFixedBeforeTheModelAndReportedAsSpellingEdits() {
        JsonNode on;
        JsonNode off;
        try (TestServers.Running spelling = TestServers.start(Map.of("min-gain", "1000000", "max-output-tokens", "12"));
                TestServers.Running plain = TestServers.start(Map.of("min-gain", "1000000", "max-output-tokens", "12",
                        "spelling", "false"))) {
            on = spelling.http.postJson("/v1/grammar/correct", "{\"sentence\": \"" + SENTENCE + "\"}").json();
            off = plain.http.postJson("/v1/grammar/correct", "{\"sentence\": \"" + SENTENCE + "\"}").json();
        }
        assertThat(on.get("sentence").asString()).isEqualTo(SENTENCE);
        assertThat(on.get("corrected").asString()).isEqualTo("She is interested in sciences");
        assertThat(on.get("changed").asBoolean()).isTrue();
        assertThat(on.get("guard").get("kept").asBoolean()).isFalse();
        List<String> edits = new ArrayList<>();
        for (JsonNode e : on.get("edits")) {
            assertThat(SENTENCE.substring(e.get("start").asInt(), e.get("end").asInt())).isEqualTo(e.get("from").asString());
            edits.add(e.get("from").asString() + " -> " + e.get("to").asString() + " " + e.get("type").asString());
        }
        assertThat(edits).containsExactly("intwerested -> interested SPELL", "siences -> sciences SPELL");

        assertThat(off.get("corrected").asString()).isEqualTo(SENTENCE);
        assertThat(off.get("changed").asBoolean()).isFalse();
        assertThat(off.get("edits")).isEmpty();
    }
}
