package dev.quill.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What an edit is named by, for BM25's keyword field and for the encoder. */
class EditSignaturesTest {

    @Test
    void describeTheWordsAndTheCharactersThatChange() {
        assertThat(EditSignatures.of("take", "takes")).contains("pair:take>takes", "diff:>s");
        assertThat(EditSignatures.of("", "the")).contains("kind:insert", "word:+the");
    }

    @Test
    void aNonWordMadeIntoAWordIsMarkedAMisspellingForKeywordsOnly() {
        // LanguageTool's word lists know neither "definately" nor "intwerested"
        assertThat(EditSignatures.forKeywords("definately", "definitely")).contains("kind:misspelling");
        assertThat(EditSignatures.forKeywords("Intwerested", "Interested")).contains("kind:misspelling");
        // a confusion of two real words is not a misspelling; nor is a change of several words
        assertThat(EditSignatures.forKeywords("their", "there")).doesNotContain("kind:misspelling");
        assertThat(EditSignatures.forKeywords("a lot", "many")).doesNotContain("kind:misspelling");
        // the encoder's signatures stay those it was trained with
        assertThat(EditSignatures.of("definately", "definitely")).doesNotContain("kind:misspelling");
    }
}
