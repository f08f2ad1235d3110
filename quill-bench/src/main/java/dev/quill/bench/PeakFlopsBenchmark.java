package dev.quill.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The FP32 FMA peak reachable from Java: {@link #CHAINS} independent accumulators, each a chain
 * of {@code acc = acc * a + b} on {@code FloatVector.SPECIES_PREFERRED}, so that FMA latency is
 * hidden and nothing but the FMA units limits the loop. One operation is one FLOP (an FMA counts
 * as 2) and the score is in ops/ns, so <b>the score is GFLOP/s</b>, summed over the threads.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class PeakFlopsBenchmark {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** More chains than FMA latency (4 cycles) times FMA ports (2) on current x86 cores. */
    static final int CHAINS = 12;
    /**
     * FLOP per invocation, fixed whatever the vector width: the loop runs
     * FLOP / (CHAINS * 2 * lanes) times (an integer for any power-of-two lane count up to 2^17).
     */
    static final int FLOP_PER_INVOCATION = CHAINS * 2 * (1 << 17);

    private final int iterations = FLOP_PER_INVOCATION / (CHAINS * 2 * F.length());
    /** |a| < 1 keeps the accumulators bounded (they converge to b / (1 - a)): nothing overflows or goes subnormal. */
    private float a = 0.999f;
    private float b = 1e-3f;

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(FLOP_PER_INVOCATION)
    public float fmaOneThread() {
        return fmaChains();
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(FLOP_PER_INVOCATION)
    public float fmaTwoThreads() {
        return fmaChains();
    }

    private float fmaChains() {
        // Every vector starts inside this method (broadcast or zero), never as a FloatVector read from a field:
        // C2 keeps boxing a loop's vectors when a loop phi merges a box loaded from memory, and the loop then
        // runs 20x slower than the FMA units (measured on JDK 25).
        FloatVector a = FloatVector.broadcast(F, this.a);
        FloatVector b = FloatVector.broadcast(F, this.b);
        FloatVector c0 = FloatVector.zero(F), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
        FloatVector c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (int i = 0; i < iterations; i++) {
            c0 = c0.fma(a, b);
            c1 = c1.fma(a, b);
            c2 = c2.fma(a, b);
            c3 = c3.fma(a, b);
            c4 = c4.fma(a, b);
            c5 = c5.fma(a, b);
            c6 = c6.fma(a, b);
            c7 = c7.fma(a, b);
            c8 = c8.fma(a, b);
            c9 = c9.fma(a, b);
            c10 = c10.fma(a, b);
            c11 = c11.fma(a, b);
        }
        // Combine every chain into the result so that none is dead code.
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
