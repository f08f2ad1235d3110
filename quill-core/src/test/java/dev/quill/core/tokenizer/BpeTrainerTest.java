package dev.quill.core.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BpeTrainerTest {

    private static final List<String> SPECIALS = EnglishTokenizer.SPECIALS;

    @Test
    void sameCorpusGivesSameMerges() {
        BpeTokenizer first = BpeTrainer.train(EnglishTokenizer.CORPUS, 350, SPECIALS);
        BpeTokenizer second = BpeTrainer.train(EnglishTokenizer.CORPUS, 350, SPECIALS);
        assertThat(second.merges()).isEqualTo(first.merges()).hasSize(350 - 256 - 4);
        assertThat(second.vocab()).isEqualTo(first.vocab());
    }

    @Test
    void learnsTheMostFrequentWordsAsSingleTokens() {
        BpeTokenizer tokenizer = EnglishTokenizer.TOKENIZER;
        assertThat(tokenizer.encode(" the")).hasSize(1);
        assertThat(tokenizer.encode("The")).hasSize(1);
        assertThat(tokenizer.decode(tokenizer.encode(" the"))).isEqualTo(" the");
        // The first merge is the corpus's most frequent byte pair.
        assertThat(tokenizer.merges().getFirst()).isIn(new Merge("Ġ", "t"), new Merge("h", "e"), new Merge("e", "Ġ"));
    }

    @Test
    void mergesGoByFrequencyWithTiesToTheSmallerIdsWhateverTheInputOrder() {
        // "ab" and "cd" occur 3 times each, "xy" twice: ab (smaller ids) before cd, then xy.
        List<String> texts = List.of("xy", "cd", "ab", "cd", "xy", "ab", "cd", "ab", "q");
        BpeTokenizer tokenizer = BpeTrainer.train(texts, 256 + 3, List.of());
        assertThat(tokenizer.merges()).containsExactly(new Merge("a", "b"), new Merge("c", "d"), new Merge("x", "y"));
        assertThat(BpeTrainer.train(texts.reversed(), 256 + 3, List.of()).merges()).isEqualTo(tokenizer.merges());
    }

    @Test
    void stopsWhenNoPairOccursTwice() {
        BpeTokenizer tokenizer = BpeTrainer.train(List.of("abab", "abab", "xyz"), 1000, List.of("<|eos|>"));
        assertThat(tokenizer.merges()).containsExactly(new Merge("a", "b"), new Merge("ab", "ab"));
        assertThat(tokenizer.vocabSize()).isEqualTo(256 + 2 + 1);
        assertThat(tokenizer.encode("abab")).containsExactly(257);
    }

    @Test
    void specialTokensTakeTheLastIdsInTheOrderGiven() {
        BpeTokenizer tokenizer = EnglishTokenizer.TOKENIZER;
        assertThat(tokenizer.vocabSize()).isEqualTo(EnglishTokenizer.VOCAB_SIZE);
        for (int i = 0; i < SPECIALS.size(); i++) {
            assertThat(tokenizer.specialTokenId(SPECIALS.get(i))).isEqualTo(EnglishTokenizer.VOCAB_SIZE - SPECIALS.size() + i);
        }
    }

    @Test
    void byteTokensHaveTheirByteValueAsId() {
        BpeTokenizer tokenizer = EnglishTokenizer.TOKENIZER;
        assertThat(tokenizer.encode("é")).containsExactly(0xC3, 0xA9);
        assertThat(tokenizer.encode("\u0000")).containsExactly(0);
    }

    @Test
    void rejectsVocabTooSmallForBytesAndSpecials() {
        assertThatThrownBy(() -> BpeTrainer.train(List.of("abc"), 259, SPECIALS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("260");
        assertThatThrownBy(() -> BpeTrainer.train(List.of("abc"), 300, List.of("<|a|>", "<|a|>")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
