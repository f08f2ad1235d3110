package dev.quill.bench;

import dev.quill.core.tensor.DType;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * quill's batch-1 greedy decode of the 34M bench-shape model ({@link BenchModels}): a
 * {@value BenchModels#PROMPT_TOKENS}-token prompt, then {@value BenchModels#NEW_TOKENS} new
 * tokens. The primary score is end-to-end tokens/s (prefill included); the
 * {@link DecodeCounters} give decode-only tokens/s, the figure to hold against the bandwidth
 * bound (DRAM GB/s from {@link MemoryBandwidthBenchmark} / {@code decodeWeightBytes}, printed at
 * setup; {@link BenchmarkSummary} divides).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class DecodeBenchmark {

    @Param({"F32", "BF16"})
    public DType dtype;

    @Param({"2"})
    public int threads;

    private QuillGreedyDecoder decoder;
    private int[] prompt;

    @Setup
    public void setUp() throws Exception {
        decoder = new QuillGreedyDecoder(BenchModels.benchShape(dtype), threads);
        prompt = BenchModels.prompt(decoder.model().config());
        System.out.println("decodeWeightBytes=" + decoder.model().weights().decodeWeightBytes());
    }

    @TearDown
    public void tearDown() {
        decoder.close();
    }

    @Benchmark
    @OperationsPerInvocation(BenchModels.NEW_TOKENS)
    public int[] generate(DecodeCounters counters) {
        DecodeRun run = decoder.generate(prompt, BenchModels.NEW_TOKENS);
        counters.add(run);
        return run.tokens();
    }
}
