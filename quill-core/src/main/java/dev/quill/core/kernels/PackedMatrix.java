package dev.quill.core.kernels;

import dev.quill.core.tensor.DType;
import dev.quill.core.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A weight matrix W [N, K] rearranged once for the outer-product matmul kernel.
 *
 * <p>Outputs are grouped in tiles of {@link #TILE_COLS} (four vectors of 16 lanes). Within a
 * tile the weights are stored k-major: for each k, the 64 weights W[n0 .. n0+64, k] side by
 * side. The kernel then walks a tile front to back in one sequential stream and, for each k,
 * multiplies four weight vectors by the broadcast x[r, k] of each activation row, accumulating
 * 64 outputs per row in registers. There is no horizontal sum anywhere: every output is the
 * plain sequence fma(W[n,0] x[0]), fma(W[n,1] x[1]), ... from zero, the same whatever the batch
 * size, the tile or the JIT state, so results are deterministic and batch-invariant by
 * construction.
 *
 * <p>BF16 weights stay 16-bit: each int of the packed data holds W[n, k] in its low half and
 * W[n, k+1] in its high half, so one 512-bit load yields the 16 weights of two consecutive k
 * (a shift and a mask widen them to floats).
 */
final class PackedMatrix {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    static final int LANES = F.length();
    static final int VECS = 4;
    /** Output rows of W per tile. */
    static final int TILE_COLS = VECS * LANES;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfShort I16_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfInt I32_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(LE);
    private static final int HIGH_HALF = 0xFFFF0000;

    final String name;
    final int n;
    final int k;
    final boolean bf16;
    final int tiles;
    /** k steps per tile: K for F32, ceil(K / 2) pairs for BF16. */
    final int steps;
    final MemorySegment data;

    private PackedMatrix(String name, int n, int k, boolean bf16, MemorySegment data) {
        this.name = name;
        this.n = n;
        this.k = k;
        this.bf16 = bf16;
        this.tiles = (n + TILE_COLS - 1) / TILE_COLS;
        this.steps = bf16 ? (k + 1) / 2 : k;
        this.data = data;
    }

    /** Packs an F32 or BF16 matrix; rows past N in the last tile are zero. */
    static PackedMatrix pack(Tensor w, Arena arena) {
        if (w.rank() != 2) throw new IllegalArgumentException("tensor " + w.name() + " is not a matrix");
        int n = w.rows();
        int k = w.cols();
        int tiles = (n + TILE_COLS - 1) / TILE_COLS;
        MemorySegment src = w.data();
        return switch (w.dtype()) {
            case F32 -> {
                MemorySegment out = arena.allocate((long) tiles * k * TILE_COLS * Float.BYTES, 64);
                for (int row = 0; row < n; row++) {
                    long tileBase = (long) (row / TILE_COLS) * k * TILE_COLS;
                    int col = row % TILE_COLS;
                    long srcRow = (long) row * k;
                    for (int kk = 0; kk < k; kk++) {
                        out.setAtIndex(F32_LE, tileBase + (long) kk * TILE_COLS + col, src.getAtIndex(F32_LE, srcRow + kk));
                    }
                }
                yield new PackedMatrix(w.name(), n, k, false, out);
            }
            case BF16 -> {
                int pairs = (k + 1) / 2;
                MemorySegment out = arena.allocate((long) tiles * pairs * TILE_COLS * Integer.BYTES, 64);
                for (int row = 0; row < n; row++) {
                    long tileBase = (long) (row / TILE_COLS) * pairs * TILE_COLS;
                    int col = row % TILE_COLS;
                    long srcRow = (long) row * k;
                    for (int p = 0; p < pairs; p++) {
                        int lo = src.getAtIndex(I16_LE, srcRow + 2L * p) & 0xFFFF;
                        int hi = 2 * p + 1 < k ? src.getAtIndex(I16_LE, srcRow + 2L * p + 1) & 0xFFFF : 0;
                        out.setAtIndex(I32_LE, tileBase + (long) p * TILE_COLS + col, lo | (hi << 16));
                    }
                }
                yield new PackedMatrix(w.name(), n, k, true, out);
            }
            case F16 -> throw new IllegalArgumentException("tensor " + w.name() + ": F16 weights must be widened at load time");
        };
    }

    /** out[r, t*64 .. t*64+64) = x[r] * W^T (+ bias) for every row r, for tile t. */
    void multiplyTile(float[] x, int rows, int tile, float[] bias, float[] out) {
        multiplyTile(x, 0, rows, tile, bias, out);
    }

    /**
     * Rows {@code [from, to)} of one tile; {@code from} a multiple of 4, so that a row goes through
     * the same kernel (four-row or one-row) as when all rows are done at once.
     */
    void multiplyTile(float[] x, int from, int to, int tile, float[] bias, float[] out) {
        int r = from;
        for (; r + 4 <= to; r += 4) {
            if (bf16) tile4RowsBf16(x, r, tile, bias, out); else tile4Rows(x, r, tile, bias, out);
        }
        for (; r < to; r++) {
            if (bf16) tile1RowBf16(x, r, tile, bias, out); else tile1Row(x, r, tile, bias, out);
        }
    }

    // The kernels below are written out (no small helpers) because a vector that crosses a call
    // C2 does not inline is boxed on the heap; the four-row and one-row forms perform the same
    // operations per output in the same order.

    private void tile4Rows(float[] x, int r, int tile, float[] bias, float[] out) {
        FloatVector a00 = FloatVector.zero(F), a01 = FloatVector.zero(F), a02 = FloatVector.zero(F), a03 = FloatVector.zero(F);
        FloatVector a10 = FloatVector.zero(F), a11 = FloatVector.zero(F), a12 = FloatVector.zero(F), a13 = FloatVector.zero(F);
        FloatVector a20 = FloatVector.zero(F), a21 = FloatVector.zero(F), a22 = FloatVector.zero(F), a23 = FloatVector.zero(F);
        FloatVector a30 = FloatVector.zero(F), a31 = FloatVector.zero(F), a32 = FloatVector.zero(F), a33 = FloatVector.zero(F);
        long base = (long) tile * k * TILE_COLS * Float.BYTES;
        int x0 = r * k, x1 = x0 + k, x2 = x1 + k, x3 = x2 + k;
        for (int kk = 0; kk < k; kk++) {
            long o = base + (long) kk * TILE_COLS * Float.BYTES;
            FloatVector w0 = FloatVector.fromMemorySegment(F, data, o, LE);
            FloatVector w1 = FloatVector.fromMemorySegment(F, data, o + LANES * 4L, LE);
            FloatVector w2 = FloatVector.fromMemorySegment(F, data, o + LANES * 8L, LE);
            FloatVector w3 = FloatVector.fromMemorySegment(F, data, o + LANES * 12L, LE);
            FloatVector b = FloatVector.broadcast(F, x[x0 + kk]);
            a00 = w0.fma(b, a00); a01 = w1.fma(b, a01); a02 = w2.fma(b, a02); a03 = w3.fma(b, a03);
            b = FloatVector.broadcast(F, x[x1 + kk]);
            a10 = w0.fma(b, a10); a11 = w1.fma(b, a11); a12 = w2.fma(b, a12); a13 = w3.fma(b, a13);
            b = FloatVector.broadcast(F, x[x2 + kk]);
            a20 = w0.fma(b, a20); a21 = w1.fma(b, a21); a22 = w2.fma(b, a22); a23 = w3.fma(b, a23);
            b = FloatVector.broadcast(F, x[x3 + kk]);
            a30 = w0.fma(b, a30); a31 = w1.fma(b, a31); a32 = w2.fma(b, a32); a33 = w3.fma(b, a33);
        }
        float[] t = new float[4 * TILE_COLS];
        a00.intoArray(t, 0); a01.intoArray(t, LANES); a02.intoArray(t, 2 * LANES); a03.intoArray(t, 3 * LANES);
        a10.intoArray(t, TILE_COLS); a11.intoArray(t, TILE_COLS + LANES);
        a12.intoArray(t, TILE_COLS + 2 * LANES); a13.intoArray(t, TILE_COLS + 3 * LANES);
        a20.intoArray(t, 2 * TILE_COLS); a21.intoArray(t, 2 * TILE_COLS + LANES);
        a22.intoArray(t, 2 * TILE_COLS + 2 * LANES); a23.intoArray(t, 2 * TILE_COLS + 3 * LANES);
        a30.intoArray(t, 3 * TILE_COLS); a31.intoArray(t, 3 * TILE_COLS + LANES);
        a32.intoArray(t, 3 * TILE_COLS + 2 * LANES); a33.intoArray(t, 3 * TILE_COLS + 3 * LANES);
        store(t, 4, r, tile, bias, out);
    }

    private void tile1Row(float[] x, int r, int tile, float[] bias, float[] out) {
        FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F), a2 = FloatVector.zero(F), a3 = FloatVector.zero(F);
        long base = (long) tile * k * TILE_COLS * Float.BYTES;
        int x0 = r * k;
        int kk = 0;
        // four k per iteration: the loop then issues sixteen independent loads at a time, which
        // keeps enough misses in flight to stream from DRAM (one k per iteration streamed at
        // half the rate)
        for (; kk + 3 < k; kk += 4) {
            long o = base + (long) kk * TILE_COLS * Float.BYTES;
            FloatVector w0 = FloatVector.fromMemorySegment(F, data, o, LE);
            FloatVector w1 = FloatVector.fromMemorySegment(F, data, o + LANES * 4L, LE);
            FloatVector w2 = FloatVector.fromMemorySegment(F, data, o + LANES * 8L, LE);
            FloatVector w3 = FloatVector.fromMemorySegment(F, data, o + LANES * 12L, LE);
            FloatVector w4 = FloatVector.fromMemorySegment(F, data, o + LANES * 16L, LE);
            FloatVector w5 = FloatVector.fromMemorySegment(F, data, o + LANES * 20L, LE);
            FloatVector w6 = FloatVector.fromMemorySegment(F, data, o + LANES * 24L, LE);
            FloatVector w7 = FloatVector.fromMemorySegment(F, data, o + LANES * 28L, LE);
            FloatVector w8 = FloatVector.fromMemorySegment(F, data, o + LANES * 32L, LE);
            FloatVector w9 = FloatVector.fromMemorySegment(F, data, o + LANES * 36L, LE);
            FloatVector w10 = FloatVector.fromMemorySegment(F, data, o + LANES * 40L, LE);
            FloatVector w11 = FloatVector.fromMemorySegment(F, data, o + LANES * 44L, LE);
            FloatVector w12 = FloatVector.fromMemorySegment(F, data, o + LANES * 48L, LE);
            FloatVector w13 = FloatVector.fromMemorySegment(F, data, o + LANES * 52L, LE);
            FloatVector w14 = FloatVector.fromMemorySegment(F, data, o + LANES * 56L, LE);
            FloatVector w15 = FloatVector.fromMemorySegment(F, data, o + LANES * 60L, LE);
            FloatVector b = FloatVector.broadcast(F, x[x0 + kk]);
            a0 = w0.fma(b, a0); a1 = w1.fma(b, a1); a2 = w2.fma(b, a2); a3 = w3.fma(b, a3);
            b = FloatVector.broadcast(F, x[x0 + kk + 1]);
            a0 = w4.fma(b, a0); a1 = w5.fma(b, a1); a2 = w6.fma(b, a2); a3 = w7.fma(b, a3);
            b = FloatVector.broadcast(F, x[x0 + kk + 2]);
            a0 = w8.fma(b, a0); a1 = w9.fma(b, a1); a2 = w10.fma(b, a2); a3 = w11.fma(b, a3);
            b = FloatVector.broadcast(F, x[x0 + kk + 3]);
            a0 = w12.fma(b, a0); a1 = w13.fma(b, a1); a2 = w14.fma(b, a2); a3 = w15.fma(b, a3);
        }
        for (; kk < k; kk++) {
            long o = base + (long) kk * TILE_COLS * Float.BYTES;
            FloatVector b = FloatVector.broadcast(F, x[x0 + kk]);
            a0 = FloatVector.fromMemorySegment(F, data, o, LE).fma(b, a0);
            a1 = FloatVector.fromMemorySegment(F, data, o + LANES * 4L, LE).fma(b, a1);
            a2 = FloatVector.fromMemorySegment(F, data, o + LANES * 8L, LE).fma(b, a2);
            a3 = FloatVector.fromMemorySegment(F, data, o + LANES * 12L, LE).fma(b, a3);
        }
        float[] t = new float[TILE_COLS];
        a0.intoArray(t, 0); a1.intoArray(t, LANES); a2.intoArray(t, 2 * LANES); a3.intoArray(t, 3 * LANES);
        store(t, 1, r, tile, bias, out);
    }

    private void tile4RowsBf16(float[] x, int r, int tile, float[] bias, float[] out) {
        FloatVector a00 = FloatVector.zero(F), a01 = FloatVector.zero(F), a02 = FloatVector.zero(F), a03 = FloatVector.zero(F);
        FloatVector a10 = FloatVector.zero(F), a11 = FloatVector.zero(F), a12 = FloatVector.zero(F), a13 = FloatVector.zero(F);
        FloatVector a20 = FloatVector.zero(F), a21 = FloatVector.zero(F), a22 = FloatVector.zero(F), a23 = FloatVector.zero(F);
        FloatVector a30 = FloatVector.zero(F), a31 = FloatVector.zero(F), a32 = FloatVector.zero(F), a33 = FloatVector.zero(F);
        long base = (long) tile * steps * TILE_COLS * Integer.BYTES;
        int x0 = r * k, x1 = x0 + k, x2 = x1 + k, x3 = x2 + k;
        int full = k / 2;
        for (int p = 0; p < steps; p++) {
            long o = base + (long) p * TILE_COLS * Integer.BYTES;
            IntVector q0 = IntVector.fromMemorySegment(I, data, o, LE);
            IntVector q1 = IntVector.fromMemorySegment(I, data, o + LANES * 4L, LE);
            IntVector q2 = IntVector.fromMemorySegment(I, data, o + LANES * 8L, LE);
            IntVector q3 = IntVector.fromMemorySegment(I, data, o + LANES * 12L, LE);
            int kk = 2 * p;
            FloatVector w0 = q0.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector w1 = q1.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector w2 = q2.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector w3 = q3.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector b = FloatVector.broadcast(F, x[x0 + kk]);
            a00 = w0.fma(b, a00); a01 = w1.fma(b, a01); a02 = w2.fma(b, a02); a03 = w3.fma(b, a03);
            b = FloatVector.broadcast(F, x[x1 + kk]);
            a10 = w0.fma(b, a10); a11 = w1.fma(b, a11); a12 = w2.fma(b, a12); a13 = w3.fma(b, a13);
            b = FloatVector.broadcast(F, x[x2 + kk]);
            a20 = w0.fma(b, a20); a21 = w1.fma(b, a21); a22 = w2.fma(b, a22); a23 = w3.fma(b, a23);
            b = FloatVector.broadcast(F, x[x3 + kk]);
            a30 = w0.fma(b, a30); a31 = w1.fma(b, a31); a32 = w2.fma(b, a32); a33 = w3.fma(b, a33);
            if (p == full) break; // odd K: the last pair has no second weight
            w0 = q0.and(HIGH_HALF).reinterpretAsFloats();
            w1 = q1.and(HIGH_HALF).reinterpretAsFloats();
            w2 = q2.and(HIGH_HALF).reinterpretAsFloats();
            w3 = q3.and(HIGH_HALF).reinterpretAsFloats();
            b = FloatVector.broadcast(F, x[x0 + kk + 1]);
            a00 = w0.fma(b, a00); a01 = w1.fma(b, a01); a02 = w2.fma(b, a02); a03 = w3.fma(b, a03);
            b = FloatVector.broadcast(F, x[x1 + kk + 1]);
            a10 = w0.fma(b, a10); a11 = w1.fma(b, a11); a12 = w2.fma(b, a12); a13 = w3.fma(b, a13);
            b = FloatVector.broadcast(F, x[x2 + kk + 1]);
            a20 = w0.fma(b, a20); a21 = w1.fma(b, a21); a22 = w2.fma(b, a22); a23 = w3.fma(b, a23);
            b = FloatVector.broadcast(F, x[x3 + kk + 1]);
            a30 = w0.fma(b, a30); a31 = w1.fma(b, a31); a32 = w2.fma(b, a32); a33 = w3.fma(b, a33);
        }
        float[] t = new float[4 * TILE_COLS];
        a00.intoArray(t, 0); a01.intoArray(t, LANES); a02.intoArray(t, 2 * LANES); a03.intoArray(t, 3 * LANES);
        a10.intoArray(t, TILE_COLS); a11.intoArray(t, TILE_COLS + LANES);
        a12.intoArray(t, TILE_COLS + 2 * LANES); a13.intoArray(t, TILE_COLS + 3 * LANES);
        a20.intoArray(t, 2 * TILE_COLS); a21.intoArray(t, 2 * TILE_COLS + LANES);
        a22.intoArray(t, 2 * TILE_COLS + 2 * LANES); a23.intoArray(t, 2 * TILE_COLS + 3 * LANES);
        a30.intoArray(t, 3 * TILE_COLS); a31.intoArray(t, 3 * TILE_COLS + LANES);
        a32.intoArray(t, 3 * TILE_COLS + 2 * LANES); a33.intoArray(t, 3 * TILE_COLS + 3 * LANES);
        store(t, 4, r, tile, bias, out);
    }

    private void tile1RowBf16(float[] x, int r, int tile, float[] bias, float[] out) {
        FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F), a2 = FloatVector.zero(F), a3 = FloatVector.zero(F);
        long base = (long) tile * steps * TILE_COLS * Integer.BYTES;
        int x0 = r * k;
        int full = k / 2;
        for (int p = 0; p < steps; p++) {
            long o = base + (long) p * TILE_COLS * Integer.BYTES;
            IntVector q0 = IntVector.fromMemorySegment(I, data, o, LE);
            IntVector q1 = IntVector.fromMemorySegment(I, data, o + LANES * 4L, LE);
            IntVector q2 = IntVector.fromMemorySegment(I, data, o + LANES * 8L, LE);
            IntVector q3 = IntVector.fromMemorySegment(I, data, o + LANES * 12L, LE);
            int kk = 2 * p;
            FloatVector b = FloatVector.broadcast(F, x[x0 + kk]);
            a0 = q0.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(b, a0);
            a1 = q1.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(b, a1);
            a2 = q2.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(b, a2);
            a3 = q3.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(b, a3);
            if (p == full) break;
            b = FloatVector.broadcast(F, x[x0 + kk + 1]);
            a0 = q0.and(HIGH_HALF).reinterpretAsFloats().fma(b, a0);
            a1 = q1.and(HIGH_HALF).reinterpretAsFloats().fma(b, a1);
            a2 = q2.and(HIGH_HALF).reinterpretAsFloats().fma(b, a2);
            a3 = q3.and(HIGH_HALF).reinterpretAsFloats().fma(b, a3);
        }
        float[] t = new float[TILE_COLS];
        a0.intoArray(t, 0); a1.intoArray(t, LANES); a2.intoArray(t, 2 * LANES); a3.intoArray(t, 3 * LANES);
        store(t, 1, r, tile, bias, out);
    }

    /** Copies {@code rows} rows of a tile's results into out, dropping columns past N, adding bias. */
    private void store(float[] t, int rows, int r, int tile, float[] bias, float[] out) {
        int col = tile * TILE_COLS;
        int width = Math.min(TILE_COLS, n - col);
        for (int rr = 0; rr < rows; rr++) {
            int o = (r + rr) * n + col;
            for (int c = 0; c < width; c++) {
                out[o + c] = bias == null ? t[rr * TILE_COLS + c] : t[rr * TILE_COLS + c] + bias[col + c];
            }
        }
    }
}
