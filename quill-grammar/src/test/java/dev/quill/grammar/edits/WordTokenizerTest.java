package dev.quill.grammar.edits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class WordTokenizerTest {

    private static List<String> texts(String s) {
        return WordTokenizer.tokenize(s).stream().map(Token::text).toList();
    }

    @Test
    void splitsWordsFromPunctuationKeepingOffsets() {
        assertThat(WordTokenizer.tokenize("Hello, world!")).containsExactly(
                new Token("Hello", 0, 5), new Token(",", 5, 6), new Token("world", 7, 12), new Token("!", 12, 13));
    }

    @Test
    void splitsContractionsAsThePennTreebankDoes() {
        assertThat(texts("I don't think it's John's, they're sure I'm can't")).containsExactly(
                "I", "do", "n't", "think", "it", "'s", "John", "'s", ",", "they", "'re", "sure", "I", "'m", "ca", "n't");
        assertThat(texts("We've said we'll go; you'd know")).containsExactly(
                "We", "'ve", "said", "we", "'ll", "go", ";", "you", "'d", "know");
        assertThat(WordTokenizer.tokenize("don\u2019t")).containsExactly(new Token("do", 0, 2), new Token("n\u2019t", 2, 5));
    }

    @Test
    void keepsJoinedWordsNumbersAndOtherApostrophesInside() {
        assertThat(texts("a well-known fact: 3.5 or 1,000 at 10:30 o'clock, e.g. today"))
                .containsExactly("a", "well-known", "fact", ":", "3.5", "or", "1,000", "at", "10:30", "o'clock", ",", "e.g", ".", "today");
    }

    @Test
    void aPossessiveApostropheAfterAPluralIsItsOwnToken() {
        assertThat(texts("the students' books")).containsExactly("the", "students", "'", "books");
        assertThat(texts("'quoted'")).containsExactly("'", "quoted", "'");
    }

    @Test
    void aRunOfOnePunctuationMarkIsOneToken() {
        assertThat(texts("Wait... what?! -- no!!")).containsExactly("Wait", "...", "what", "?", "!", "--", "no", "!!");
    }

    @Test
    void whitespaceAloneHasNoTokens() {
        assertThat(WordTokenizer.tokenize(" \t\n ")).isEmpty();
        assertThat(WordTokenizer.tokenize("")).isEmpty();
    }

    @Property(tries = 300)
    void tokensCoverEveryNonSpaceCharacterInOrder(@ForAll String s) {
        List<Token> tokens = WordTokenizer.tokenize(s);
        StringBuilder joined = new StringBuilder();
        int at = 0;
        for (Token t : tokens) {
            assertThat(t.start()).isGreaterThanOrEqualTo(at);
            assertThat(s.substring(t.start(), t.end())).isEqualTo(t.text());
            assertThat(s.substring(at, t.start()).codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c))).isTrue();
            joined.append(t.text());
            at = t.end();
        }
        assertThat(s.substring(at).codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c))).isTrue();
        assertThat(tokens).allMatch(t -> !t.text().isEmpty());
    }
}
