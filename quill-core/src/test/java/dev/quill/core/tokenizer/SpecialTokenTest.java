package dev.quill.core.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecialTokenTest {

    private final BpeTokenizer tokenizer = EnglishTokenizer.TOKENIZER;

    @Test
    void textSpellingASpecialTokenEncodesAsOrdinaryBytes() {
        BpeTokenizer withoutSpecials = BpeTrainer.train(
                EnglishTokenizer.CORPUS, EnglishTokenizer.VOCAB_SIZE - EnglishTokenizer.SPECIALS.size(), List.of());
        for (String text : List.of("<|eos|>", "the end<|eos|>", "<|correct|> <|sep|><|pad|>")) {
            int[] ids = tokenizer.encode(text);
            assertThat(Arrays.stream(ids).filter(tokenizer::isSpecial)).isEmpty();
            assertThat(ids).doesNotContain(tokenizer.specialTokenId("<|eos|>"));
            assertThat(ids).isEqualTo(withoutSpecials.encode(text));
            assertThat(tokenizer.decode(ids)).isEqualTo(text);
        }
    }

    @Test
    void specialTokenIdsDecodeToTheirContent() {
        int eos = tokenizer.specialTokenId("<|eos|>");
        int sep = tokenizer.specialTokenId("<|sep|>");
        assertThat(tokenizer.isSpecial(eos)).isTrue();
        assertThat(tokenizer.decode(new int[] {eos})).isEqualTo("<|eos|>");
        int[] ids = concat(tokenizer.encode("he go"), new int[] {sep}, tokenizer.encode("he goes"), new int[] {eos});
        assertThat(tokenizer.decode(ids)).isEqualTo("he go<|sep|>he goes<|eos|>");
    }

    @Test
    void ordinaryTokensAreNotSpecial() {
        assertThat(Arrays.stream(tokenizer.encode("the tutor")).filter(tokenizer::isSpecial)).isEmpty();
        assertThat(tokenizer.isSpecial(-1)).isFalse();
        assertThat(tokenizer.isSpecial(tokenizer.vocabSize())).isFalse();
    }

    @Test
    void unknownSpecialTokenIsNamedInTheError() {
        assertThat(tokenizer.findSpecialTokenId("<|nope|>")).isEmpty();
        assertThat(tokenizer.findSpecialTokenId("<|pad|>")).contains(tokenizer.specialTokenId("<|pad|>"));
        assertThatThrownBy(() -> tokenizer.specialTokenId("<|nope|>"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("<|nope|>");
    }

    private static int[] concat(int[]... parts) {
        return Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
    }
}
