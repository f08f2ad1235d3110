package dev.quill.bench;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.quill.core.tokenizer.BpeTokenizer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Encode speed of quill's {@link BpeTokenizer} and of Hugging Face {@code tokenizers} through DJL
 * ({@link DjlTokenizer}), both loading the same 8192-id {@code tokenizer.json}
 * ({@link BenchModels#englishTokenizer()}), on the same ~10 MB of English ({@link BenchText}),
 * one thread each. {@code input=text} encodes the whole text as one string per call;
 * {@code input=lines} encodes it line by line (about 190,000 calls per pass, each line with its
 * {@code '\n'}). The primary score is passes over the text per second; the {@code mb} counter is
 * <b>MB/s</b> of UTF-8 input (1 MB = 1e6 bytes).
 *
 * <p>Each side does what its API does per call: quill returns an {@code int[]} of ids; DJL's
 * {@code encode} also copies out the tokens' strings, character spans, type ids and masks, which
 * is part of what a Java caller of that binding pays. Setup first prints whether the two produce
 * the same ids ({@link TokenizerAgreement}), which must hold before speeds are compared.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class TokenizerBenchmark {

    @Param({"text", "lines"})
    public String input;

    private BenchText text;
    private String[] lines;
    private double megabytesPerPass;
    private BpeTokenizer quill;
    private HuggingFaceTokenizer huggingFace;

    /** Per-thread tally of input encoded; JMH divides it by the iteration time. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class ByteCounter {
        public double mb;

        @Setup(Level.Iteration)
        public void reset() {
            mb = 0;
        }
    }

    @Setup
    public void setUp() throws Exception {
        if (!input.equals("text") && !input.equals("lines")) throw new IllegalArgumentException("input " + input + ": text or lines");
        text = BenchText.english();
        lines = text.lines().toArray(String[]::new);
        megabytesPerPass = text.utf8Bytes() / 1e6;
        Path file = BenchModels.englishTokenizer();
        quill = BpeTokenizer.load(file);
        huggingFace = DjlTokenizer.open(file);
        System.out.println(text.describe());
        System.out.println("tokenizer " + file + ": " + quill.vocabSize() + " ids");
        TokenizerAgreement.check(quill, huggingFace, text);
    }

    @TearDown
    public void tearDown() {
        huggingFace.close();
    }

    @Benchmark
    public void quill(ByteCounter counter, Blackhole blackhole) {
        if (input.equals("text")) {
            blackhole.consume(quill.encode(text.text()));
        } else {
            for (String line : lines) blackhole.consume(quill.encode(line));
        }
        counter.mb += megabytesPerPass;
    }

    @Benchmark
    public void huggingFace(ByteCounter counter, Blackhole blackhole) {
        if (input.equals("text")) {
            blackhole.consume(huggingFace.encode(text.text()));
        } else {
            for (String line : lines) blackhole.consume(huggingFace.encode(line));
        }
        counter.mb += megabytesPerPass;
    }
}
