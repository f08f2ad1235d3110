package dev.quill.cli;

import dev.quill.core.tokenizer.BpeTokenizer;
import dev.quill.core.tokenizer.BpeTrainer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code quill train-tokenizer}: learns a byte-level BPE vocabulary and writes tokenizer.json. */
@Command(
        name = "train-tokenizer",
        mixinStandardHelpOptions = true,
        description = "Train a byte-level BPE tokenizer (GPT-2 style) and write DIR/tokenizer.json (Hugging Face format).")
final class TrainTokenizerCommand implements Callable<Integer> {

    private static final long PROGRESS_INTERVAL_NANOS = 3_000_000_000L;

    @Spec CommandSpec spec;

    @Option(names = "--corpus", required = true, paramLabel = "FILE", description = "UTF-8 text, one document per line.")
    Path corpus;

    @Option(names = "--vocab", required = true, paramLabel = "N", description = "Vocabulary size, byte and special tokens included.")
    int vocabSize;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write tokenizer.json into.")
    Path outDir;

    @Option(names = "--special", paramLabel = "TOKEN",
            description = "Special token (repeatable; given last ids in order). Default: ${DEFAULT-VALUE}.",
            defaultValue = "<|eos|>,<|correct|>,<|sep|>,<|pad|>", split = ",")
    List<String> specialTokens;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(corpus)) {
            throw new IllegalArgumentException("--corpus: no such file: " + corpus);
        }
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new IllegalArgumentException("--out: " + outDir + " is not a directory");
        }
        int minimum = 256 + specialTokens.size();
        if (vocabSize < minimum) {
            throw new IllegalArgumentException("--vocab " + vocabSize + " is too small: it must hold the 256 byte tokens and "
                    + specialTokens.size() + " special tokens, so at least " + minimum);
        }
        PrintWriter err = spec.commandLine().getErr();
        long startNanos = System.nanoTime();
        BpeTokenizer tokenizer;
        try {
            tokenizer = BpeTrainer.train(lines(corpus), vocabSize, specialTokens, new ProgressReport(err, startNanos));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Path out = outDir.resolve("tokenizer.json");
        tokenizer.save(out);
        err.printf("wrote %s: %d tokens in %.1f s%n", out, tokenizer.vocabSize(), (System.nanoTime() - startNanos) / 1e9);
        err.flush();
        return 0;
    }

    /** The corpus lines, read lazily so the file is never held in memory whole. */
    private static Iterable<String> lines(Path file) {
        return () -> {
            try {
                BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                return new Iterator<>() {
                    private String next = readLine();

                    private String readLine() {
                        try {
                            String line = reader.readLine();
                            if (line == null) reader.close();
                            return line;
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }

                    @Override
                    public boolean hasNext() {
                        return next != null;
                    }

                    @Override
                    public String next() {
                        String line = next;
                        next = readLine();
                        return line;
                    }
                };
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** Prints training progress to stderr at most every few seconds, and once at the end of each phase. */
    private static final class ProgressReport implements BpeTrainer.Progress {
        private final PrintWriter err;
        private final long startNanos;
        private long lastPrintNanos;

        ProgressReport(PrintWriter err, long startNanos) {
            this.err = err;
            this.startNanos = startNanos;
            this.lastPrintNanos = startNanos;
        }

        @Override
        public void wordsCounted(long texts, int distinctWords) {
            print(false, "counted %,d lines, %,d distinct words", texts, distinctWords);
        }

        @Override
        public void merged(int mergesDone, int mergesPlanned) {
            print(mergesDone >= mergesPlanned, "merges %,d / %,d", mergesDone, mergesPlanned);
        }

        private void print(boolean force, String format, Object... args) {
            long now = System.nanoTime();
            if (!force && now - lastPrintNanos < PROGRESS_INTERVAL_NANOS) return;
            lastPrintNanos = now;
            err.printf("[%6.1f s] %s%n", (now - startNanos) / 1e9, format.formatted(args));
            err.flush();
        }
    }
}
