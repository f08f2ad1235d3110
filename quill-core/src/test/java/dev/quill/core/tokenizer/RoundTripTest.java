package dev.quill.core.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RoundTripTest {

    private final BpeTokenizer tokenizer = EnglishTokenizer.TOKENIZER;

    @Property(tries = 2000)
    void decodeInvertsEncodeForAnyUnicodeText(@ForAll("unicodeText") String text) {
        assertThat(tokenizer.decode(tokenizer.encode(text))).isEqualTo(text);
    }

    @Property(tries = 300)
    void encodeIsTheSameWithAndWithoutTheWordCache(@ForAll("unicodeText") String text) {
        BpeTokenizer fresh = new BpeTokenizer(tokenizer.vocab(), tokenizer.merges(), tokenizer.addedTokens());
        int[] cold = fresh.encode(text);
        assertThat(fresh.encode(text)).isEqualTo(cold).isEqualTo(tokenizer.encode(text));
    }

    @Example
    void englishWordsBecomeFewerTokensThanBytes() {
        String text = "The student wrote the sentence, and the tutor read it.";
        int[] ids = tokenizer.encode(text);
        assertThat(ids.length).isLessThan(text.length() / 2);
        assertThat(tokenizer.decode(ids)).isEqualTo(text);
    }

    @Example
    void unpairedSurrogateEncodesAsReplacementCharacter() {
        assertThat(tokenizer.decode(tokenizer.encode("a\uD800b\uDC00"))).isEqualTo("a\uFFFDb\uFFFD");
    }

    @Provide
    Arbitrary<String> unicodeText() {
        Arbitrary<Integer> ascii = Arbitraries.integers().between(0x20, 0x7E);
        Arbitrary<Integer> control = Arbitraries.integers().between(0x00, 0x1F);
        Arbitrary<Integer> whitespace = Arbitraries.of(0x09, 0x0A, 0x0D, 0x20, 0x85, 0xA0, 0x2028, 0x3000);
        Arbitrary<Integer> combiningMark = Arbitraries.integers().between(0x0300, 0x036F);
        Arbitrary<Integer> emoji = Arbitraries.integers().between(0x1F300, 0x1FAFF);
        Arbitrary<Integer> anyScalar = Arbitraries.integers().between(0, 0x10FFFF)
                .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE);
        Arbitrary<String> word = Arbitraries.of(List.of("the", " the", "'s", "'ll", "<|eos|>", "é", "😀", "👍🏽", "1999"));
        Arbitrary<String> codePoint = Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(5, ascii), net.jqwik.api.Tuple.of(1, control),
                        net.jqwik.api.Tuple.of(2, whitespace), net.jqwik.api.Tuple.of(1, combiningMark),
                        net.jqwik.api.Tuple.of(2, emoji), net.jqwik.api.Tuple.of(3, anyScalar))
                .map(Character::toString);
        return Arbitraries.oneOf(codePoint, codePoint, word).list().ofMaxSize(40).map(parts -> String.join("", parts));
    }
}
