package dev.quill.train.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class SplitTest {

    @Property(tries = 500)
    void caseAndSpacingDoNotMoveASentenceToAnotherSplit(@ForAll @AlphaChars @StringLength(min = 1, max = 30) String a,
            @ForAll @AlphaChars @StringLength(min = 1, max = 30) String b) {
        String sentence = a + " " + b + ".";
        assertThat(Split.of(sentence.toUpperCase(Locale.ROOT) + " ")).isEqualTo(Split.of(sentence));
        assertThat(Split.of(a + "   " + b + ".")).isEqualTo(Split.of(sentence));
    }

    @Test
    void splitsHaveTheirShares() {
        Map<Split, Integer> counts = new EnumMap<>(Split.class);
        for (int i = 0; i < 40_000; i++) counts.merge(Split.of("Sentence number " + i + "."), 1, Integer::sum);
        assertThat(counts.get(Split.TRAIN)).isBetween(37_600, 38_400);
        assertThat(counts.get(Split.DEV)).isBetween(700, 900);
        assertThat(counts.get(Split.TEST)).isBetween(700, 900);
        assertThat(counts.get(Split.CLEAN_TEST)).isBetween(320, 480);
    }
}
