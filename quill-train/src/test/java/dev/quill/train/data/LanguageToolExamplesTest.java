package dev.quill.train.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LanguageToolExamplesTest {

    private static List<LanguageToolExamples.ErrorExample> errors = new ArrayList<>();
    private static List<LanguageToolExamples.CorrectExample> correct = new ArrayList<>();

    static {
        try (InputStream in = LanguageToolExamplesTest.class.getResourceAsStream("/data/rules-fixture.xml")) {
            LanguageToolExamples.read(in, errors, correct);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anErrorExampleBecomesAPairWithTheFirstCorrection() {
        assertThat(errors).containsExactly(
                new LanguageToolExamples.ErrorExample("HE_VERB_AGR", "GRAMMAR", "She go to school every day.",
                        "She goes to school every day."),
                new LanguageToolExamples.ErrorExample("HE_VERB_AGR", "GRAMMAR", "He have a dog.", "He has a dog."),
                new LanguageToolExamples.ErrorExample("A_INFORMATION", "GRAMMAR", "I need an information about the trip.",
                        "I need some information about the trip."),
                new LanguageToolExamples.ErrorExample("DOUBLE_SPACE", "TYPOGRAPHY", "It is a b here.", "It is a b here."));
    }

    @Test
    void plainExamplesAreCorrectSentencesAndFalseAlarmsAreSkipped() {
        assertThat(correct).containsExactly(
                new LanguageToolExamples.CorrectExample("HE_VERB_AGR", "GRAMMAR", "She goes to school every day."),
                new LanguageToolExamples.CorrectExample("HE_VERB_AGR_2", "GRAMMAR", "It works across lines."));
    }

    @Test
    void pairsAreKeptByCategoryAndHeldOutByRule() {
        var split = LanguageToolPairs.split(errors, ProfanityList.standard(), Fixtures.LEXICON);
        List<TrainingPair> all = new ArrayList<>(split.train());
        all.addAll(split.test());
        // TYPOGRAPHY is not kept, and its example is no change anyway.
        assertThat(all).extracting(TrainingPair::origin).containsOnly("lt:HE_VERB_AGR", "lt:A_INFORMATION");
        assertThat(all).hasSize(3);
        for (TrainingPair p : split.train()) assertThat(LanguageToolPairs.isHeldOut(p.origin().substring(3))).isFalse();
        for (TrainingPair p : split.test()) assertThat(LanguageToolPairs.isHeldOut(p.origin().substring(3))).isTrue();
        TrainingPair sva = all.stream().filter(p -> p.source().startsWith("She go ")).findFirst().orElseThrow();
        assertThat(sva.labels()).containsExactly("SVA:lt-grammar");
    }

    @Test
    void aboutOneRuleInSevenIsHeldOut() {
        var real = LanguageToolExamples.readResources(LanguageToolExamples.GRAMMAR_FILES);
        var rules = real.errors().stream().map(LanguageToolExamples.ErrorExample::ruleId).distinct().toList();
        long heldOut = rules.stream().filter(LanguageToolPairs::isHeldOut).count();
        assertThat(rules.size()).isGreaterThan(1500);
        assertThat((double) heldOut / rules.size()).isBetween(0.12, 0.18);
    }
}
