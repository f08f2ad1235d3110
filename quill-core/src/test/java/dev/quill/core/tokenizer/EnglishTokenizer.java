package dev.quill.core.tokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A real tokenizer for tests: trained on a few paragraphs of plain ASCII English. */
final class EnglishTokenizer {

    static final List<String> SPECIALS = List.of("<|eos|>", "<|correct|>", "<|sep|>", "<|pad|>");
    static final int VOCAB_SIZE = 400;
    static final List<String> CORPUS = readCorpus();
    static final BpeTokenizer TOKENIZER = BpeTrainer.train(CORPUS, VOCAB_SIZE, SPECIALS);

    private EnglishTokenizer() {}

    private static List<String> readCorpus() {
        try (var in = EnglishTokenizer.class.getResourceAsStream("english.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
