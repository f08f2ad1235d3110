package dev.quill.train.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.quill.grammar.edits.EditExtractor;
import dev.quill.grammar.edits.ErrorType;
import org.junit.jupiter.api.Test;

class EditScorerTest {
    private static final EditExtractor EXTRACTOR = EditExtractor.english();

    @Test
    void countsCorrectMissedAndSpuriousEditsByType() {
        EditScorer scorer = new EditScorer(EXTRACTOR);
        // gold: go -> goes (SVA), days -> day (NOUN_NUM), + "." (PUNCT); the system fixes the verb,
        // misses the noun and the full stop, and wrongly changes "school"
        scorer.add("She go to school every days", "She goes to schools every days", "She goes to school every day.");
        assertThat(scorer.byType()).containsEntry(ErrorType.SVA, new EditCounts(1, 0, 0))
                .containsEntry(ErrorType.NOUN_NUM, new EditCounts(0, 1, 1))
                .containsEntry(ErrorType.PUNCT, new EditCounts(0, 0, 1));
        EditCounts all = scorer.overall();
        assertThat(all).isEqualTo(new EditCounts(1, 1, 2));
        assertThat(all.precision()).isEqualTo(0.5);
        assertThat(all.recall()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(all.f05()).isCloseTo(1.25 * 0.5 * (1.0 / 3) / (0.25 * 0.5 + 1.0 / 3), within(1e-12));
    }

    @Test
    void theSameWordRemovedWithTheSpaceOnEitherSideIsOneEdit() {
        // alone, "very" takes the space after it; next to a changed word the extractor may lay it out differently
        EditScorer scorer = new EditScorer(EXTRACTOR);
        scorer.add("I very like it", "I like it", "I like it");
        scorer.add("She goes school", "She goes to school", "She goes to school");
        assertThat(scorer.overall()).isEqualTo(new EditCounts(2, 0, 0));
    }

    @Test
    void errantConventionsForEmptyCounts() {
        EditCounts nothing = EditCounts.ZERO;
        assertThat(nothing.precision()).isEqualTo(1.0);
        assertThat(nothing.recall()).isEqualTo(1.0);
        EditCounts missedAll = new EditCounts(0, 0, 3);
        assertThat(missedAll.precision()).isEqualTo(1.0);
        assertThat(missedAll.recall()).isZero();
        assertThat(missedAll.f05()).isZero();
    }

    @Test
    void exactMatchIgnoresWhitespaceOnly() {
        ExactMatch m = new ExactMatch();
        m.add(" She goes  home. ", "She goes home.");
        m.add("She goes home", "She goes home.");
        assertThat(m.matched()).isEqualTo(1);
        assertThat(m.rate()).isEqualTo(0.5);
    }
}
