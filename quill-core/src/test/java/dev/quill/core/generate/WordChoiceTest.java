package dev.quill.core.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quill.core.engine.EngineRequest;
import dev.quill.core.engine.TokenListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model's choice among a speller's options, on a random tutor-shaped model and a real engine. */
class WordChoiceTest {
    private static final String ANSWER = "I want wich one and thier car";
    /** "wich" at 7..11, "thier" at 20..25. */
    private static final List<WordChoice.Slot> SLOTS = List.of(new WordChoice.Slot(7, 11, List.of("with", "which", "witch")),
            new WordChoice.Slot(20, 25, List.of("their")));

    @Test
    void eachPlaceGetsTheOptionTheModelFindsMostLikely(@TempDir Path dir) throws Exception {
        try (MinimumGainTest.TinyTutor t = MinimumGainTest.TinyTutor.write(dir)) {
            int[] prompt = TutorPrompt.prompt(t.tokenizer(), ANSWER);
            // the same scores, asked for one by one: the choice is their argmax, the single option goes in as it is
            String best = null;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (String option : List.of("with", "which", "witch")) {
                String text = "I want " + option + " one and their car";
                int[] tokens = TutorPrompt.example(t.tokenizer(), prompt, text);
                double score = t.engine().submit(EngineRequest.score(tokens, prompt.length, Long.MAX_VALUE), TokenListener.NONE)
                        .completion().get(30, TimeUnit.SECONDS).promptLogprobSum();
                if (score > bestScore) {
                    bestScore = score;
                    best = text;
                }
            }
            // whichever option comes first (in two of the three orders, not the best one)
            List<String> options = List.of("with", "which", "witch");
            for (int first = 0; first < options.size(); first++) {
                List<String> rotated = new ArrayList<>(options.subList(first, 3));
                rotated.addAll(options.subList(0, first));
                List<WordChoice.Slot> slots = List.of(new WordChoice.Slot(7, 11, rotated), SLOTS.get(1));
                WordChoice.Chosen chosen = WordChoice.choose(t.engine(), t.tokenizer(), prompt, ANSWER, slots, Long.MAX_VALUE)
                        .get(30, TimeUnit.SECONDS);
                assertThat(chosen.answer()).as("options %s", rotated).isEqualTo(best);
                assertThat(chosen.words()).hasSize(2).endsWith("their");
                assertThat(best).contains(" " + chosen.words().getFirst() + " ");
                // one scoring of the first options, one for each other option of the first place
                assertThat(chosen.scorings()).hasSize(3).allSatisfy(c -> assertThat(c.promptLogprobs()).isNotEmpty());
            }
        }
    }

    @Test
    void singleOptionsNeedNoScoringAndAPassedDeadlineKeepsTheFirstOptions(@TempDir Path dir) throws Exception {
        try (MinimumGainTest.TinyTutor t = MinimumGainTest.TinyTutor.write(dir)) {
            int[] prompt = TutorPrompt.prompt(t.tokenizer(), ANSWER);
            WordChoice.Chosen single = WordChoice.choose(t.engine(), t.tokenizer(), prompt, ANSWER, SLOTS.subList(1, 2), Long.MAX_VALUE)
                    .get(30, TimeUnit.SECONDS);
            assertThat(single).isEqualTo(new WordChoice.Chosen("I want wich one and their car", List.of("their"), List.of()));
            long passed = System.nanoTime() - 1;
            WordChoice.Chosen late = WordChoice.choose(t.engine(), t.tokenizer(), prompt, ANSWER, SLOTS, passed).get(30, TimeUnit.SECONDS);
            assertThat(late.answer()).isEqualTo(WordChoice.firstOptions(ANSWER, SLOTS)).isEqualTo("I want with one and their car");
            assertThat(late.words()).containsExactly("with", "their");
        }
    }

    @Test
    void slotsMustBeInOrderAndInsideTheAnswer() {
        assertThatThrownBy(() -> new WordChoice.Slot(3, 5, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WordChoice.firstOptions(ANSWER, List.of(SLOTS.get(1), SLOTS.get(0))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WordChoice.firstOptions("short", SLOTS)).isInstanceOf(IllegalArgumentException.class);
    }
}
