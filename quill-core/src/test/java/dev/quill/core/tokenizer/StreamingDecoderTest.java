package dev.quill.core.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class StreamingDecoderTest {

    private final BpeTokenizer tokenizer = EnglishTokenizer.TOKENIZER;

    @Example
    void twoByteCharacterSplitAcrossTokensIsHeldUntilComplete() {
        int[] ids = tokenizer.encode("é"); // the corpus is ASCII, so é stays two byte tokens
        assertThat(ids).hasSize(2);
        StreamingDecoder stream = tokenizer.streamingDecoder();
        assertThat(stream.accept(ids[0])).isEmpty();
        assertThat(stream.accept(ids[1])).isEqualTo("é");
        assertThat(stream.flush()).isEmpty();
    }

    @Example
    void fourByteEmojiIsEmittedWholeAfterItsLastToken() {
        int[] ids = tokenizer.encode("😀");
        assertThat(ids).hasSize(4);
        StreamingDecoder stream = tokenizer.streamingDecoder();
        List<String> pieces = new ArrayList<>();
        for (int id : ids) pieces.add(stream.accept(id));
        pieces.add(stream.flush());

        assertThat(pieces).containsExactly("", "", "", "😀", "");
    }

    @Example
    void flushGivesUnfinishedCharacterAsReplacement() {
        int[] ids = tokenizer.encode("😀");
        StreamingDecoder stream = tokenizer.streamingDecoder();
        assertThat(stream.accept(ids[0])).isEmpty();
        assertThat(stream.accept(ids[1])).isEmpty();
        assertThat(stream.flush()).isEqualTo("\uFFFD");
        assertThat(stream.flush()).isEmpty();
    }

    @Property(tries = 1000)
    void streamedTextConcatenatesToDecodeOfAllIds(@ForAll("tokenIds") List<Integer> ids) {
        int[] all = ids.stream().mapToInt(Integer::intValue).toArray();
        StreamingDecoder stream = tokenizer.streamingDecoder();
        StringBuilder streamed = new StringBuilder();
        for (int id : all) {
            String piece = stream.accept(id);
            assertThat(piece.isEmpty() || !Character.isHighSurrogate(piece.charAt(piece.length() - 1))).isTrue();
            streamed.append(piece);
        }
        streamed.append(stream.flush());
        assertThat(streamed.toString()).isEqualTo(tokenizer.decode(all));
    }

    @Property(tries = 300)
    void streamingEncodedTextNeverEmitsReplacementCharacters(@ForAll("text") String text) {
        StreamingDecoder stream = tokenizer.streamingDecoder();
        StringBuilder streamed = new StringBuilder();
        for (int id : tokenizer.encode(text)) streamed.append(stream.accept(id));
        assertThat(streamed.toString()).doesNotContain("\uFFFD").isEqualTo(text);
        assertThat(stream.flush()).isEmpty();
    }

    @Provide
    Arbitrary<List<Integer>> tokenIds() {
        // Mostly single-byte tokens (ids 0..255) so that random multi-byte sequences, valid and
        // not, are common; some learned and special tokens among them.
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(0x80, 0xFF)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, tokenizer.vocabSize() - 1)))
                .list().ofMaxSize(30);
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars(' ', 'é', 'ß', '中', '\n')
                .withChars("😀👍🏽".toCharArray()).ofMaxLength(30)
                .filter(s -> !hasBrokenSurrogates(s));
    }

    private static boolean hasBrokenSurrogates(String s) {
        return !s.equals(new String(Utf8.encode(s), java.nio.charset.StandardCharsets.UTF_8));
    }
}
