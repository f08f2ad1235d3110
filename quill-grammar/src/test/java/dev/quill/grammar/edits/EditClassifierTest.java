package dev.quill.grammar.edits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quill.grammar.Morphology;
import org.junit.jupiter.api.Test;

class EditClassifierTest {
    private final EditClassifier classifier = new EditClassifier(Morphology.english());

    private ErrorType type(String from, String to) {
        return classifier.classify(from, to, "", "");
    }

    @Test
    void agreementIsBetweenThirdPersonSingularAndPluralPresent() {
        assertThat(type("go", "goes")).isEqualTo(ErrorType.SVA);
        assertThat(type("have", "has")).isEqualTo(ErrorType.SVA);
        assertThat(type("are", "is")).isEqualTo(ErrorType.SVA);
        assertThat(type("was", "were")).isEqualTo(ErrorType.SVA);
        assertThat(type("doesn't", "don't")).isEqualTo(ErrorType.SVA);
    }

    @Test
    void afterAModalToOrDoTheBaseFormIsVerbFormNotAgreement() {
        assertThat(classifier.classify("goes", "go", "can", "")).isEqualTo(ErrorType.VERB_FORM);
        assertThat(classifier.classify("goes", "go", "n't", "")).isEqualTo(ErrorType.VERB_FORM);
        assertThat(classifier.classify("goes", "go", "to", "")).isEqualTo(ErrorType.VERB_FORM);
        assertThat(classifier.classify("go", "goes", "She", "")).isEqualTo(ErrorType.SVA);
    }

    @Test
    void otherChangesOfTheSameVerbAreVerbForm() {
        assertThat(type("go", "went")).isEqualTo(ErrorType.VERB_FORM);
        assertThat(type("goed", "went")).isEqualTo(ErrorType.VERB_FORM);
        assertThat(type("writed", "wrote")).isEqualTo(ErrorType.VERB_FORM);
        assertThat(type("going", "goes")).isEqualTo(ErrorType.VERB_FORM);
        assertThat(type("eat", "eaten")).isEqualTo(ErrorType.VERB_FORM);
        assertThat(type("go", "has gone")).isEqualTo(ErrorType.VERB_FORM);
        assertThat(classifier.classify("", "is", "She", "going")).isEqualTo(ErrorType.VERB_FORM);
    }

    @Test
    void nounNumberIncludesUncountables() {
        assertThat(type("days", "day")).isEqualTo(ErrorType.NOUN_NUM);
        assertThat(type("child", "children")).isEqualTo(ErrorType.NOUN_NUM);
        assertThat(type("informations", "information")).isEqualTo(ErrorType.NOUN_NUM);
        assertThat(type("advices", "advice")).isEqualTo(ErrorType.NOUN_NUM);
        assertThat(type("childs", "children")).isEqualTo(ErrorType.NOUN_NUM);
    }

    @Test
    void aWordThatIsBothNounAndVerbIsReadFromTheWordBeforeIt() {
        assertThat(classifier.classify("book", "books", "two", "")).isEqualTo(ErrorType.NOUN_NUM);
        assertThat(classifier.classify("works", "work", "the", "")).isEqualTo(ErrorType.NOUN_NUM);
        assertThat(classifier.classify("work", "works", "He", "")).isEqualTo(ErrorType.SVA);
        assertThat(classifier.classify("school", "schools", "to", "")).isEqualTo(ErrorType.NOUN_NUM);
        assertThat(classifier.classify("goes", "go", "to", "")).isEqualTo(ErrorType.VERB_FORM);
    }

    @Test
    void determinersAndPrepositions() {
        assertThat(type("a", "an")).isEqualTo(ErrorType.DET);
        assertThat(type("this", "these")).isEqualTo(ErrorType.DET);
        assertThat(type("", "the")).isEqualTo(ErrorType.DET);
        assertThat(type("the", "")).isEqualTo(ErrorType.DET);
        assertThat(type("in", "on")).isEqualTo(ErrorType.PREP);
        assertThat(type("", "to")).isEqualTo(ErrorType.PREP);
        assertThat(type("about", "")).isEqualTo(ErrorType.PREP);
    }

    @Test
    void spellingCoversMisspellingsSoundAlikesAndSplitWords() {
        assertThat(type("recieve", "receive")).isEqualTo(ErrorType.SPELL);
        assertThat(type("there", "their")).isEqualTo(ErrorType.SPELL);
        assertThat(type("your", "you're")).isEqualTo(ErrorType.SPELL);
        assertThat(type("to", "too")).isEqualTo(ErrorType.SPELL);
        assertThat(type("form", "from")).isEqualTo(ErrorType.SPELL);
        assertThat(type("every day", "everyday")).isEqualTo(ErrorType.SPELL);
        // a contraction's apostrophe put in (the tokenizer reads "don't" as "do n't"; this was OTHER)
        assertThat(type("dont", "don't")).isEqualTo(ErrorType.SPELL);
        assertThat(type("Im", "I'm")).isEqualTo(ErrorType.SPELL);
        assertThat(type("youre", "you’re")).isEqualTo(ErrorType.SPELL);
        assertThat(type("didnt", "didn't")).isEqualTo(ErrorType.SPELL);
        // a text-message shorthand written out
        assertThat(type("u", "you")).isEqualTo(ErrorType.SPELL);
        assertThat(type("thx", "Thanks")).isEqualTo(ErrorType.SPELL);
        // not a contraction: a possessive, or other letters besides the apostrophe
        assertThat(classifier.classify("dont", "doesn't", "friend", "like")).isEqualTo(ErrorType.SVA);
        assertThat(classifier.classify("didnt", "don't", "I", "like")).isEqualTo(ErrorType.VERB_FORM);
        assertThat(type("Johns", "John's")).isNotEqualTo(ErrorType.SPELL);
    }

    @Test
    void punctuationCaseAndSpacing() {
        assertThat(type("", ".")).isEqualTo(ErrorType.PUNCT);
        assertThat(type(",", ";")).isEqualTo(ErrorType.PUNCT);
        assertThat(type("monday", "Monday")).isEqualTo(ErrorType.PUNCT);
        assertThat(type(" ", "")).isEqualTo(ErrorType.PUNCT);
        assertThat(type("day .", "day.")).isEqualTo(ErrorType.PUNCT);
    }

    @Test
    void missingUnnecessaryWordOrderAndOther() {
        assertThat(type("", "very")).isEqualTo(ErrorType.MISSING);
        assertThat(type("really", "")).isEqualTo(ErrorType.UNNECESSARY);
        assertThat(type("you are", "are you")).isEqualTo(ErrorType.WORD_ORDER);
        assertThat(type("he", "she")).isEqualTo(ErrorType.OTHER);
        assertThat(type("a lot of", "many")).isEqualTo(ErrorType.OTHER);
    }

    @Test
    void everyTypeHasAnExplanationNamingTheWords() {
        Explainer explainer = Explainer.templates();
        for (ErrorType t : ErrorType.values()) {
            assertThat(explainer.explain(t, "go", "goes")).as(t.name()).contains("go").endsWith(".");
            if (t != ErrorType.UNNECESSARY) {
                assertThat(explainer.explain(t, "", "goes")).as(t.name()).contains("goes").endsWith(".");
            }
        }
        assertThat(explainer.explain(ErrorType.SVA, "go", "goes")).isEqualTo("'go' should agree with its subject: 'goes'.");
        assertThat(explainer.explain(ErrorType.NOUN_NUM, "days", "day")).contains("singular");
        assertThat(explainer.explain(ErrorType.NOUN_NUM, "book", "books")).contains("plural");
        assertThat(explainer.explain(ErrorType.PUNCT, "", "")).isEqualTo("Fix the spacing here.");
        assertThat(explainer.explain(ErrorType.PUNCT, "the", "The")).contains("capital");
        assertThat(explainer.explain(ErrorType.UNNECESSARY, "very", "")).contains("'very'");
    }
}
