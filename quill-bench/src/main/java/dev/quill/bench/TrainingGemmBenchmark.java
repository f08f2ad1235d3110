package dev.quill.bench;

import dev.quill.core.kernels.Gemm;
import dev.quill.core.kernels.WorkerPool;
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
 * The three products of one linear layer in training ({@link Gemm}), at the tutor model's MLP
 * shape: T = 4,096 token rows, d = 256 inputs, f = 768 outputs. {@code forward} is Y = X W^T,
 * {@code inputGrad} dX = dY W, {@code weightGrad} dW = dY^T X. The {@code gflop} counter is
 * <b>GFLOP/s</b> (2 T d f FLOP per call), comparable with {@code PeakFlopsBenchmark} of the same run.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class TrainingGemmBenchmark {

    @Param({"2"})
    public int threads;

    private static final int T = 4096, D = 256, F = 768;

    private WorkerPool pool;
    private Gemm gemm;
    private float[] x, w, y, dx, dw;

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
        pool = new WorkerPool(threads);
        gemm = new Gemm(pool);
        SplittableRandom rnd = new SplittableRandom(1);
        x = random(T * D, rnd);
        w = random(F * D, rnd);
        y = random(T * F, rnd);
        dx = new float[T * D];
        dw = new float[F * D];
    }

    private static float[] random(int n, SplittableRandom rnd) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (rnd.nextDouble() * 2 - 1);
        return a;
    }

    @TearDown
    public void tearDown() {
        pool.close();
    }

    private static final double GFLOP = 2.0 * T * D * F / 1e9;

    @Benchmark
    public float[] forward(FlopCounter c) {
        gemm.multiplyTransposed(x, T, D, w, F, y, false);
        c.gflop += GFLOP;
        return y;
    }

    @Benchmark
    public float[] inputGrad(FlopCounter c) {
        gemm.multiply(y, T, F, w, D, dx, false);
        c.gflop += GFLOP;
        return dx;
    }

    @Benchmark
    public float[] weightGrad(FlopCounter c) {
        gemm.multiplyTransposedA(y, T, F, x, D, dw, false);
        c.gflop += GFLOP;
        return dw;
    }
}
