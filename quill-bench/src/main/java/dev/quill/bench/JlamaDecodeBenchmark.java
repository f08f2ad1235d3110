package dev.quill.bench;

import dev.quill.core.tensor.DType;
import java.nio.file.Path;
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
 * Jlama 0.8.4 on its pure-Java Panama path decoding the same directory, prompt and token count
 * as {@link DecodeBenchmark}, scored the same way. Setup first checks, and prints, whether the
 * two engines choose the same greedy tokens ({@link GreedyAgreement}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "--enable-preview", "-Djlama.force_panama_tensor_operations=true"})
public class JlamaDecodeBenchmark {

    @Param({"F32", "BF16"})
    public DType dtype;

    @Param({"2"})
    public int threads;

    private JlamaGreedyDecoder decoder;
    private int[] prompt;

    @Setup
    public void setUp() throws Exception {
        Path dir = BenchModels.benchShape(dtype);
        GreedyAgreement.check(dir, threads, BenchModels.NEW_TOKENS);
        decoder = new JlamaGreedyDecoder(dir, threads);
        prompt = BenchModels.prompt(BenchModels.benchShape());
        System.out.println("Jlama tensor operations: " + decoder.tensorOperations());
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
