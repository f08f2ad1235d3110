package dev.quill.core.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class PreTokenizerTest {

    @Example
    void splitsLikeGpt2() {
        assertThat(PreTokenizer.split("Hello world's  test\n\n"))
                .containsExactly("Hello", " world", "'s", " ", " test", "\n\n");
        assertThat(PreTokenizer.split("I'll pay 1999 dollars!!"))
                .containsExactly("I", "'ll", " pay", " 1999", " dollars", "!!");
    }

    @Example
    void unicodeLettersDigitsAndSpacesUseUnicodeClasses() {
        // U+3000 is Unicode white space; 𝐀 (U+1D400, a surrogate pair) is a letter; ٣ is a digit.
        assertThat(PreTokenizer.split("日本語\u3000𝐀𝐁 ٣٤ 😀😀"))
                .containsExactly("日本語", "\u3000", "𝐀𝐁", " ٣٤", " 😀😀");
    }

    @Property
    void wordsConcatenateToTheInput(@ForAll String text) {
        assertThat(String.join("", PreTokenizer.split(text))).isEqualTo(text);
    }
}
