package dev.quill.core.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * General matrix products on heap arrays, for training: the three products of a linear layer's
 * forward and backward passes,
 *
 * <pre>
 *   forward   Y  = X  W^T    {@link #multiplyTransposed}   X [m, k], W [n, k]
 *   input     dX = dY W      {@link #multiply}             dY [m, n], W [n, k]
 *   weight    dW = dY^T X    {@link #multiplyTransposedA}  dY [t, n], X [t, k]
 * </pre>
 *
 * <p>Every form packs its right-hand matrix into the layout {@link PackedMatrix} uses for
 * inference (tiles of 64 output columns, k-major) and runs the same outer-product tile kernel:
 * four rows by 64 columns of accumulators in registers, no horizontal sums, so each output is
 * one fixed sequence of FMAs and the result does not depend on the thread count or on which
 * rows share a call. Work is split over (column tile, block of rows) pairs on the
 * {@link WorkerPool}. The pack buffers are reused between calls: one Gemm per thread.
 */
public final class Gemm {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = F.length();
    private static final int TILE = 4 * LANES;
    private static final int ROW_BLOCK = 64;
    /** Steps of the weight-gradient sum per pass: 512 x 64 floats = 128 KiB of packed tile, well inside L2. */
    private static final int STEP_BLOCK = 1024;

    private final WorkerPool pool;
    private float[] packed = new float[0];

    public Gemm(WorkerPool pool) {
        this.pool = pool;
    }

    /** {@code c[m, n] (+)= a[m, k] * w[n, k]^T}: a linear layer's forward pass. */
    public void multiplyTransposed(float[] a, int m, int k, float[] w, int n, float[] c, boolean accumulate) {
        check(a, m * k, "a");
        check(w, n * k, "w");
        check(c, m * n, "c");
        float[] p = pack(n, k);
        // tile t, column j, step kk  <-  w[t*64 + j, kk]
        pool.parallelFor(tiles(n), t -> {
            int base = t * k * TILE;
            int cols = Math.min(TILE, n - t * TILE);
            for (int j = 0; j < cols; j++) {
                int src = (t * TILE + j) * k;
                for (int kk = 0; kk < k; kk++) p[base + kk * TILE + j] = w[src + kk];
            }
        });
        run(a, m, k, p, n, c, accumulate);
    }

    /** {@code c[m, k] (+)= a[m, n] * w[n, k]}: the gradient of a linear layer's input. */
    public void multiply(float[] a, int m, int n, float[] w, int k, float[] c, boolean accumulate) {
        check(a, m * n, "a");
        check(w, n * k, "w");
        check(c, m * k, "c");
        float[] p = pack(k, n);
        // tile t, column j, step nn  <-  w[nn, t*64 + j]: row slices of w, copied as they are
        pool.parallelFor(tiles(k), t -> {
            int base = t * n * TILE;
            int cols = Math.min(TILE, k - t * TILE);
            for (int nn = 0; nn < n; nn++) {
                System.arraycopy(w, nn * k + t * TILE, p, base + nn * TILE, cols);
            }
        });
        run(a, m, n, p, k, c, accumulate);
    }

    /** {@code c[n, k] (+)= a[t, n]^T * b[t, k]}: the gradient of a linear layer's weight, summed over t rows. */
    public void multiplyTransposedA(float[] a, int t, int n, float[] b, int k, float[] c, boolean accumulate) {
        check(a, t * n, "a");
        check(b, t * k, "b");
        check(c, n * k, "c");
        float[] p = pack(k, t);
        pool.parallelFor(tiles(k), tile -> {
            int base = tile * t * TILE;
            int cols = Math.min(TILE, k - tile * TILE);
            for (int r = 0; r < t; r++) {
                System.arraycopy(b, r * k + tile * TILE, p, base + r * TILE, cols);
            }
        });
        // row j of a^T is column j of a: read in place with stride n instead of transposing a
        int tiles = tiles(k);
        int rowBlocks = (n + ROW_BLOCK - 1) / ROW_BLOCK;
        pool.parallelFor(tiles * rowBlocks, chunk -> {
            int tile = chunk % tiles;
            int from = (chunk / tiles) * ROW_BLOCK;
            int to = Math.min(n, from + ROW_BLOCK);
            float[] scratch = new float[4 * TILE];
            // the sum over t in blocks, so that a block of the packed tile stays in cache for all
            // the rows of the chunk; blocks are added in order, so the result is still one fixed order
            for (int s0 = 0; s0 < t; s0 += STEP_BLOCK) {
                int s1 = Math.min(t, s0 + STEP_BLOCK);
                boolean add = accumulate || s0 > 0;
                int j = from;
                for (; j + 4 <= to; j += 4) {
                    tile4Columns(a, j, n, s0, s1, t, p, tile, scratch);
                    store(scratch, 4, j, tile, k, c, add);
                }
                for (; j < to; j++) {
                    tile1Column(a, j, n, s0, s1, t, p, tile, scratch);
                    store(scratch, 1, j, tile, k, c, add);
                }
            }
        });
    }

    private static int tiles(int cols) {
        return (cols + TILE - 1) / TILE;
    }

    private static void check(float[] x, int need, String name) {
        if (x.length < need) {
            throw new IllegalArgumentException(name + " holds " + x.length + " values, the product needs " + need);
        }
    }

    /** A zeroed pack buffer for a [cols, steps] right-hand side (zero past the last column). */
    private float[] pack(int cols, int steps) {
        int size = tiles(cols) * steps * TILE;
        if (packed.length < size) {
            packed = new float[size];
        } else if (cols % TILE != 0) {
            java.util.Arrays.fill(packed, 0, size, 0f);
        }
        return packed;
    }

    private void run(float[] a, int m, int k, float[] p, int n, float[] c, boolean accumulate) {
        int tiles = tiles(n);
        int rowBlocks = (m + ROW_BLOCK - 1) / ROW_BLOCK;
        pool.parallelFor(tiles * rowBlocks, chunk -> {
            int t = chunk % tiles;
            int from = (chunk / tiles) * ROW_BLOCK;
            int to = Math.min(m, from + ROW_BLOCK);
            float[] scratch = new float[4 * TILE];
            int r = from;
            for (; r + 4 <= to; r += 4) {
                tile4(a, r, k, p, t, scratch);
                store(scratch, 4, r, t, n, c, accumulate);
            }
            for (; r < to; r++) {
                tile1(a, r, k, p, t, scratch);
                store(scratch, 1, r, t, n, c, accumulate);
            }
        });
    }

    private static void tile4(float[] a, int r, int k, float[] p, int t, float[] out) {
        FloatVector a00 = FloatVector.zero(F), a01 = FloatVector.zero(F), a02 = FloatVector.zero(F), a03 = FloatVector.zero(F);
        FloatVector a10 = FloatVector.zero(F), a11 = FloatVector.zero(F), a12 = FloatVector.zero(F), a13 = FloatVector.zero(F);
        FloatVector a20 = FloatVector.zero(F), a21 = FloatVector.zero(F), a22 = FloatVector.zero(F), a23 = FloatVector.zero(F);
        FloatVector a30 = FloatVector.zero(F), a31 = FloatVector.zero(F), a32 = FloatVector.zero(F), a33 = FloatVector.zero(F);
        int base = t * k * TILE;
        int x0 = r * k, x1 = x0 + k, x2 = x1 + k, x3 = x2 + k;
        for (int kk = 0; kk < k; kk++) {
            int o = base + kk * TILE;
            FloatVector w0 = FloatVector.fromArray(F, p, o);
            FloatVector w1 = FloatVector.fromArray(F, p, o + LANES);
            FloatVector w2 = FloatVector.fromArray(F, p, o + 2 * LANES);
            FloatVector w3 = FloatVector.fromArray(F, p, o + 3 * LANES);
            FloatVector b = FloatVector.broadcast(F, a[x0 + kk]);
            a00 = w0.fma(b, a00); a01 = w1.fma(b, a01); a02 = w2.fma(b, a02); a03 = w3.fma(b, a03);
            b = FloatVector.broadcast(F, a[x1 + kk]);
            a10 = w0.fma(b, a10); a11 = w1.fma(b, a11); a12 = w2.fma(b, a12); a13 = w3.fma(b, a13);
            b = FloatVector.broadcast(F, a[x2 + kk]);
            a20 = w0.fma(b, a20); a21 = w1.fma(b, a21); a22 = w2.fma(b, a22); a23 = w3.fma(b, a23);
            b = FloatVector.broadcast(F, a[x3 + kk]);
            a30 = w0.fma(b, a30); a31 = w1.fma(b, a31); a32 = w2.fma(b, a32); a33 = w3.fma(b, a33);
        }
        a00.intoArray(out, 0); a01.intoArray(out, LANES); a02.intoArray(out, 2 * LANES); a03.intoArray(out, 3 * LANES);
        a10.intoArray(out, TILE); a11.intoArray(out, TILE + LANES);
        a12.intoArray(out, TILE + 2 * LANES); a13.intoArray(out, TILE + 3 * LANES);
        a20.intoArray(out, 2 * TILE); a21.intoArray(out, 2 * TILE + LANES);
        a22.intoArray(out, 2 * TILE + 2 * LANES); a23.intoArray(out, 2 * TILE + 3 * LANES);
        a30.intoArray(out, 3 * TILE); a31.intoArray(out, 3 * TILE + LANES);
        a32.intoArray(out, 3 * TILE + 2 * LANES); a33.intoArray(out, 3 * TILE + 3 * LANES);
    }

    private static void tile1(float[] a, int r, int k, float[] p, int t, float[] out) {
        FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F), a2 = FloatVector.zero(F), a3 = FloatVector.zero(F);
        int base = t * k * TILE;
        int x0 = r * k;
        for (int kk = 0; kk < k; kk++) {
            int o = base + kk * TILE;
            FloatVector b = FloatVector.broadcast(F, a[x0 + kk]);
            a0 = FloatVector.fromArray(F, p, o).fma(b, a0);
            a1 = FloatVector.fromArray(F, p, o + LANES).fma(b, a1);
            a2 = FloatVector.fromArray(F, p, o + 2 * LANES).fma(b, a2);
            a3 = FloatVector.fromArray(F, p, o + 3 * LANES).fma(b, a3);
        }
        a0.intoArray(out, 0); a1.intoArray(out, LANES); a2.intoArray(out, 2 * LANES); a3.intoArray(out, 3 * LANES);
    }

    /** {@link #tile4} for rows j..j+3 of a^T, that is columns of a [steps, lda]: element kk of row j+i is a[kk * lda + j + i]. */
    private static void tile4Columns(float[] a, int j, int lda, int s0, int s1, int steps, float[] p, int t, float[] out) {
        FloatVector a00 = FloatVector.zero(F), a01 = FloatVector.zero(F), a02 = FloatVector.zero(F), a03 = FloatVector.zero(F);
        FloatVector a10 = FloatVector.zero(F), a11 = FloatVector.zero(F), a12 = FloatVector.zero(F), a13 = FloatVector.zero(F);
        FloatVector a20 = FloatVector.zero(F), a21 = FloatVector.zero(F), a22 = FloatVector.zero(F), a23 = FloatVector.zero(F);
        FloatVector a30 = FloatVector.zero(F), a31 = FloatVector.zero(F), a32 = FloatVector.zero(F), a33 = FloatVector.zero(F);
        int base = t * steps * TILE;
        for (int kk = s0; kk < s1; kk++) {
            int o = base + kk * TILE;
            int x = kk * lda + j;
            FloatVector w0 = FloatVector.fromArray(F, p, o);
            FloatVector w1 = FloatVector.fromArray(F, p, o + LANES);
            FloatVector w2 = FloatVector.fromArray(F, p, o + 2 * LANES);
            FloatVector w3 = FloatVector.fromArray(F, p, o + 3 * LANES);
            FloatVector b = FloatVector.broadcast(F, a[x]);
            a00 = w0.fma(b, a00); a01 = w1.fma(b, a01); a02 = w2.fma(b, a02); a03 = w3.fma(b, a03);
            b = FloatVector.broadcast(F, a[x + 1]);
            a10 = w0.fma(b, a10); a11 = w1.fma(b, a11); a12 = w2.fma(b, a12); a13 = w3.fma(b, a13);
            b = FloatVector.broadcast(F, a[x + 2]);
            a20 = w0.fma(b, a20); a21 = w1.fma(b, a21); a22 = w2.fma(b, a22); a23 = w3.fma(b, a23);
            b = FloatVector.broadcast(F, a[x + 3]);
            a30 = w0.fma(b, a30); a31 = w1.fma(b, a31); a32 = w2.fma(b, a32); a33 = w3.fma(b, a33);
        }
        a00.intoArray(out, 0); a01.intoArray(out, LANES); a02.intoArray(out, 2 * LANES); a03.intoArray(out, 3 * LANES);
        a10.intoArray(out, TILE); a11.intoArray(out, TILE + LANES);
        a12.intoArray(out, TILE + 2 * LANES); a13.intoArray(out, TILE + 3 * LANES);
        a20.intoArray(out, 2 * TILE); a21.intoArray(out, 2 * TILE + LANES);
        a22.intoArray(out, 2 * TILE + 2 * LANES); a23.intoArray(out, 2 * TILE + 3 * LANES);
        a30.intoArray(out, 3 * TILE); a31.intoArray(out, 3 * TILE + LANES);
        a32.intoArray(out, 3 * TILE + 2 * LANES); a33.intoArray(out, 3 * TILE + 3 * LANES);
    }

    private static void tile1Column(float[] a, int j, int lda, int s0, int s1, int steps, float[] p, int t, float[] out) {
        FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F), a2 = FloatVector.zero(F), a3 = FloatVector.zero(F);
        int base = t * steps * TILE;
        for (int kk = s0; kk < s1; kk++) {
            int o = base + kk * TILE;
            FloatVector b = FloatVector.broadcast(F, a[kk * lda + j]);
            a0 = FloatVector.fromArray(F, p, o).fma(b, a0);
            a1 = FloatVector.fromArray(F, p, o + LANES).fma(b, a1);
            a2 = FloatVector.fromArray(F, p, o + 2 * LANES).fma(b, a2);
            a3 = FloatVector.fromArray(F, p, o + 3 * LANES).fma(b, a3);
        }
        a0.intoArray(out, 0); a1.intoArray(out, LANES); a2.intoArray(out, 2 * LANES); a3.intoArray(out, 3 * LANES);
    }

    private static void store(float[] s, int rows, int r, int t, int n, float[] c, boolean accumulate) {
        int col = t * TILE;
        int width = Math.min(TILE, n - col);
        for (int rr = 0; rr < rows; rr++) {
            int o = (r + rr) * n + col;
            int so = rr * TILE;
            if (accumulate) {
                for (int j = 0; j < width; j++) c[o + j] += s[so + j];
            } else {
                System.arraycopy(s, so, c, o, width);
            }
        }
    }
}
