package dev.quill.core.kernels;

import dev.quill.core.tensor.DType;
import dev.quill.core.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the Vector API, with the big loops split over a {@link WorkerPool}.
 *
 * <p>The matmul works on tiles of 4 weight rows by 4 activation rows: each weight vector
 * loaded from memory feeds 4 FMAs (one per activation row) and each activation vector feeds 4
 * (one per weight row), so the loop is bound by FMA throughput instead of loads. The tile of
 * weight rows stays in L1 while every activation row passes over it, so the weights stream from
 * memory once per call whatever the batch: decode of B sequences costs about what decode of one
 * does, up to the machine's balance point. BF16 weights are widened in registers (a 16-bit left
 * shift into the float's high half), so they cost half the memory traffic of F32.
 */
public final class VectorKernels implements Kernels {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = F.length();
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfShort I16_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);

    /** Weight rows per parallel chunk are a multiple of this (the tile height). */
    private static final int TILE = 4;

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

    @Override
    public void matmul(float[] x, int rows, Tensor[] ws, float[][] biases, float[][] outs) {
        int totalRows = 0;
        for (Tensor w : ws) {
            if (w.dtype() == DType.F16) {
                throw new IllegalArgumentException("tensor " + w.name() + ": F16 weights must be widened at load time");
            }
            if (w.cols() != ws[0].cols()) {
                throw new IllegalArgumentException("tensor " + w.name() + " has " + w.cols() + " columns, "
                        + ws[0].name() + " has " + ws[0].cols());
            }
            totalRows += w.rows();
        }
        // Enough chunks to balance the threads, each a whole number of tiles of one tensor.
        int target = pool.parallelism() * 4;
        int chunkRows = Math.max(TILE * 4, roundUp(ceilDiv(totalRows, target), TILE));
        int[] firstChunk = new int[ws.length + 1];
        for (int t = 0; t < ws.length; t++) {
            firstChunk[t + 1] = firstChunk[t] + ceilDiv(ws[t].rows(), chunkRows);
        }
        int k = ws[0].cols();
        boolean anyBf16 = false;
        for (Tensor w : ws) anyBf16 |= w.dtype() == DType.BF16;
        float[] xPaired = anyBf16 ? pairForBf16(x, rows, k) : null;
        pool.parallelFor(firstChunk[ws.length], c -> {
            int t = 0;
            while (c >= firstChunk[t + 1]) t++;
            Tensor w = ws[t];
            int n = w.rows();
            int n0 = (c - firstChunk[t]) * chunkRows;
            int n1 = Math.min(n, n0 + chunkRows);
            float[] bias = biases == null ? null : biases[t];
            boolean bf16 = w.dtype() == DType.BF16;
            matmulRange(bf16 ? xPaired : x, rows, w.data(), bf16, k, n, n0, n1, bias, outs[t]);
        });
    }

    /** Output columns [n0, n1) of out = x * w^T (+ bias); for BF16 weights x is in pairForBf16's order. */
    private static void matmulRange(float[] x, int rows, MemorySegment w, boolean bf16, int k, int n, int n0, int n1,
            float[] bias, float[] out) {
        if (rows < 4) {
            // Too few rows to reuse a weight vector: stream each weight row once, front to back,
            // which the hardware prefetcher follows far better than four interleaved short rows.
            for (int j = n0; j < n1; j++) {
                for (int r = 0; r < rows; r++) {
                    out[r * n + j] = dotPlusBias(x, r, w, bf16, k, j, bias);
                }
            }
            return;
        }
        int j = n0;
        for (; j + TILE <= n1; j += TILE) {
            int r = 0;
            for (; r + 4 <= rows; r += 4) {
                if (bf16) {
                    tile4x4Bf16(x, r, w, k, n, j, bias, out);
                } else {
                    tile4x4(x, r, w, k, n, j, bias, out);
                }
            }
            // leftover rows: same operations in the same order as a tile, so a row's result never
            // depends on how many rows share the batch
            for (; r < rows; r++) {
                for (int jj = j; jj < j + TILE; jj++) {
                    out[r * n + jj] = dotPlusBias(x, r, w, bf16, k, jj, bias);
                }
            }
        }
        for (; j < n1; j++) {
            for (int r = 0; r < rows; r++) {
                out[r * n + j] = dotPlusBias(x, r, w, bf16, k, j, bias);
            }
        }
    }

    /** Row r of x against weight row j, plus bias[j]: what a tile computes for that pair. */
    private static float dotPlusBias(float[] x, int r, MemorySegment w, boolean bf16, int k, int j, float[] bias) {
        float s = bf16 ? dotBf16(x, r * k, w, (long) j * k, k) : dot(x, r * k, w, (long) j * k, k);
        return bias == null ? s : s + bias[j];
    }

    private static float wAt(MemorySegment w, long element) {
        return w.getAtIndex(F32_LE, element);
    }

    private static void tile4x4(float[] x, int r, MemorySegment w, int k, int n, int j, float[] bias,
            float[] out) {
        FloatVector a00 = FloatVector.zero(F), a01 = FloatVector.zero(F), a02 = FloatVector.zero(F), a03 = FloatVector.zero(F);
        FloatVector a10 = FloatVector.zero(F), a11 = FloatVector.zero(F), a12 = FloatVector.zero(F), a13 = FloatVector.zero(F);
        FloatVector a20 = FloatVector.zero(F), a21 = FloatVector.zero(F), a22 = FloatVector.zero(F), a23 = FloatVector.zero(F);
        FloatVector a30 = FloatVector.zero(F), a31 = FloatVector.zero(F), a32 = FloatVector.zero(F), a33 = FloatVector.zero(F);
        long w0 = (long) j * k, w1 = w0 + k, w2 = w1 + k, w3 = w2 + k;
        int x0 = r * k, x1 = x0 + k, x2 = x1 + k, x3 = x2 + k;
        int bound = k - k % LANES;
        int i = 0;
        for (; i < bound; i += LANES) {
            FloatVector v0 = FloatVector.fromMemorySegment(F, w, (w0 + i) * 4, LE);
            FloatVector v1 = FloatVector.fromMemorySegment(F, w, (w1 + i) * 4, LE);
            FloatVector v2 = FloatVector.fromMemorySegment(F, w, (w2 + i) * 4, LE);
            FloatVector v3 = FloatVector.fromMemorySegment(F, w, (w3 + i) * 4, LE);
            FloatVector u = FloatVector.fromArray(F, x, x0 + i);
            a00 = v0.fma(u, a00); a01 = v1.fma(u, a01); a02 = v2.fma(u, a02); a03 = v3.fma(u, a03);
            u = FloatVector.fromArray(F, x, x1 + i);
            a10 = v0.fma(u, a10); a11 = v1.fma(u, a11); a12 = v2.fma(u, a12); a13 = v3.fma(u, a13);
            u = FloatVector.fromArray(F, x, x2 + i);
            a20 = v0.fma(u, a20); a21 = v1.fma(u, a21); a22 = v2.fma(u, a22); a23 = v3.fma(u, a23);
            u = FloatVector.fromArray(F, x, x3 + i);
            a30 = v0.fma(u, a30); a31 = v1.fma(u, a31); a32 = v2.fma(u, a32); a33 = v3.fma(u, a33);
        }
        float[] s = {
            sum(a00), sum(a01),
            sum(a02), sum(a03),
            sum(a10), sum(a11),
            sum(a12), sum(a13),
            sum(a20), sum(a21),
            sum(a22), sum(a23),
            sum(a30), sum(a31),
            sum(a32), sum(a33),
        };
        for (; i < k; i++) {
            float v0 = wAt(w, w0 + i), v1 = wAt(w, w1 + i), v2 = wAt(w, w2 + i), v3 = wAt(w, w3 + i);
            for (int rr = 0; rr < 4; rr++) {
                float u = x[(r + rr) * k + i];
                s[rr * 4] += v0 * u;
                s[rr * 4 + 1] += v1 * u;
                s[rr * 4 + 2] += v2 * u;
                s[rr * 4 + 3] += v3 * u;
            }
        }
        for (int rr = 0; rr < 4; rr++) {
            int o = (r + rr) * n + j;
            for (int c = 0; c < 4; c++) {
                out[o + c] = bias == null ? s[rr * 4 + c] : s[rr * 4 + c] + bias[j + c];
            }
        }
    }

    private static float dot(float[] x, int xOff, MemorySegment w, long wOff, int k) {
        FloatVector acc = FloatVector.zero(F);
        int bound = k - k % LANES;
        int i = 0;
        for (; i < bound; i += LANES) {
            acc = FloatVector.fromMemorySegment(F, w, (wOff + i) * 4, LE).fma(FloatVector.fromArray(F, x, xOff + i), acc);
        }
        float s = sum(acc);
        for (; i < k; i++) {
            s += wAt(w, wOff + i) * x[xOff + i];
        }
        return s;
    }

    // BF16 weights: one 512-bit load brings 32 bf16 values as 16 ints, each holding an even
    // element in its low half and the next odd one in its high half. A shift left by 16 makes
    // the even ones floats, a mask the odd ones: two plain AVX-512 instructions, no shuffles.
    // The activations are rearranged once per call to match (pairForBf16), so each weight
    // vector meets the activations it multiplies.
    //
    // The loads and conversions are written out in the tiles rather than behind small helpers:
    // a tile is big enough that C2 stops inlining helpers, and a vector passed through a call
    // that is not inlined gets boxed on the heap, which costs more than the arithmetic.

    /** Per row, each 2*LANES block of x becomes its even-indexed then its odd-indexed elements; the tail stays as is. */
    static float[] pairForBf16(float[] x, int rows, int k) {
        int block = 2 * LANES;
        int bound = k - k % block;
        float[] p = new float[rows * k];
        for (int r = 0; r < rows; r++) {
            int base = r * k;
            for (int b = 0; b < bound; b += block) {
                for (int j = 0; j < LANES; j++) {
                    p[base + b + j] = x[base + b + 2 * j];
                    p[base + b + LANES + j] = x[base + b + 2 * j + 1];
                }
            }
            System.arraycopy(x, base + bound, p, base + bound, k - bound);
        }
        return p;
    }

    private static final int HIGH_HALF = 0xFFFF0000;

    private static float bf16At(MemorySegment w, long element) {
        return Float.intBitsToFloat((w.getAtIndex(I16_LE, element) & 0xFFFF) << 16);
    }

    private static void tile4x4Bf16(float[] xp, int r, MemorySegment w, int k, int n, int j, float[] bias,
            float[] out) {
        FloatVector a00 = FloatVector.zero(F), a01 = FloatVector.zero(F), a02 = FloatVector.zero(F), a03 = FloatVector.zero(F);
        FloatVector a10 = FloatVector.zero(F), a11 = FloatVector.zero(F), a12 = FloatVector.zero(F), a13 = FloatVector.zero(F);
        FloatVector a20 = FloatVector.zero(F), a21 = FloatVector.zero(F), a22 = FloatVector.zero(F), a23 = FloatVector.zero(F);
        FloatVector a30 = FloatVector.zero(F), a31 = FloatVector.zero(F), a32 = FloatVector.zero(F), a33 = FloatVector.zero(F);
        long w0 = (long) j * k, w1 = w0 + k, w2 = w1 + k, w3 = w2 + k;
        int x0 = r * k, x1 = x0 + k, x2 = x1 + k, x3 = x2 + k;
        int block = 2 * LANES;
        int bound = k - k % block;
        int i = 0;
        for (; i < bound; i += block) {
            IntVector p0 = IntVector.fromMemorySegment(I, w, (w0 + i) * 2, LE), p1 = IntVector.fromMemorySegment(I, w, (w1 + i) * 2, LE), p2 = IntVector.fromMemorySegment(I, w, (w2 + i) * 2, LE), p3 = IntVector.fromMemorySegment(I, w, (w3 + i) * 2, LE);
            FloatVector v0 = p0.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), v1 = p1.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), v2 = p2.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), v3 = p3.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector u = FloatVector.fromArray(F, xp, x0 + i);
            a00 = v0.fma(u, a00); a01 = v1.fma(u, a01); a02 = v2.fma(u, a02); a03 = v3.fma(u, a03);
            u = FloatVector.fromArray(F, xp, x1 + i);
            a10 = v0.fma(u, a10); a11 = v1.fma(u, a11); a12 = v2.fma(u, a12); a13 = v3.fma(u, a13);
            u = FloatVector.fromArray(F, xp, x2 + i);
            a20 = v0.fma(u, a20); a21 = v1.fma(u, a21); a22 = v2.fma(u, a22); a23 = v3.fma(u, a23);
            u = FloatVector.fromArray(F, xp, x3 + i);
            a30 = v0.fma(u, a30); a31 = v1.fma(u, a31); a32 = v2.fma(u, a32); a33 = v3.fma(u, a33);
            v0 = p0.and(HIGH_HALF).reinterpretAsFloats(); v1 = p1.and(HIGH_HALF).reinterpretAsFloats(); v2 = p2.and(HIGH_HALF).reinterpretAsFloats(); v3 = p3.and(HIGH_HALF).reinterpretAsFloats();
            int o = i + LANES;
            u = FloatVector.fromArray(F, xp, x0 + o);
            a00 = v0.fma(u, a00); a01 = v1.fma(u, a01); a02 = v2.fma(u, a02); a03 = v3.fma(u, a03);
            u = FloatVector.fromArray(F, xp, x1 + o);
            a10 = v0.fma(u, a10); a11 = v1.fma(u, a11); a12 = v2.fma(u, a12); a13 = v3.fma(u, a13);
            u = FloatVector.fromArray(F, xp, x2 + o);
            a20 = v0.fma(u, a20); a21 = v1.fma(u, a21); a22 = v2.fma(u, a22); a23 = v3.fma(u, a23);
            u = FloatVector.fromArray(F, xp, x3 + o);
            a30 = v0.fma(u, a30); a31 = v1.fma(u, a31); a32 = v2.fma(u, a32); a33 = v3.fma(u, a33);
        }
        float[] s = {
            sum(a00), sum(a01), sum(a02), sum(a03), sum(a10), sum(a11), sum(a12), sum(a13),
            sum(a20), sum(a21), sum(a22), sum(a23), sum(a30), sum(a31), sum(a32), sum(a33),
        };
        for (; i < k; i++) {
            float v0 = bf16At(w, w0 + i), v1 = bf16At(w, w1 + i), v2 = bf16At(w, w2 + i), v3 = bf16At(w, w3 + i);
            for (int rr = 0; rr < 4; rr++) {
                float u = xp[(r + rr) * k + i];
                s[rr * 4] += v0 * u;
                s[rr * 4 + 1] += v1 * u;
                s[rr * 4 + 2] += v2 * u;
                s[rr * 4 + 3] += v3 * u;
            }
        }
        for (int rr = 0; rr < 4; rr++) {
            int o = (r + rr) * n + j;
            for (int c = 0; c < 4; c++) {
                out[o + c] = bias == null ? s[rr * 4 + c] : s[rr * 4 + c] + bias[j + c];
            }
        }
    }

    private static float dotBf16(float[] xp, int xOff, MemorySegment w, long wOff, int k) {
        FloatVector acc = FloatVector.zero(F);
        int block = 2 * LANES;
        int bound = k - k % block;
        int i = 0;
        for (; i < bound; i += block) {
            IntVector p = IntVector.fromMemorySegment(I, w, (wOff + i) * 2, LE);
            acc = p.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F, xp, xOff + i), acc);
            acc = p.and(HIGH_HALF).reinterpretAsFloats().fma(FloatVector.fromArray(F, xp, xOff + i + LANES), acc);
        }
        float s = sum(acc);
        for (; i < k; i++) {
            s += bf16At(w, wOff + i) * xp[xOff + i];
        }
        return s;
    }

    // ---------------------------------------------------------------- element-wise

    @Override
    public void rmsNorm(float[] x, float[] out, float[] weight, int rows, int dim, float eps) {
        int bound = dim - dim % LANES;
        for (int r = 0; r < rows; r++) {
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
        int bound = n - n % LANES;
        int i = 0;
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
        int bound = n - n % LANES;
        int i = 0;
        for (; i < bound; i += LANES) {
            FloatVector.fromArray(F, acc, i).add(FloatVector.fromArray(F, x, i)).intoArray(acc, i);
        }
        for (; i < n; i++) {
            acc[i] += x[i];
        }
    }

    @Override
    public void softmax(float[] x, int offset, int length) {
        int bound = length - length % LANES;
        FloatVector mv = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i < bound; i += LANES) {
            mv = mv.max(FloatVector.fromArray(F, x, offset + i));
        }
        float max = mv.reduceLanes(VectorOperators.MAX);
        for (; i < length; i++) {
            max = Math.max(max, x[offset + i]);
        }
        FloatVector sv = FloatVector.zero(F);
        i = 0;
        for (; i < bound; i += LANES) {
            FloatVector e = exp(FloatVector.fromArray(F, x, offset + i).sub(max));
            e.intoArray(x, offset + i);
            sv = sv.add(e);
        }
        float sum = sum(sv);
        for (; i < length; i++) {
            float e = exp(x[offset + i] - max);
            x[offset + i] = e;
            sum += e;
        }
        float inv = 1f / sum;
        i = 0;
        for (; i < bound; i += LANES) {
            FloatVector.fromArray(F, x, offset + i).mul(inv).intoArray(x, offset + i);
        }
        for (; i < length; i++) {
            x[offset + i] *= inv;
        }
    }

    // ---------------------------------------------------------------- attention

    @Override
    public void attention(float[] q, float[] out, int rows, AttentionShape shape, KvLayer kv, int[][] blockTables,
            int[] contextLengths) {
        int heads = shape.numHeads();
        pool.parallelFor(rows * heads, c -> attendOne(q, out, c / heads, c % heads, shape, kv, blockTables, contextLengths));
    }

    private void attendOne(float[] q, float[] out, int r, int h, AttentionShape shape, KvLayer kv, int[][] blockTables,
            int[] contextLengths) {
        int hd = shape.headDim();
        int ctx = contextLengths[r];
        int kvHead = h / (shape.numHeads() / shape.numKvHeads());
        int qBase = (r * shape.numHeads() + h) * hd;
        int[] table = blockTables[r];
        float[] keys = kv.keys();
        float[] values = kv.values();
        float scale = shape.scale();
        float[] scores = new float[ctx];
        int bound = hd - hd % LANES;
        for (int t = 0; t < ctx; t++) {
            int kBase = kv.offset(table, t) + kvHead * hd;
            FloatVector acc = FloatVector.zero(F);
            int d = 0;
            for (; d < bound; d += LANES) {
                acc = FloatVector.fromArray(F, q, qBase + d).fma(FloatVector.fromArray(F, keys, kBase + d), acc);
            }
            float dot = sum(acc);
            for (; d < hd; d++) {
                dot += q[qBase + d] * keys[kBase + d];
            }
            scores[t] = dot * scale;
        }
        softmax(scores, 0, ctx);
        java.util.Arrays.fill(out, qBase, qBase + hd, 0f);
        for (int t = 0; t < ctx; t++) {
            int vBase = kv.offset(table, t) + kvHead * hd;
            float p = scores[t];
            FloatVector pv = FloatVector.broadcast(F, p);
            int d = 0;
            for (; d < bound; d += LANES) {
                FloatVector.fromArray(F, values, vBase + d).fma(pv, FloatVector.fromArray(F, out, qBase + d)).intoArray(out, qBase + d);
            }
            for (; d < hd; d++) {
                out[qBase + d] += p * values[vBase + d];
            }
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
    static FloatVector exp(FloatVector x) {
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
    static float exp(float x) {
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

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static int roundUp(int a, int m) {
        return ceilDiv(a, m) * m;
    }
}
