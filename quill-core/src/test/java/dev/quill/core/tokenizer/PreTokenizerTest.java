package dev.quill.core.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class PreTokenizerTest {

    @Example
    void splitsLikeGpt2() {
        assertThat(PreTokenizer.split("Hello world's  test\n\n"))
                .containsExactly("Hello", " world", "'s", " ", " test", "\n\n");
        assertThat(PreTokenizer.split("I'll pay 1999 dollars!! 'quoted' x"))
                .containsExactly("I", "'ll", " pay", " 1999", " dollars", "!!", " '", "quoted", "'", " x");
    }

    @Example
    void unicodeLettersDigitsAndSpacesUseUnicodeClasses() {
        // U+3000 is Unicode white space; 𝐀 (U+1D400, a surrogate pair) is a letter; ٣ is a digit.
        assertThat(PreTokenizer.split("日本語\u3000𝐀𝐁 ٣٤ 😀😀\u00A0x"))
                .containsExactly("日本語", "\u3000", "𝐀𝐁", " ٣٤", " 😀😀", "\u00A0", "x");
    }

    @Property(tries = 3000)
    void scannerSplitsExactlyAsTheGpt2Regex(@ForAll("trickyText") String text) {
        assertThat(PreTokenizer.split(text)).isEqualTo(PreTokenizer.splitWithRegex(text));
    }

    @Property
    void wordsConcatenateToTheInput(@ForAll String text) {
        assertThat(String.join("", PreTokenizer.split(text))).isEqualTo(text);
        assertThat(PreTokenizer.split(text)).isEqualTo(PreTokenizer.splitWithRegex(text));
    }

    @Provide
    Arbitrary<String> trickyText() {
        // Dense in the characters the regex's alternatives turn on: apostrophes and contraction
        // letters, ASCII and Unicode spaces, digits, symbols, and lone or paired surrogates.
        return Arbitraries.strings()
                .withChars(" '\t\n\r\u000B\f".toCharArray())
                .withChars("strevmldSxZ09!?.,-".toCharArray())
                .withChars('\u0085', '\u00A0', '\u1680', '\u2007', '\u2028', '\u202F', '\u3000', '\u001C', '\u200B')
                .withChars('é', '٣', 'Ⅻ', '²', '中', '\u0301', '\uD835', '\uDC00', '\uD83D', '\uDE00')
                .ofMaxLength(30);
    }
}
