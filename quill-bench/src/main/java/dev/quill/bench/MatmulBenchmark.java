package dev.quill.bench;

import dev.quill.core.kernels.VectorKernels;
import dev.quill.core.kernels.WorkerPool;
import dev.quill.core.tensor.DType;
import dev.quill.core.tensor.Tensor;
import java.lang.foreign.Arena;
import java.util.SplittableRandom;
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

/**
 * {@link VectorKernels#matmul} of {@code rows} activation rows by an N x K weight in native
 * memory, on a {@link WorkerPool} of {@code threads}. The primary score is matmul calls per
 * second; the {@code gflop} counter is <b>GFLOP/s</b> (2 * rows * N * K FLOP per call).
 *
 * <p>Shapes: 2048x2048 (16 MiB as F32, resident in the 32 MiB L3 of the reference machine) and
 * the bench model's 1408x512 (gate/up) and 512x1408 (down).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class MatmulBenchmark {

    /** N x K: output features by input features (a Linear weight stored [out, in]). */
    @Param({"2048x2048", "1408x512", "512x1408"})
    public String shape;

    @Param({"1", "8", "32", "64"})
    public int rows;

    @Param({"1", "2"})
    public int threads;

    @Param({"F32"})
    public DType dtype;

    private Arena arena;
    private WorkerPool pool;
    private VectorKernels kernels;
    private Tensor weight;
    private float[] x;
    private float[] out;
    private double gflopPerCall;

    /** Per-thread FLOP tally; JMH divides it by the iteration time. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class FlopCounter {
        public double gflop;

        @Setup(Level.Iteration)
        public void reset() {
            gflop = 0;
        }
    }

    @Setup
    public void setUp() {
        String[] nk = shape.split("x");
        int n = Integer.parseInt(nk[0]);
        int k = Integer.parseInt(nk[1]);
        SplittableRandom rnd = new SplittableRandom(1);
        float[] w = new float[n * k];
        for (int i = 0; i < w.length; i++) w[i] = (float) (rnd.nextGaussian() * 0.02);
        arena = Arena.ofShared();
        weight = Tensor.of("w", dtype, new long[] {n, k}, w, arena);
        x = new float[rows * k];
        for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
        out = new float[rows * n];
        pool = new WorkerPool(threads);
        kernels = new VectorKernels(pool);
        gflopPerCall = 2.0 * rows * n * k / 1e9;
    }

    @TearDown
    public void tearDown() {
        pool.close();
        arena.close();
    }

    @Benchmark
    public float[] matmul(FlopCounter counter) {
        kernels.matmul(x, rows, weight, null, out);
        counter.gflop += gflopPerCall;
        return out;
    }
}
