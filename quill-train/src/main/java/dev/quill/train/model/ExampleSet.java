package dev.quill.train.model;

import dev.quill.core.generate.TutorPrompt;
import dev.quill.core.tokenizer.BpeTokenizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Tokenized training examples in the tutor format ({@link TutorPrompt#example}), each with the
 * index where its correction starts (where the loss begins).
 */
public final class ExampleSet {
    private final List<int[]> tokens = new ArrayList<>();
    private final List<Integer> lossFrom = new ArrayList<>();
    private long targetBytes;
    private int skippedTooLong;

    public int size() {
        return tokens.size();
    }

    public int[] tokens(int i) {
        return tokens.get(i);
    }

    public int lossFrom(int i) {
        return lossFrom.get(i);
    }

    public int skippedTooLong() {
        return skippedTooLong;
    }

    /** UTF-8 bytes of the corrections (plus one for each end marker): the unit that compares tokenizers. */
    public long targetBytes() {
        return targetBytes;
    }

    public long tokenCount() {
        long n = 0;
        for (int[] t : tokens) n += t.length;
        return n;
    }

    /** Adds an already tokenized example whose loss starts at index {@code lossFrom}. */
    public void addTokens(int[] example, int lossFrom) {
        if (lossFrom < 1 || lossFrom > example.length) {
            throw new IllegalArgumentException("loss start " + lossFrom + " outside [1, " + example.length + "]");
        }
        tokens.add(example);
        this.lossFrom.add(lossFrom);
    }

    /** Adds one (sentence, correction) pair, {@code copies} times; pairs longer than {@code maxLength} tokens are skipped. */
    public boolean add(BpeTokenizer tokenizer, String source, String target, int maxLength, int copies) {
        int[] prompt = TutorPrompt.prompt(tokenizer, source);
        int[] example = TutorPrompt.example(tokenizer, prompt, target);
        if (example.length > maxLength) {
            skippedTooLong++;
            return false;
        }
        int from = prompt.length;
        targetBytes += (long) copies * (target.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1);
        for (int c = 0; c < copies; c++) {
            tokens.add(example);
            lossFrom.add(from);
        }
        return true;
    }

    /**
     * Reads the first two columns (source, target) of a pair file with a header line, as the
     * data preparation writes them; {@code limit} <= 0 reads all.
     */
    public void addTsv(Path file, BpeTokenizer tokenizer, int maxLength, int copies, int limit) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null || !header.startsWith("source\ttarget")) {
                throw new IOException(file + ": expected a header line starting with 'source<TAB>target'");
            }
            String line;
            int lineNo = 1, read = 0;
            while ((line = in.readLine()) != null && (limit <= 0 || read < limit)) {
                lineNo++;
                if (line.isEmpty()) continue;
                int tab1 = line.indexOf('\t');
                int tab2 = tab1 < 0 ? -1 : line.indexOf('\t', tab1 + 1);
                if (tab1 < 0) throw new IOException(file + ":" + lineNo + ": expected source<TAB>target");
                String source = line.substring(0, tab1);
                String target = tab2 < 0 ? line.substring(tab1 + 1) : line.substring(tab1 + 1, tab2);
                add(tokenizer, source, target, maxLength, copies);
                read++;
            }
        }
    }
}
