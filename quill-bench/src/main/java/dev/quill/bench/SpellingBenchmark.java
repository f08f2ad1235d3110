package dev.quill.bench;

import dev.quill.core.generate.TutorPrompt;
import dev.quill.core.tokenizer.BpeTokenizer;
import dev.quill.grammar.Spelling;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the tutor's spelling pass ({@link Spelling}) costs per sentence, with its cache of verdicts
 * and without, beside the work it shares
 * the {@code tokenize.bpe} stage with: building the tutor prompt with the shipped model's BPE
 * tokenizer. One pass over the 754 learner sentences of the JFLEG dev set (real misspellings, about
 * one in three sentences has one the pass fixes) per operation, one thread; the score is passes per
 * second, so sentences per second is 754 times it.
 *
 * <p>The sentences are read from {@code $QUILL_JFLEG} (default
 * {@code ../shared/data/jfleg/dev/dev.src}, relative to the working directory) and the tokenizer
 * from {@code $QUILL_TUTOR_MODEL} (default {@code models/quill-tutor}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class SpellingBenchmark {

    private List<String> sentences;
    private Spelling spelling;
    private Spelling uncached;
    private BpeTokenizer tokenizer;

    @Setup
    public void setup() throws IOException {
        Path file = Path.of(System.getenv().getOrDefault("QUILL_JFLEG", "../shared/data/jfleg/dev/dev.src"));
        sentences = Files.readAllLines(file, StandardCharsets.UTF_8);
        tokenizer = BpeTokenizer.load(Path.of(System.getenv().getOrDefault("QUILL_TUTOR_MODEL", "models/quill-tutor"))
                .resolve("tokenizer.json"));
        spelling = Spelling.english();
        uncached = Spelling.englishUncached();
        int fixes = 0;
        for (String s : sentences) fixes += spelling.fixes(s).size();
        System.out.printf("%n%d sentences from %s, %d spelling fixes%n", sentences.size(), file, fixes);
    }

    /** As served: after the first pass every word's verdict is remembered. */
    @Benchmark
    public void spellingPass(Blackhole bh) {
        for (String s : sentences) bh.consume(spelling.correct(s));
    }

    /** Every word looked up, as for sentences whose words the cache has not seen. */
    @Benchmark
    public void spellingPassUncached(Blackhole bh) {
        for (String s : sentences) bh.consume(uncached.correct(s));
    }

    /** The baseline: the tutor prompt of each sentence, which the stage computes anyway. */
    @Benchmark
    public void tutorPrompt(Blackhole bh) {
        for (String s : sentences) bh.consume(TutorPrompt.prompt(tokenizer, s));
    }
}
