package dev.quill.train.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class PtbTokenizerTest {

    @Test
    void splitsCliticsAndEdgePunctuationLikeJfleg() {
        assertThat(PtbTokenizer.tokenizeLine("I don't think it's wrong, can't you see?"))
                .isEqualTo("I do n't think it 's wrong , ca n't you see ?");
        assertThat(PtbTokenizer.tokenizeLine("We've said \"Yes.\" (twice) and we won't; they're sure I'd go."))
                .isEqualTo("We 've said \" Yes. \" ( twice ) and we wo n't ; they 're sure I 'd go .");
        assertThat(PtbTokenizer.tokenizeLine("It cannot be the students' fault, nor his/her self-confidence."))
                .isEqualTo("It cannot be the students ' fault , nor his/her self-confidence .");
    }

    @Test
    void onlyTheFinalPeriodIsSplitAndNumbersAreSplitIntoDigits() {
        assertThat(PtbTokenizer.tokenizeLine("Mr. Brown came in 2006, etc. Then he left."))
                .isEqualTo("Mr. Brown came in 2 0 0 6 , etc. Then he left .");
        assertThat(PtbTokenizer.tokenizeLine("the 1st time...")).isEqualTo("the 1st time ...");
    }

    @Test
    void detokenizingAttachesPunctuationCliticsQuotesAndDigits() {
        assertThat(PtbTokenizer.detokenizeLine("Or , \" Is this the right thing to do ? \" "))
                .isEqualTo("Or, \"Is this the right thing to do?\"");
        assertThat(PtbTokenizer.detokenizeLine("you do n't know , ca n't you see it 's 5 0 years ' time ( really ) ."))
                .isEqualTo("you don't know, can't you see it's 50 years' time (really).");
    }

    @Test
    void tokenizingTheDetokenizedLineGivesItBack() {
        for (String line : List.of(
                "So I think we can not live if old people could not find siences and tecnologies .",
                "Or , \" Is this the right thing to do ? \"",
                "I was very fast , my best time was 5 5 seconds in 4 0 0 meters .",
                "Furthermore , they already know the dos and don'ts of the tour .")) {
            assertThat(PtbTokenizer.tokenizeLine(PtbTokenizer.detokenizeLine(line))).isEqualTo(line);
        }
    }

    /** Most JFLEG reference lines survive detokenizing and re-tokenizing; the rest are the data's own inconsistencies. */
    @Test
    void jflegReferencesMostlyRoundTrip() throws IOException {
        assumeTrue(JflegFiles.present(), "JFLEG dev set not found");
        int lines = 0;
        int same = 0;
        for (int r = 0; r < 4; r++) {
            for (String line : Files.readAllLines(JflegFiles.dev().resolve("dev.ref" + r))) {
                lines++;
                if (PtbTokenizer.tokenizeLine(PtbTokenizer.detokenizeLine(line)).equals(line.strip())) same++;
            }
        }
        double share = (double) same / lines;
        System.out.printf("JFLEG dev references: %d of %d lines (%.1f%%) round-trip through detokenize + tokenize%n",
                same, lines, 100 * share);
        assertThat(share).isGreaterThan(0.95);
    }
}
