package dev.quill.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quill.grammar.Morphology;
import java.util.List;
import org.junit.jupiter.api.Test;

class SentenceFilterTest {

    private static final Vocabulary VOCABULARY = Vocabulary.of(List.of("she", "goes", "to", "school", "every", "day",
            "the", "respective", "club", "members", "cafe", "is", "open", "it's", "raining", "again", "today", "this", "shit",
            "promised", "abolish", "forced", "labor", "a", "he", "walks", "walk", "home", "seems", "seem", "happy", "they", "well-known", "don't"));
    private static final SentenceFilter STRICT = new SentenceFilter(VOCABULARY, ProfanityList.standard(),
            Morphology.english(), SentenceFilter.Mode.STRICT);
    private static final SentenceFilter LOOSE = new SentenceFilter(VOCABULARY, ProfanityList.standard(),
            Morphology.english(), SentenceFilter.Mode.LOOSE);

    @Test
    void keepsAnEverydaySentence() {
        assertThat(STRICT.check("She goes to school every day.")).isEqualTo(SentenceFilter.Verdict.KEEP);
        assertThat(STRICT.check("It's raining again today!")).isEqualTo(SentenceFilter.Verdict.KEEP);
    }

    @Test
    void theWordLimitCanBeWidened() {
        String words25 = "She walks to school every day and he walks home, and they seem happy, and it's open, and the club members walk home again today.";
        var vocabulary = Vocabulary.of(java.util.Arrays.stream(words25.toLowerCase(java.util.Locale.ROOT).split("[^a-z']+"))
                .filter(w -> !w.isEmpty()).toList());
        var standard = new SentenceFilter(vocabulary, ProfanityList.standard(), Morphology.english(), SentenceFilter.Mode.STRICT);
        var wide = new SentenceFilter(vocabulary, ProfanityList.standard(), Morphology.english(), SentenceFilter.Mode.STRICT, 30);
        assertThat(standard.check(words25)).isEqualTo(SentenceFilter.Verdict.LENGTH);
        assertThat(wide.check(words25)).isEqualTo(SentenceFilter.Verdict.KEEP);
        assertThatThrownBy(() -> new SentenceFilter(vocabulary, ProfanityList.standard(), Morphology.english(),
                SentenceFilter.Mode.STRICT, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsByShapeLengthAndCharacters() {
        assertThat(STRICT.check("she goes to school every day.")).isEqualTo(SentenceFilter.Verdict.SHAPE);
        assertThat(STRICT.check("She goes to school every day")).isEqualTo(SentenceFilter.Verdict.SHAPE);
        assertThat(STRICT.check("She goes to school. Every day.")).isEqualTo(SentenceFilter.Verdict.SHAPE);
        assertThat(STRICT.check("She goes (every day) to school.")).isEqualTo(SentenceFilter.Verdict.SHAPE);
        assertThat(STRICT.check("She goes home.")).isEqualTo(SentenceFilter.Verdict.LENGTH);
        assertThat(STRICT.check("The caf\u00e9 is open every day.")).isEqualTo(SentenceFilter.Verdict.NOT_ASCII);
    }

    @Test
    void strictAllowsNoRareWordAndLooseOne() {
        assertThat(STRICT.check("She goes to school every Tuesday.")).isEqualTo(SentenceFilter.Verdict.RARE_WORDS);
        assertThat(LOOSE.check("She goes to school every Tuesday.")).isEqualTo(SentenceFilter.Verdict.KEEP);
        assertThat(LOOSE.check("She goes to gymnasium every Tuesday.")).isEqualTo(SentenceFilter.Verdict.RARE_WORDS);
    }

    @Test
    void rejectsFragmentsWithoutAFiniteVerb() {
        assertThat(STRICT.check("The respective club members.")).isEqualTo(SentenceFilter.Verdict.NO_VERB);
        assertThat(STRICT.check("Promised to abolish forced labor.")).isEqualTo(SentenceFilter.Verdict.NO_VERB);
    }

    @Test
    void rejectsAPronounWithTheWrongVerbForm() {
        assertThat(STRICT.check("He seems happy every day.")).isEqualTo(SentenceFilter.Verdict.KEEP);
        assertThat(STRICT.check("He seem happy every day.")).isEqualTo(SentenceFilter.Verdict.AGREEMENT);
        assertThat(STRICT.check("They seems happy every day.")).isEqualTo(SentenceFilter.Verdict.AGREEMENT);
        // "walk" is also a noun, so the cheap check leaves it alone.
        assertThat(STRICT.check("He walk home every day.")).isEqualTo(SentenceFilter.Verdict.KEEP);
    }

    @Test
    void rejectsProfanity() {
        assertThat(STRICT.check("This is shit every day.")).isEqualTo(SentenceFilter.Verdict.PROFANITY);
        assertThat(ProfanityList.standard().matches("He said fuck off to them.")).isTrue();
        assertThat(ProfanityList.standard().matches("We passed Scunthorpe.")).isFalse();
    }

    @Test
    void vocabularyKnowsPossessivesHyphensAndNumbers() {
        assertThat(VOCABULARY.contains("School's")).isTrue();
        assertThat(VOCABULARY.contains("well-known")).isTrue();
        assertThat(VOCABULARY.contains("club-members")).isTrue();
        assertThat(VOCABULARY.contains("1961")).isTrue();
        assertThat(VOCABULARY.contains("gymnasium")).isFalse();
    }

    @Test
    void cleaningNormalisesQuotesAndSpaces() {
        assertThat(Text.clean("  It\u2019s \u201cfine\u201d,\u00a0really.\t")).isEqualTo("It's \"fine\", really.");
        assertThat(Text.key("She  Goes  HOME.")).isEqualTo("she goes home.");
    }
}
