package dev.quill.grammar.edits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EditExtractorTest {
    private static final EditExtractor EXTRACTOR = EditExtractor.english();

    /** The edits without explanations, for comparing with expected records. */
    private static List<Edit> edits(String original, String corrected) {
        List<Edit> edits = EXTRACTOR.extract(original, corrected);
        assertThat(EditExtractor.apply(original, edits)).isEqualTo(corrected);
        return edits.stream().map(e -> new Edit(e.start(), e.end(), e.from(), e.to(), e.type(), "")).toList();
    }

    private static Edit edit(int start, int end, String from, String to, ErrorType type) {
        return new Edit(start, end, from, to, type, "");
    }

    @Test
    void agreementNounNumberAndAFinalFullStopAreThreeEdits() {
        List<Edit> edits = EXTRACTOR.extract("She go to school every days", "She goes to school every day.");
        assertThat(edits).extracting(Edit::start, Edit::end, Edit::from, Edit::to, Edit::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple(4, 6, "go", "goes", ErrorType.SVA),
                org.assertj.core.groups.Tuple.tuple(23, 27, "days", "day", ErrorType.NOUN_NUM),
                org.assertj.core.groups.Tuple.tuple(27, 27, "", ".", ErrorType.PUNCT));
        assertThat(edits.getFirst().explanation()).isEqualTo("'go' should agree with its subject: 'goes'.");
    }

    @Test
    void identicalSentencesHaveNoEdits() {
        assertThat(EXTRACTOR.extract("She goes to school.", "She goes to school.")).isEmpty();
        assertThat(EXTRACTOR.extract("", "")).isEmpty();
    }

    @Test
    void anInsertedWordGoesBeforeTheTokenItPrecedesWithItsSpace() {
        assertThat(edits("She goes school", "She goes to school"))
                .containsExactly(edit(9, 9, "", "to ", ErrorType.PREP));
        assertThat(edits("goes to school", "She goes to school"))
                .containsExactly(edit(0, 0, "", "She ", ErrorType.MISSING));
        assertThat(edits("She goes to", "She goes to school"))
                .containsExactly(edit(11, 11, "", " school", ErrorType.MISSING));
    }

    @Test
    void insertedPunctuationGoesRightAfterTheWordItFollows() {
        assertThat(edits("Hello world", "Hello, world")).containsExactly(edit(5, 5, "", ",", ErrorType.PUNCT));
        assertThat(edits("I like it", "I like it!")).containsExactly(edit(9, 9, "", "!", ErrorType.PUNCT));
    }

    @Test
    void aDeletedWordTakesTheSpaceAfterItOrBeforeItAtTheEnd() {
        assertThat(edits("I very like it", "I like it")).containsExactly(edit(2, 7, "very ", "", ErrorType.UNNECESSARY));
        assertThat(edits("I like it too", "I like it")).containsExactly(edit(9, 13, " too", "", ErrorType.UNNECESSARY));
        assertThat(edits("We discussed about it", "We discussed it"))
                .containsExactly(edit(13, 19, "about ", "", ErrorType.PREP));
    }

    @Test
    void reorderedWordsAreOneWordOrderEdit() {
        assertThat(edits("I like very much it", "I like it very much"))
                .containsExactly(edit(7, 19, "very much it", "it very much", ErrorType.WORD_ORDER));
        assertThat(edits("Where you are going?", "Where are you going?"))
                .containsExactly(edit(6, 13, "you are", "are you", ErrorType.WORD_ORDER));
    }

    @Test
    void articlesBeforeAVowelSound() {
        List<Edit> edits = EXTRACTOR.extract("I have a apple", "I have an apple");
        assertThat(edits).extracting(Edit::start, Edit::end, Edit::to, Edit::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple(7, 8, "an", ErrorType.DET));
        assertThat(edits.getFirst().explanation()).contains("vowel");
        assertThat(edits("I saw cat", "I saw a cat")).containsExactly(edit(6, 6, "", "a ", ErrorType.DET));
    }

    @Test
    void soundAlikeWordsAreSpelling() {
        assertThat(edits("Their is a cat", "There is a cat")).containsExactly(edit(0, 5, "Their", "There", ErrorType.SPELL));
        assertThat(edits("its raining", "it's raining")).containsExactly(edit(0, 3, "its", "it's", ErrorType.SPELL));
        assertThat(edits("better then that", "better than that")).containsExactly(edit(7, 11, "then", "than", ErrorType.SPELL));
        assertThat(edits("It is becouse of you", "It is because of you"))
                .containsExactly(edit(6, 13, "becouse", "because", ErrorType.SPELL));
    }

    @Test
    void capitalisationAndSpacingArePunctuation() {
        assertThat(edits("the cat sat", "The cat sat")).containsExactly(edit(0, 3, "the", "The", ErrorType.PUNCT));
        assertThat(edits("Hello , world .", "Hello, world.")).containsExactly(
                edit(5, 6, " ", "", ErrorType.PUNCT), edit(13, 14, " ", "", ErrorType.PUNCT));
        assertThat(edits("i think so", "I think so")).containsExactly(edit(0, 1, "i", "I", ErrorType.PUNCT));
    }

    @Test
    void theVerbInAContractionIsEditedAlone() {
        assertThat(edits("He don't like it", "He doesn't like it")).containsExactly(edit(3, 5, "do", "does", ErrorType.SVA));
    }

    @Test
    void anAuxiliaryJoinsTheVerbChangeNextToIt() {
        assertThat(edits("She go", "She has gone")).containsExactly(edit(4, 6, "go", "has gone", ErrorType.VERB_FORM));
        assertThat(edits("She is go to school", "She goes to school"))
                .containsExactly(edit(4, 9, "is go", "goes", ErrorType.VERB_FORM));
    }

    @Test
    void anUnrelatedReplacementAbsorbsTheWordsAroundIt() {
        assertThat(edits("There is a lot of people", "There are many people")).containsExactly(
                edit(6, 8, "is", "are", ErrorType.SVA), edit(9, 17, "a lot of", "many", ErrorType.OTHER));
    }

    @Test
    void wordsSplitOrJoinedAreSpelling() {
        assertThat(edits("I go there everyday", "I go there every day"))
                .containsExactly(edit(11, 19, "everyday", "every day", ErrorType.SPELL));
    }

    @Test
    void editsLeaveUntouchedTextAlone() {
        String original = "  She  go to school. ";
        String corrected = "She goes to school.";
        List<Edit> edits = EXTRACTOR.extract(original, corrected);
        assertThat(EditExtractor.apply(original, edits)).isEqualTo(corrected);
        assertThat(edits).extracting(Edit::type).contains(ErrorType.SVA);
        for (Edit e : edits) assertThat(original.substring(e.start(), e.end())).isEqualTo(e.from());
    }

    @Test
    void explanationsComeFromTheGivenExplainer() {
        EditExtractor custom = new EditExtractor(dev.quill.grammar.Morphology.english(),
                (type, from, to) -> type + ":" + from + "->" + to);
        assertThat(custom.extract("She go home", "She goes home")).extracting(Edit::explanation)
                .containsExactly("SVA:go->goes");
    }
}
