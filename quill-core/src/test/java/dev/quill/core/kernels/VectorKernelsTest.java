package dev.quill.core.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.quill.core.kernels.Kernels.AttentionShape;
import dev.quill.core.kernels.Kernels.KvLayer;
import dev.quill.core.tensor.DType;
import dev.quill.core.tensor.Tensor;
import java.lang.foreign.Arena;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The Vector API kernels against the scalar reference, on random shapes including odd sizes. */
class VectorKernelsTest {
    private static final WorkerPool POOL = new WorkerPool(2);
    private static final Kernels FAST = new VectorKernels(POOL);
    private static final Kernels REF = new ScalarKernels();

    @AfterContainer
    static void closePool() {
        POOL.close();
    }

    static float[] random(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rnd.nextGaussian();
        return a;
    }

    static void assertClose(float[] actual, float[] expected, int n, double relTol) {
        double scale = 0;
        for (int i = 0; i < n; i++) scale = Math.max(scale, Math.abs(expected[i]));
        for (int i = 0; i < n; i++) {
            assertThat((double) actual[i]).as("element %d", i).isCloseTo(expected[i], within(relTol * Math.max(1, scale)));
        }
    }

    /**
     * With few output tiles for many threads the matmul splits the rows too; every row still takes
     * the kernel it takes unsplit, so the bits equal a one-thread pool's, whatever the batch.
     */
    @Property(tries = 20)
    void matmulSplitOverRowsGivesTheSameBits(@ForAll @IntRange(min = 1, max = 70) int rows,
            @ForAll @IntRange(min = 1, max = 300) int n, @ForAll @IntRange(min = 1, max = 120) int k,
            @ForAll boolean bf16, @ForAll long seed) {
        Random rnd = new Random(seed);
        try (Arena arena = Arena.ofShared(); WorkerPool one = new WorkerPool(1); WorkerPool many = new WorkerPool(8)) {
            Tensor w = Tensor.of("w", bf16 ? DType.BF16 : DType.F32, new long[] {n, k}, random(rnd, n * k), arena);
            float[] x = random(rnd, rows * k);
            float[] bias = random(rnd, n);
            float[] serial = new float[rows * n];
            float[] split = new float[rows * n];
            new VectorKernels(one).matmul(x, rows, w, bias, serial);
            new VectorKernels(many).matmul(x, rows, w, bias, split);
            assertThat(split).containsExactly(serial);
            float[] expected = new float[rows * n];
            REF.matmul(x, rows, w, bias, expected);
            assertClose(split, expected, rows * n, 1e-4);
        }
    }

    @Property(tries = 60)
    void matmulMatchesReferenceOnAnyShape(@ForAll @IntRange(min = 1, max = 11) int rows,
            @ForAll @IntRange(min = 1, max = 150) int n, @ForAll @IntRange(min = 1, max = 200) int k,
            @ForAll boolean bf16, @ForAll boolean withBias, @ForAll long seed) {
        Random rnd = new Random(seed);
        try (Arena arena = Arena.ofShared()) {
            Tensor w = Tensor.of("w", bf16 ? DType.BF16 : DType.F32, new long[] {n, k}, random(rnd, n * k), arena);
            float[] x = random(rnd, rows * k);
            float[] bias = withBias ? random(rnd, n) : null;
            float[] expected = new float[rows * n];
            float[] actual = new float[rows * n];
            REF.matmul(x, rows, w, bias, expected);
            FAST.matmul(x, rows, w, bias, actual);
            assertClose(actual, expected, rows * n, 1e-4);
        }
    }

    @Property(tries = 30)
    void fusedMatmulOfSeveralWeightsEqualsSeparateOnes(@ForAll @IntRange(min = 1, max = 6) int rows,
            @ForAll @IntRange(min = 1, max = 90) int n1, @ForAll @IntRange(min = 1, max = 90) int n2,
            @ForAll @IntRange(min = 1, max = 70) int k, @ForAll long seed) {
        Random rnd = new Random(seed);
        try (Arena arena = Arena.ofShared()) {
            Tensor a = Tensor.of("a", DType.F32, new long[] {n1, k}, random(rnd, n1 * k), arena);
            Tensor b = Tensor.of("b", DType.BF16, new long[] {n2, k}, random(rnd, n2 * k), arena);
            float[] x = random(rnd, rows * k);
            float[] biasA = random(rnd, n1);
            float[] outA = new float[rows * n1];
            float[] outB = new float[rows * n2];
            FAST.matmul(x, rows, new Tensor[] {a, b}, new float[][] {biasA, null}, new float[][] {outA, outB});
            float[] expectA = new float[rows * n1];
            float[] expectB = new float[rows * n2];
            REF.matmul(x, rows, a, biasA, expectA);
            REF.matmul(x, rows, b, null, expectB);
            assertClose(outA, expectA, rows * n1, 1e-4);
            assertClose(outB, expectB, rows * n2, 1e-4);
        }
    }

    @Property(tries = 30)
    void aRowsResultDoesNotDependOnTheRestOfTheBatch(@ForAll @IntRange(min = 2, max = 13) int rows,
            @ForAll @IntRange(min = 1, max = 70) int n, @ForAll @IntRange(min = 1, max = 120) int k,
            @ForAll boolean bf16, @ForAll long seed) {
        Random rnd = new Random(seed);
        try (Arena arena = Arena.ofShared()) {
            Tensor w = Tensor.of("w", bf16 ? DType.BF16 : DType.F32, new long[] {n, k}, random(rnd, n * k), arena);
            float[] x = random(rnd, rows * k);
            float[] batched = new float[rows * n];
            FAST.matmul(x, rows, w, null, batched);
            for (int r = 0; r < rows; r++) {
                float[] alone = new float[n];
                FAST.matmul(java.util.Arrays.copyOfRange(x, r * k, (r + 1) * k), 1, w, null, alone);
                assertThat(java.util.Arrays.copyOfRange(batched, r * n, (r + 1) * n)).as("row %d", r).containsExactly(alone);
            }
        }
    }

    @Test
    void matmulOnBenchShapeMatchesReference() {
        Random rnd = new Random(7);
        int rows = 9, n = 1408, k = 512;
        try (Arena arena = Arena.ofShared()) {
            Tensor w = Tensor.of("w", DType.F32, new long[] {n, k}, random(rnd, n * k), arena);
            float[] x = random(rnd, rows * k);
            float[] expected = new float[rows * n];
            float[] actual = new float[rows * n];
            REF.matmul(x, rows, w, null, expected);
            FAST.matmul(x, rows, w, null, actual);
            assertClose(actual, expected, rows * n, 1e-4);
        }
    }

    /**
     * Above a few thousand elements the elementwise kernels split their work over the pool; every
     * element is computed as on one thread (so a batch's rows do not change with its size) and
     * matches the reference.
     */
    @Property(tries = 12)
    void largeElementwiseWorkSplitOverThePoolGivesTheSameBits(@ForAll @IntRange(min = 1, max = 64) int rows,
            @ForAll @IntRange(min = 200, max = 1500) int dim, @ForAll long seed) {
        Random rnd = new Random(seed);
        int n = rows * dim;
        float[] x = random(rnd, n);
        float[] weight = random(rnd, dim);
        try (WorkerPool one = new WorkerPool(1); WorkerPool four = new WorkerPool(4)) {
            Kernels serial = new VectorKernels(one);
            Kernels split = new VectorKernels(four);
            float[] a = new float[n];
            float[] b = new float[n];
            serial.rmsNorm(x, a, weight, rows, dim, 1e-5f);
            split.rmsNorm(x, b, weight, rows, dim, 1e-5f);
            assertThat(b).containsExactly(a);
            float[] ref = new float[n];
            REF.rmsNorm(x, ref, weight, rows, dim, 1e-5f);
            assertClose(b, ref, n, 1e-5);

            float[] up = random(rnd, n);
            float[] g1 = random(rnd, n);
            float[] g2 = g1.clone();
            float[] g3 = g1.clone();
            serial.siluMul(g1, up, n);
            split.siluMul(g2, up, n);
            REF.siluMul(g3, up, n);
            assertThat(g2).containsExactly(g1);
            assertClose(g2, g3, n, 1e-5);

            float[] s1 = x.clone();
            float[] s2 = x.clone();
            serial.add(s1, up, n);
            split.add(s2, up, n);
            assertThat(s2).containsExactly(s1);
            for (int i = 0; i < n; i++) assertThat(s2[i]).isEqualTo(x[i] + up[i]);
        }
    }

    @Property(tries = 40)
    void elementwiseKernelsMatchReference(@ForAll @IntRange(min = 1, max = 5) int rows,
            @ForAll @IntRange(min = 1, max = 100) int dim, @ForAll long seed) {
        Random rnd = new Random(seed);
        float[] x = random(rnd, rows * dim);
        float[] weight = random(rnd, dim);
        float[] a = new float[rows * dim];
        float[] b = new float[rows * dim];
        REF.rmsNorm(x, a, weight, rows, dim, 1e-5f);
        FAST.rmsNorm(x, b, weight, rows, dim, 1e-5f);
        assertClose(b, a, rows * dim, 1e-5);

        float[] gate1 = random(rnd, rows * dim);
        float[] gate2 = gate1.clone();
        float[] up = random(rnd, rows * dim);
        REF.siluMul(gate1, up, rows * dim);
        FAST.siluMul(gate2, up, rows * dim);
        assertClose(gate2, gate1, rows * dim, 1e-5);

        float[] s1 = random(rnd, dim + 3);
        float[] s2 = s1.clone();
        REF.softmax(s1, 3, dim);
        FAST.softmax(s2, 3, dim);
        assertClose(s2, s1, dim + 3, 1e-6);
        float sum = 0;
        for (int i = 3; i < dim + 3; i++) sum += s2[i];
        assertThat(sum).isCloseTo(1f, within(1e-5f));

        float[] l1 = random(rnd, dim + 3);
        float[] l2 = l1.clone();
        float[] p = l1.clone();
        REF.logSoftmax(l1, 3, dim);
        FAST.logSoftmax(l2, 3, dim);
        FAST.softmax(p, 3, dim);
        assertClose(l2, l1, dim + 3, 1e-5);
        for (int i = 3; i < dim + 3; i++) assertThat((float) Math.exp(l2[i])).isCloseTo(p[i], within(1e-5f + 1e-4f * p[i]));
        assertThat(l2[0]).isEqualTo(l1[0]); // outside the range: untouched

        float[] acc1 = random(rnd, dim);
        float[] acc2 = acc1.clone();
        float[] add = random(rnd, dim);
        REF.add(acc1, add, dim);
        FAST.add(acc2, add, dim);
        assertThat(acc2).containsExactly(acc1);
    }

    @Property(tries = 40)
    void pagedAttentionMatchesReference(@ForAll @IntRange(min = 1, max = 4) int rows,
            @ForAll @IntRange(min = 1, max = 3) int kvHeads, @ForAll @IntRange(min = 1, max = 3) int group,
            @ForAll @IntRange(min = 1, max = 40) int halfHeadDim, @ForAll @IntRange(min = 1, max = 70) int maxContext,
            @ForAll boolean smallBlocks, @ForAll long seed) {
        Random rnd = new Random(seed);
        int headDim = 2 * halfHeadDim;
        AttentionShape shape = new AttentionShape(kvHeads * group, kvHeads, headDim);
        int blockSize = smallBlocks ? 4 : 16; // 16 takes the whole-block path, 4 the per-position one
        int blocks = 64;
        KvLayer kv = new KvLayer(random(rnd, blocks * blockSize * shape.kvDim()),
                random(rnd, blocks * blockSize * shape.kvDim()), blockSize, shape.kvDim(), headDim);
        int[][] tables = new int[rows][];
        int[] ctx = new int[rows];
        for (int r = 0; r < rows; r++) {
            ctx[r] = 1 + rnd.nextInt(maxContext);
            tables[r] = new int[(ctx[r] + blockSize - 1) / blockSize];
            for (int i = 0; i < tables[r].length; i++) tables[r][i] = rnd.nextInt(blocks); // scattered blocks
        }
        attendAndCompare(random(rnd, rows * shape.qDim()), rows, shape, kv, tables, ctx);
    }

    /** Attention of q by both kernels, asserted close; returns the fast kernel's output. */
    private static float[] attendAndCompare(float[] q, int rows, AttentionShape shape, KvLayer kv, int[][] tables, int[] ctx) {
        float[] expected = new float[rows * shape.qDim()];
        float[] actual = new float[rows * shape.qDim()];
        REF.attention(q, expected, rows, shape, kv, tables, ctx);
        FAST.attention(q, actual, rows, shape, kv, tables, ctx);
        assertClose(actual, expected, rows * shape.qDim(), 1e-5);
        return actual;
    }

    /**
     * Rows of one sequence's prompt chunk (one block table, consecutive positions) beside
     * decoding rows of another: each row must match the reference and come out bit for bit as
     * it does when attended alone, whatever shares its call (the engine's batch invariance).
     */
    @Property(tries = 40)
    void promptChunkRowsMatchTheReferenceAndTheirOwnResultAlone(@ForAll @IntRange(min = 2, max = 40) int chunkRows,
            @ForAll @IntRange(min = 0, max = 50) int start, @ForAll @IntRange(min = 1, max = 3) int group,
            @ForAll boolean smallBlocks, @ForAll long seed) {
        Random rnd = new Random(seed);
        AttentionShape shape = new AttentionShape(2 * group, 2, 32);
        int blockSize = smallBlocks ? 4 : 16;
        int blocks = 48;
        KvLayer kv = new KvLayer(random(rnd, blocks * blockSize * shape.kvDim()),
                random(rnd, blocks * blockSize * shape.kvDim()), blockSize, shape.kvDim(), shape.headDim());
        int[] prompt = new int[(start + chunkRows + blockSize - 1) / blockSize];
        for (int i = 0; i < prompt.length; i++) prompt[i] = 2 * i + 1; // odd blocks: the chunk's sequence
        int[] other = {0, 2, 4, 6}; // a decoding row of another sequence, first and last
        int rows = chunkRows + 2;
        int[][] tables = new int[rows][];
        int[] ctx = new int[rows];
        tables[0] = other;
        ctx[0] = 1 + rnd.nextInt(other.length * blockSize);
        for (int i = 0; i < chunkRows; i++) {
            tables[1 + i] = prompt;
            ctx[1 + i] = start + i + 1;
        }
        tables[rows - 1] = other;
        ctx[rows - 1] = ctx[0];
        float[] q = random(rnd, rows * shape.qDim());
        float[] actual = attendAndCompare(q, rows, shape, kv, tables, ctx);
        int qd = shape.qDim();
        for (int r = 0; r < rows; r++) {
            float[] alone = new float[qd];
            FAST.attention(java.util.Arrays.copyOfRange(q, r * qd, (r + 1) * qd), alone, 1, shape, kv,
                    new int[][] {tables[r]}, new int[] {ctx[r]});
            assertThat(java.util.Arrays.copyOfRange(actual, r * qd, (r + 1) * qd)).as("row %d", r).containsExactly(alone);
        }
    }

    @Property(tries = 200)
    void vectorAndScalarExpAgreeBitForBitAndWithMathExp(@ForAll float x) {
        if (Float.isNaN(x)) return;
        float[] lanes = new float[jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length()];
        java.util.Arrays.fill(lanes, x);
        float vector = VectorKernels.exp(jdk.incubator.vector.FloatVector.fromArray(
                jdk.incubator.vector.FloatVector.SPECIES_PREFERRED, lanes, 0)).lane(0);
        float scalar = VectorKernels.exp(x);
        assertThat(Float.floatToIntBits(vector)).isEqualTo(Float.floatToIntBits(scalar));
        if (x > -87f && x < 88f) {
            assertThat((double) scalar).isCloseTo(Math.exp(x), within(Math.exp(x) * 1e-6));
        }
    }

    @Test
    void expIsAccurateAcrossItsRange() {
        for (float x = -87f; x < 88f; x += 0.01f) {
            assertThat((double) VectorKernels.exp(x)).as("exp(%s)", x).isCloseTo(Math.exp(x), within(Math.exp(x) * 1e-6));
        }
    }

    @Test
    void laneSumIsTheSameWhateverTheJitDoes() {
        Random rnd = new Random(3);
        var species = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED;
        float[] a = random(rnd, species.length());
        float first = VectorKernels.sum(jdk.incubator.vector.FloatVector.fromArray(species, a, 0));
        for (int i = 0; i < 200_000; i++) { // long enough for C2 to compile sum()
            assertThat(VectorKernels.sum(jdk.incubator.vector.FloatVector.fromArray(species, a, 0))).isEqualTo(first);
        }
    }

    @Test
    void workerPoolRunsEveryChunkExactlyOnce() {
        int[] hits = new int[1000];
        for (int round = 0; round < 200; round++) {
            POOL.parallelFor(hits.length, c -> hits[c]++);
        }
        for (int h : hits) assertThat(h).isEqualTo(200);
    }
}
