package dev.quill.bench;

import dev.quill.core.kernels.WorkerPool;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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
 * DRAM read bandwidth: a vectorised sum over a 1 GiB {@code float[]} (32 times the L3), split
 * over a {@link WorkerPool} of {@code threads} threads, the pool the kernels use. One operation
 * is one byte read and the score is in ops/ns, so <b>the score is GB/s</b> (1 GB = 1e9 bytes).
 * This is the number a batch-1 decode bound divides by the weight bytes per token.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Xms3g", "-Xmx3g"})
public class MemoryBandwidthBenchmark {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final int BYTES = 1 << 30;
    private static final int FLOATS = BYTES / Float.BYTES;
    /** 64 chunks of 16 MiB: enough to balance two threads, few enough that hand-off costs nothing. */
    private static final int CHUNKS = 64;

    @Param({"1", "2"})
    public int threads;

    private float[] data;
    private float[] partialSums;
    private WorkerPool pool;

    @Setup
    public void setUp() {
        data = new float[FLOATS];
        for (int i = 0; i < FLOATS; i++) data[i] = (i & 1023) * 1e-3f;
        partialSums = new float[CHUNKS];
        pool = new WorkerPool(threads);
    }

    @TearDown
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    @OperationsPerInvocation(BYTES)
    public float sum() {
        int chunkFloats = FLOATS / CHUNKS;
        pool.parallelFor(CHUNKS, c -> partialSums[c] = sumRange(data, c * chunkFloats, (c + 1) * chunkFloats));
        float total = 0;
        for (float s : partialSums) total += s;
        return total;
    }

    /** Four accumulators so that the adds' latency does not limit the loads. */
    private static float sumRange(float[] x, int from, int to) {
        FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
        int step = F.length() * 4;
        int i = from;
        for (; i + step <= to; i += step) {
            s0 = s0.add(FloatVector.fromArray(F, x, i));
            s1 = s1.add(FloatVector.fromArray(F, x, i + F.length()));
            s2 = s2.add(FloatVector.fromArray(F, x, i + 2 * F.length()));
            s3 = s3.add(FloatVector.fromArray(F, x, i + 3 * F.length()));
        }
        float sum = s0.add(s1).add(s2).add(s3).reduceLanes(VectorOperators.ADD);
        for (; i < to; i++) sum += x[i];
        return sum;
    }
}
