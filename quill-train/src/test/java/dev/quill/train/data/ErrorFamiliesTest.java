package dev.quill.train.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quill.grammar.RegularInflection;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Each error family on sentences where its possible errors can be listed by hand: over many
 * seeds a family must produce exactly those (label, sentence) outcomes and nothing else.
 */
class ErrorFamiliesTest {

    private static final ErrorSynthesizer SYNTHESIZER = new ErrorSynthesizer(Fixtures.LEXICON);

    /** Every distinct "LABEL -> corrupted sentence" the family makes of {@code sentence} over 300 seeds. */
    static Set<String> outcomes(Class<? extends ErrorFamily> family, String sentence) {
        Set<String> out = new TreeSet<>();
        for (int seed = 0; seed < 300; seed++) {
            SYNTHESIZER.corruptWith(family, sentence, Fixtures.random(seed))
                    .ifPresent(c -> out.add(c.labels().getFirst() + " -> " + c.source()));
        }
        return out;
    }

    @Test
    void agreementDropsTheThirdPersonS() {
        assertThat(outcomes(AgreementErrors.class, "She goes to school.")).containsExactly(
                "SVA:singular-subject -> She go to school.");
        assertThat(outcomes(AgreementErrors.class, "They play in the garden.")).containsExactly(
                "SVA:plural-subject -> They plays in the garden.");
        assertThat(outcomes(AgreementErrors.class, "Does he like it?")).containsExactly(
                "SVA:question -> Do he like it?");
        assertThat(outcomes(AgreementErrors.class, "The dogs were hungry.")).containsExactly(
                "SVA:plural-subject -> The dogs was hungry.");
        assertThat(outcomes(AgreementErrors.class, "The dog barks at night.")).containsExactly(
                "SVA:singular-subject -> The dog bark at night.");
        // "ribbons" after "the metal" is a noun here, although the dictionary also has the verb "ribbon".
        assertThat(outcomes(AgreementErrors.class, "I like the metal ribbons that he wears.")).containsExactly(
                "SVA:plural-subject -> I likes the metal ribbons that he wears.",
                "SVA:singular-subject -> I like the metal ribbons that he wear.");
    }

    @Test
    void verbFormsComeFromTheDictionary() {
        assertThat(outcomes(VerbFormErrors.class, "Yesterday he went home.")).containsExactly(
                "VERB_FORM:overregularized -> Yesterday he goed home.",
                "VERB_FORM:participle-for-past -> Yesterday he gone home.",
                "VERB_FORM:tense -> Yesterday he goes home.");
        assertThat(outcomes(VerbFormErrors.class, "I have eaten lunch.")).containsExactly(
                "VERB_FORM:overregularized -> I have eated lunch.",
                "VERB_FORM:past-for-participle -> I have ate lunch.");
        assertThat(outcomes(VerbFormErrors.class, "I can swim.")).containsExactly(
                "VERB_FORM:after-modal -> I can swam.",
                "VERB_FORM:after-modal -> I can swimming.",
                "VERB_FORM:after-modal -> I can swims.");
        assertThat(outcomes(VerbFormErrors.class, "We are waiting.")).containsExactly(
                "VERB_FORM:progressive -> We are wait.");
    }

    @Test
    void articlesAreDroppedAddedAndConfused() {
        assertThat(outcomes(ArticleErrors.class, "I have a car.")).containsExactly(
                "DET:a-an -> I have an car.", "DET:drop-a -> I have car.");
        assertThat(outcomes(ArticleErrors.class, "I need information.")).containsExactly(
                "DET:a-with-uncountable -> I need an information.");
        assertThat(outcomes(ArticleErrors.class, "She ate an apple.")).containsExactly(
                "DET:a-an -> She ate a apple.", "DET:drop-a -> She ate apple.");
    }

    @Test
    void droppingTheFirstWordCapitalisesTheNext() {
        assertThat(outcomes(ArticleErrors.class, "The cat sat on a mat.")).containsExactly(
                "DET:a-an -> The cat sat on an mat.",
                "DET:drop-a -> The cat sat on mat.",
                "DET:drop-the -> Cat sat on a mat.");
    }

    @Test
    void prepositionsAreConfusedDroppedAndAdded() {
        assertThat(outcomes(PrepositionErrors.class, "She is interested in music.")).containsExactly(
                "PREP:drop -> She is interested music.",
                "PREP:wrong -> She is interested at music.",
                "PREP:wrong -> She is interested into music.",
                "PREP:wrong -> She is interested on music.");
        assertThat(outcomes(PrepositionErrors.class, "We discussed the plan.")).containsExactly(
                "PREP:added -> We discussed about the plan.");
    }

    @Test
    void nounNumberFollowsDeterminersAndCountability() {
        assertThat(outcomes(NounNumberErrors.class, "I have two books.")).containsExactly(
                "NOUN_NUM:singular-for-plural -> I have two book.");
        assertThat(outcomes(NounNumberErrors.class, "I have a book.")).containsExactly(
                "NOUN_NUM:plural-for-singular -> I have a books.");
        assertThat(outcomes(NounNumberErrors.class, "He gave me some advice.")).containsExactly(
                "NOUN_NUM:uncountable -> He gave me some advices.");
        assertThat(outcomes(NounNumberErrors.class, "The children are happy.")).containsExactly(
                "NOUN_NUM:overregularized -> The childs are happy.");
    }

    @Test
    void confusedWordsComeFromTheCuratedGroups() {
        assertThat(outcomes(ConfusionErrors.class, "I like their car.")).containsExactly(
                "SPELL:confused-word -> I like there car.", "SPELL:confused-word -> I like they're car.");
        assertThat(outcomes(ConfusionErrors.class, "It is bigger than mine.")).containsExactly(
                "SPELL:confused-word -> It is bigger that mine.", "SPELL:confused-word -> It is bigger then mine.");
    }

    @Test
    void listedMisspellingsAreUsedAndTyposAreNeverWords() {
        Set<String> out = outcomes(MisspellingErrors.class, "I receive mail.");
        assertThat(out).contains("SPELL:misspelling -> I recieve mail.");
        for (String o : out) {
            String sentence = o.substring(o.indexOf("-> ") + 3);
            for (Token t : Token.split(sentence)) {
                if (t.isWord() && !Set.of("I", "receive", "mail").contains(t.text())) {
                    assertThat(Fixtures.LEXICON.isKnown(t.text())).as(t.text()).isFalse();
                }
            }
        }
    }

    @Test
    void letterTyposDoubleDropAndSwapButNeverTheFirstLetter() {
        MisspellingErrors m = new MisspellingErrors(Fixtures.LEXICON);
        assertThat(m.letterTypos("until")).containsExactly("utnil", "unitl", "untl", "untli", "untill");
        assertThat(m.phoneticTypos("receive")).contains("recieve", "reseive");
    }

    @Test
    void wordOrderMovesAdverbsAndQuestionAuxiliaries() {
        assertThat(outcomes(WordOrderErrors.class, "Where are you going?")).containsExactly(
                "WORD_ORDER:question -> Where you are going?",
                "WORD_ORDER:swap -> Are where you going?",
                "WORD_ORDER:swap -> Where are going you?",
                "WORD_ORDER:swap -> Where you are going?");
        assertThat(outcomes(WordOrderErrors.class, "I always eat breakfast.")).contains(
                "WORD_ORDER:adverb -> I eat always breakfast.");
    }

    @Test
    void missingAndExtraWords() {
        assertThat(outcomes(MissingWordErrors.class, "She is happy.")).containsExactly("MISSING:be -> She happy.");
        assertThat(outcomes(MissingWordErrors.class, "I want to go.")).containsExactly("MISSING:to -> I want go.");
        assertThat(outcomes(MissingWordErrors.class, "Do you like it?")).containsExactly(
                "MISSING:auxiliary -> You like it?", "MISSING:object -> Do you like?");
        assertThat(outcomes(ExtraWordErrors.class, "I can swim.")).containsExactly(
                "UNNECESSARY:repeat -> I I can swim.", "UNNECESSARY:to -> I can to swim.");
        assertThat(outcomes(ExtraWordErrors.class, "This is bigger.")).containsExactly(
                "UNNECESSARY:more -> This is more bigger.", "UNNECESSARY:repeat -> This is is bigger.");
        assertThat(outcomes(ExtraWordErrors.class, "We agree.")).containsExactly("UNNECESSARY:be -> We are agree.");
    }

    @Test
    void casingAndPunctuation() {
        assertThat(outcomes(CasingErrors.class, "Where is John?")).containsExactly(
                "PUNCT:capitalization -> where is John?",
                "PUNCT:proper-noun -> Where is john?",
                "PUNCT:question-mark -> Where is John.");
        assertThat(outcomes(CasingErrors.class, "I think I'm late.")).containsExactly(
                "PUNCT:apostrophe -> I think Im late.", "PUNCT:i -> I think i'm late.");
    }

    @Test
    void overregularisationOnlyHitsVerbsTheDictionaryCallsIrregular() {
        assertThat(outcomes(VerbFormErrors.class, "She bought a car.")).containsExactly(
                "VERB_FORM:overregularized -> She buyed a car.");
        assertThat(outcomes(VerbFormErrors.class, "She walked home.")).isEmpty();
        var lex = Fixtures.LEXICON;
        for (String lemma : new String[] {"go", "buy", "teach", "run", "swim", "eat", "take", "think"}) {
            String regular = RegularInflection.past(lemma);
            assertThat(lex.forms(lemma, "VBD")).as(lemma).doesNotContain(regular);
            assertThat(lex.isKnown(regular)).as(regular).isFalse();
            String past = lex.form(lemma, "VBD");
            assertThat(outcomes(VerbFormErrors.class, "They " + past + " it."))
                    .contains("VERB_FORM:overregularized -> They " + regular + " it.");
        }
    }
}
