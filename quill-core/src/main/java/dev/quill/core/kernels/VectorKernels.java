package dev.quill.core.kernels;

import dev.quill.core.tensor.Tensor;
import java.lang.foreign.Arena;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the Vector API, with the big loops split over a {@link WorkerPool}.
 *
 * <p>The matmul runs on weights packed once per matrix ({@link PackedMatrix}, at model load):
 * outer-product tiles of 64 outputs by up to 4 activation rows, each weight vector loaded once
 * and used by every row of the batch, each tile's weights read as one sequential stream, and no
 * horizontal sums, so results are deterministic and the same whatever the batch. BF16 weights
 * stay 16-bit in memory and are widened in registers (a shift or a mask), so they cost half the
 * memory traffic of F32.
 */
public final class VectorKernels implements Kernels {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = F.length();

    private final WorkerPool pool;

    public VectorKernels(WorkerPool pool) {
        this.pool = pool;
    }

    public WorkerPool pool() {
        return pool;
    }

    // ---------------------------------------------------------------- matmul

    @Override
    public void matmul(float[] x, int rows, Tensor w, float[] bias, float[] out) {
        matmul(x, rows, new Tensor[] {w}, new float[][] {bias}, new float[][] {out});
    }

    /** Packs the matrix for the matmul kernel now rather than on its first use. */
    @Override
    public void prepare(Tensor w) {
        packed(w);
    }

    @Override
    public void matmul(float[] x, int rows, Tensor[] ws, float[][] biases, float[][] outs) {
        PackedMatrix[] ps = new PackedMatrix[ws.length];
        int[] firstTile = new int[ws.length + 1];
        for (int t = 0; t < ws.length; t++) {
            if (ws[t].cols() != ws[0].cols()) {
                throw new IllegalArgumentException("tensor " + ws[t].name() + " has " + ws[t].cols() + " columns, "
                        + ws[0].name() + " has " + ws[0].cols());
            }
            ps[t] = packed(ws[t]);
            firstTile[t + 1] = firstTile[t] + ps[t].tiles;
        }
        // One chunk per tile of 64 outputs: small enough to balance the threads, large enough
        // (64 x K weights) that hand-off costs little. When there are few tiles for the threads
        // (a 512-wide output is 8 tiles; 16 threads would leave half idle), the rows are split too,
        // in groups of a multiple of 4 so that every row takes the same kernel as unsplit.
        int tiles = firstTile[ws.length];
        int groups = Math.max(1, Math.min((2 * pool.parallelism() + tiles - 1) / tiles, rows / 8));
        int perGroup = (rows + groups - 1) / groups + 3 & ~3;
        pool.parallelFor(tiles * groups, c -> {
            int tile = c / groups;
            int from = Math.min(rows, c % groups * perGroup);
            int to = Math.min(rows, from + perGroup);
            int t = 0;
            while (tile >= firstTile[t + 1]) t++;
            ps[t].multiplyTile(x, from, to, tile - firstTile[t], biases == null ? null : biases[t], outs[t]);
        });
    }

    /**
     * Weights packed for the kernel, by tensor. Keys are held weakly (a Tensor record compares
     * its shape array by reference, so this is an identity map in practice): a model's packed
     * copies live as long as its weights do, in memory the GC frees with them.
     */
    private final Map<Tensor, PackedMatrix> packed = Collections.synchronizedMap(new WeakHashMap<>());

    private PackedMatrix packed(Tensor w) {
        return packed.computeIfAbsent(w, t -> PackedMatrix.pack(t, Arena.ofAuto()));
    }

    // ---------------------------------------------------------------- element-wise

    @Override
    public void rmsNorm(float[] x, float[] out, float[] weight, int rows, int dim, float eps) {
        split(rows, Math.min(rows, chunks((long) rows * dim)), 1, (from, to) -> rmsNormRows(x, out, weight, from, to, dim, eps));
    }

    /**
     * Chunks for elementwise work on {@code n} elements: one (the calling thread) below
     * {@value #PARALLEL_MIN_ELEMENTS} elements a chunk, at most the pool's threads. On a 16-core
     * host the step's elementwise kernels, left on the engine thread, held the kernel threads idle
     * for about a fifth of the step (docs/benchmarks.md, "The engine on a 16-core host").
     */
    private int chunks(long n) {
        return (int) Math.max(1, Math.min(pool.parallelism(), n / PARALLEL_MIN_ELEMENTS));
    }

    /** Elements an elementwise chunk has at least: a hand-off to the pool costs microseconds. */
    private static final int PARALLEL_MIN_ELEMENTS = 8 * 1024;

    private static void rmsNormRows(float[] x, float[] out, float[] weight, int from, int to, int dim, float eps) {
        int bound = dim - dim % LANES;
        for (int r = from; r < to; r++) {
            int base = r * dim;
            FloatVector acc = FloatVector.zero(F);
            int i = 0;
            for (; i < bound; i += LANES) {
                FloatVector v = FloatVector.fromArray(F, x, base + i);
                acc = v.fma(v, acc);
            }
            float ss = sum(acc);
            for (; i < dim; i++) {
                ss += x[base + i] * x[base + i];
            }
            float inv = (float) (1.0 / Math.sqrt(ss / dim + eps));
            i = 0;
            for (; i < bound; i += LANES) {
                FloatVector.fromArray(F, x, base + i).mul(inv).mul(FloatVector.fromArray(F, weight, i)).intoArray(out, base + i);
            }
            for (; i < dim; i++) {
                out[base + i] = x[base + i] * inv * weight[i];
            }
        }
    }

    @Override
    public void siluMul(float[] gate, float[] up, int n) {
        overElements(n, (from, to) -> siluMulRange(gate, up, from, to));
    }

    /** Items {@code [from, to)} of a loop split over the pool. */
    private interface Range {
        void run(int from, int to);
    }

    /** Runs {@code body} over {@code n} elements, split over the pool when they are many (lane-aligned chunks). */
    private void overElements(int n, Range body) {
        split(n, chunks(n), LANES, body);
    }

    /**
     * Runs {@code body} over {@code [0, count)} in {@code chunks} ranges that start at multiples
     * of {@code align}; on the calling thread alone when there is one (or none).
     */
    private void split(int count, int chunks, int align, Range body) {
        if (chunks <= 1) {
            body.run(0, count);
            return;
        }
        int per = ((count + chunks - 1) / chunks + align - 1) / align * align;
        pool.parallelFor(chunks, c -> body.run(Math.min(count, c * per), Math.min(count, (c + 1) * per)));
    }

    /** {@code gate[from..n)} becomes SiLU(gate) times {@code up}; {@code from} is a multiple of the lanes. */
    private static void siluMulRange(float[] gate, float[] up, int from, int n) {
        int bound = n - (n - from) % LANES;
        int i = from;
        for (; i < bound; i += LANES) {
            FloatVector g = FloatVector.fromArray(F, gate, i);
            FloatVector sig = exp(g.neg()).add(1f);
            g.div(sig).mul(FloatVector.fromArray(F, up, i)).intoArray(gate, i);
        }
        for (; i < n; i++) {
            float g = gate[i];
            gate[i] = g / (1f + exp(-g)) * up[i];
        }
    }

    @Override
    public void add(float[] acc, float[] x, int n) {
        overElements(n, (from, to) -> addRange(acc, x, from, to));
    }

    private static void addRange(float[] acc, float[] x, int from, int n) {
        int bound = n - (n - from) % LANES;
        int i = from;
        for (; i < bound; i += LANES) {
            FloatVector.fromArray(F, acc, i).add(FloatVector.fromArray(F, x, i)).intoArray(acc, i);
        }
        for (; i < n; i++) {
            acc[i] += x[i];
        }
    }

    @Override
    public void softmax(float[] x, int offset, int length) {
        float sum = expShifted(x, offset, length, max(x, offset, length), true);
        float inv = 1f / sum;
        int bound = length - length % LANES;
        int i = 0;
        for (; i < bound; i += LANES) {
            FloatVector.fromArray(F, x, offset + i).mul(inv).intoArray(x, offset + i);
        }
        for (; i < length; i++) {
            x[offset + i] *= inv;
        }
    }

    @Override
    public void logSoftmax(float[] x, int offset, int length) {
        float max = max(x, offset, length);
        float shift = max + (float) Math.log(expShifted(x, offset, length, max, false));
        int bound = length - length % LANES;
        int i = 0;
        for (; i < bound; i += LANES) {
            FloatVector.fromArray(F, x, offset + i).sub(shift).intoArray(x, offset + i);
        }
        for (; i < length; i++) {
            x[offset + i] -= shift;
        }
    }

    private static float max(float[] x, int offset, int length) {
        int bound = length - length % LANES;
        FloatVector mv = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i < bound; i += LANES) {
            // compare and blend, not max: on this JDK and CPU C2 leaves FloatVector.max to its Java
            // fallback here (JFR: 7% of a tutor-model engine run in softmax's max loop)
            FloatVector v = FloatVector.fromArray(F, x, offset + i);
            mv = mv.blend(v, mv.lt(v));
        }
        float max = mv.reduceLanes(VectorOperators.MAX);
        for (; i < length; i++) {
            max = Math.max(max, x[offset + i]);
        }
        return max;
    }

    /** sum(exp(x - max)) over x[offset, offset + length), storing each exp in place when {@code store}. */
    private static float expShifted(float[] x, int offset, int length, float max, boolean store) {
        int bound = length - length % LANES;
        FloatVector sv = FloatVector.zero(F);
        int i = 0;
        for (; i < bound; i += LANES) {
            FloatVector e = exp(FloatVector.fromArray(F, x, offset + i).sub(max));
            if (store) e.intoArray(x, offset + i);
            sv = sv.add(e);
        }
        float sum = sum(sv);
        for (; i < length; i++) {
            float e = exp(x[offset + i] - max);
            if (store) x[offset + i] = e;
            sum += e;
        }
        return sum;
    }

    // ---------------------------------------------------------------- attention

    /** Attention jobs per layer call to aim for: enough for two threads to balance, few enough to stream. */
    private static final int ATTENTION_CHUNKS = 16;

    @Override
    public void attention(float[] q, float[] out, int rows, AttentionShape shape, KvLayer kv, int[][] blockTables,
            int[] contextLengths) {
        // One job covers a run of a row's heads (all of them once there are 16 rows or more):
        // a block keeps its heads' keys, and their values, side by side, so the job reads each
        // block as one stream of up to 32 KiB instead of 4 KiB pieces. Attention over a cache
        // that does not fit in L3 is bound by how well those reads stream (16 rows x 8 heads at
        // context 101, 8 layers: 6.3 ms one head per job, 1 thread).
        int heads = shape.numHeads();
        int wanted = Math.min(heads, Math.max(1, ATTENTION_CHUNKS / rows));
        int perGroup = (heads + wanted - 1) / wanted;
        int groups = (heads + perGroup - 1) / perGroup;
        pool.parallelFor(rows * groups, c -> {
            int h0 = c % groups * perGroup;
            attendHeads(q, out, c / groups, h0, Math.min(heads, h0 + perGroup), shape, kv, blockTables, contextLengths);
        });
    }

    /** Attention of row r's query heads [h0, h1), block by block, each block's heads in turn. */
    private void attendHeads(float[] q, float[] out, int r, int h0, int h1, AttentionShape shape, KvLayer kv,
            int[][] blockTables, int[] contextLengths) {
        int hd = shape.headDim();
        int ctx = contextLengths[r];
        int group = shape.numHeads() / shape.numKvHeads();
        int[] table = blockTables[r];
        float scale = shape.scale();
        int bs = kv.blockSize();
        int blocks = (ctx + bs - 1) / bs;
        int stride = blocks * bs;
        float[] scores = new float[(h1 - h0) * stride];
        for (int b = 0; b < blocks; b++) {
            for (int h = h0; h < h1; h++) {
                int qBase = (r * shape.numHeads() + h) * hd;
                int base = kv.headBase(table[b], h / group);
                int sOff = (h - h0) * stride + b * bs;
                if (bs == LANES) {
                    blockScores(kv.keys(), base, q, qBase, hd, scale, scores, sOff);
                } else {
                    for (int i = 0, n = Math.min(bs, ctx - b * bs); i < n; i++) {
                        float dot = 0f;
                        for (int d = 0; d < hd; d++) {
                            dot = Math.fma(kv.keys()[base + d * bs + i], q[qBase + d], dot);
                        }
                        scores[sOff + i] = dot * scale;
                    }
                }
            }
        }
        for (int h = h0; h < h1; h++) {
            softmax(scores, (h - h0) * stride, ctx);
            java.util.Arrays.fill(out, (r * shape.numHeads() + h) * hd, (r * shape.numHeads() + h + 1) * hd, 0f);
        }
        // out = sum_t p_t * v_t, sequential in t like the scalar reference, the sums carried in
        // out from one block to the next (a float stored and reloaded is the same float)
        for (int b = 0; b < blocks; b++) {
            int n = Math.min(bs, ctx - b * bs);
            for (int h = h0; h < h1; h++) {
                addWeightedValues(kv.values(), kv.headBase(table[b], h / group), n, hd, scores, (h - h0) * stride + b * bs,
                        out, (r * shape.numHeads() + h) * hd);
            }
        }
    }

    /**
     * The 16 scores of one block of one head at once: key element d of all 16 positions is one
     * contiguous vector (keys are stored transposed per block), times the broadcast q[d]. Four
     * independent FMA chains over the head's dimensions (d mod 4), so the loop is not bound by
     * FMA latency; they are added in a fixed order at the end.
     */
    private static void blockScores(float[] keys, int base, float[] q, int qBase, int hd, float scale, float[] scores,
            int sOff) {
        int hd4 = hd - hd % 4;
        FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F), a2 = FloatVector.zero(F), a3 = FloatVector.zero(F);
        int d = 0;
        for (; d < hd4; d += 4) {
            a0 = FloatVector.fromArray(F, keys, base + d * LANES).fma(FloatVector.broadcast(F, q[qBase + d]), a0);
            a1 = FloatVector.fromArray(F, keys, base + (d + 1) * LANES).fma(FloatVector.broadcast(F, q[qBase + d + 1]), a1);
            a2 = FloatVector.fromArray(F, keys, base + (d + 2) * LANES).fma(FloatVector.broadcast(F, q[qBase + d + 2]), a2);
            a3 = FloatVector.fromArray(F, keys, base + (d + 3) * LANES).fma(FloatVector.broadcast(F, q[qBase + d + 3]), a3);
        }
        for (; d < hd; d++) {
            a0 = FloatVector.fromArray(F, keys, base + d * LANES).fma(FloatVector.broadcast(F, q[qBase + d]), a0);
        }
        a0.add(a1).add(a2.add(a3)).mul(scale).intoArray(scores, sOff);
    }

    /**
     * out[o, o + hd) += sum over the n positions of one block's run of one head's values (rows
     * of hd from {@code v}) of p_t * v_t, with p_t = scores[s + t], in t order. Four LANES-wide
     * slices of the head at a time: four independent chains per position.
     */
    private static void addWeightedValues(float[] values, int v, int n, int hd, float[] scores, int s, float[] out, int o) {
        int bound = hd - hd % LANES;
        int d = 0;
        for (; d + 4 * LANES <= bound; d += 4 * LANES) {
            FloatVector a0 = FloatVector.fromArray(F, out, o + d), a1 = FloatVector.fromArray(F, out, o + d + LANES);
            FloatVector a2 = FloatVector.fromArray(F, out, o + d + 2 * LANES), a3 = FloatVector.fromArray(F, out, o + d + 3 * LANES);
            for (int t = 0, row = v + d; t < n; t++, row += hd) {
                FloatVector p = FloatVector.broadcast(F, scores[s + t]);
                a0 = FloatVector.fromArray(F, values, row).fma(p, a0);
                a1 = FloatVector.fromArray(F, values, row + LANES).fma(p, a1);
                a2 = FloatVector.fromArray(F, values, row + 2 * LANES).fma(p, a2);
                a3 = FloatVector.fromArray(F, values, row + 3 * LANES).fma(p, a3);
            }
            a0.intoArray(out, o + d);
            a1.intoArray(out, o + d + LANES);
            a2.intoArray(out, o + d + 2 * LANES);
            a3.intoArray(out, o + d + 3 * LANES);
        }
        for (; d < bound; d += LANES) {
            FloatVector acc = FloatVector.fromArray(F, out, o + d);
            for (int t = 0, row = v + d; t < n; t++, row += hd) {
                acc = FloatVector.fromArray(F, values, row).fma(FloatVector.broadcast(F, scores[s + t]), acc);
            }
            acc.intoArray(out, o + d);
        }
        for (; d < hd; d++) {
            float acc = out[o + d];
            for (int t = 0, row = v + d; t < n; t++, row += hd) {
                acc = Math.fma(values[row], scores[s + t], acc);
            }
            out[o + d] = acc;
        }
    }

    // ---------------------------------------------------------------- deterministic math
    //
    // The Vector API computes reduceLanes(ADD) and lanewise(EXP) one way when compiled and
    // another when interpreted, so the same inputs could round differently from call to call.
    // These use only lane-wise adds, multiplies and FMAs, which are exact IEEE operations in
    // every mode, so a result never depends on JIT state or on which rows share a batch.

    // Shuffles that pair lane i with lane i ^ h, for h = LANES/2, LANES/4, ... (unused ones are never read).
    private static final VectorShuffle<Float> SWAP_1 = VectorShuffle.fromOp(F, i -> i ^ Math.max(1, LANES / 2));
    private static final VectorShuffle<Float> SWAP_2 = VectorShuffle.fromOp(F, i -> i ^ Math.max(1, LANES / 4));
    private static final VectorShuffle<Float> SWAP_3 = VectorShuffle.fromOp(F, i -> i ^ Math.max(1, LANES / 8));
    private static final VectorShuffle<Float> SWAP_4 = VectorShuffle.fromOp(F, i -> i ^ Math.max(1, LANES / 16));

    /**
     * Sum of the lanes by pairwise halving: lane i meets lane i + LANES/2, then i + LANES/4, ...
     * Split into methods of a few bytes each because C2 inlines only tiny methods at cold call
     * sites (after a tile's loop), and a vector crossing a call that is not inlined is boxed.
     * (reduceLanes(ADD) is faster, but its compiled and interpreted forms add in different
     * orders, so results would depend on JIT state: see docs/benchmarks.md for the cost.)
     */
    static float sum(FloatVector v) {
        return fold4(fold3(fold2(fold1(v)))).lane(0);
    }

    private static FloatVector fold1(FloatVector v) {
        return v.add(v.rearrange(SWAP_1));
    }

    private static FloatVector fold2(FloatVector v) {
        return LANES >= 4 ? v.add(v.rearrange(SWAP_2)) : v;
    }

    private static FloatVector fold3(FloatVector v) {
        return LANES >= 8 ? v.add(v.rearrange(SWAP_3)) : v;
    }

    private static FloatVector fold4(FloatVector v) {
        return LANES >= 16 ? v.add(v.rearrange(SWAP_4)) : v;
    }

    private static final float EXP_MIN = -87.3f;
    private static final float EXP_MAX = 88.3f;
    private static final float LOG2E = 1.44269504f;
    private static final float LN2_HI = 0.693359375f; // ln 2 split so that n * LN2_HI is exact
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float ROUND_MAGIC = 12582912f; // 1.5 * 2^23: adding it rounds to an integer

    /** e^x for each lane: Cody-Waite reduction to r in [-ln2/2, ln2/2], a degree-6 Taylor polynomial, times 2^n. */
    public static FloatVector exp(FloatVector x) {
        x = x.max(EXP_MIN).min(EXP_MAX);
        FloatVector n = x.fma(LOG2E, ROUND_MAGIC).sub(ROUND_MAGIC);
        FloatVector r = n.fma(FloatVector.broadcast(F, -LN2_HI), x);
        r = n.fma(FloatVector.broadcast(F, -LN2_LO), r);
        FloatVector p = r.fma(1f / 720, 1f / 120);
        p = p.fma(r, FloatVector.broadcast(F, 1f / 24));
        p = p.fma(r, FloatVector.broadcast(F, 1f / 6));
        p = p.fma(r, FloatVector.broadcast(F, 0.5f));
        p = p.fma(r, FloatVector.broadcast(F, 1f));
        p = p.fma(r, FloatVector.broadcast(F, 1f));
        IntVector bits = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
        return p.mul(bits.reinterpretAsFloats());
    }

    /** The same function as {@link #exp(FloatVector)}, one value at a time, operation for operation. */
    public static float exp(float x) {
        x = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
        float n = Math.fma(x, LOG2E, ROUND_MAGIC) - ROUND_MAGIC;
        float r = Math.fma(n, -LN2_HI, x);
        r = Math.fma(n, -LN2_LO, r);
        float p = Math.fma(r, 1f / 720, 1f / 120);
        p = Math.fma(p, r, 1f / 24);
        p = Math.fma(p, r, 1f / 6);
        p = Math.fma(p, r, 0.5f);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        return p * Float.intBitsToFloat(((int) n + 127) << 23);
    }

}
