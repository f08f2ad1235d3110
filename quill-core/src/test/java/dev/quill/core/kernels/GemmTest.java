package dev.quill.core.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.constraints.IntRange;

class GemmTest {
    private static final WorkerPool POOL = new WorkerPool(2);
    private final Gemm gemm = new Gemm(POOL);

    @AfterContainer
    static void close() {
        POOL.close();
    }

    private static float[] random(int n, SplittableRandom rnd) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
        return x;
    }

    @Property(tries = 40)
    void allThreeFormsMatchPlainLoops(@ForAll @IntRange(min = 1, max = 150) int m, @ForAll @IntRange(min = 1, max = 90) int k,
            @ForAll @IntRange(min = 1, max = 140) int n, @ForAll boolean accumulate) {
        SplittableRandom rnd = new SplittableRandom(m * 31L + k * 7L + n);
        float[] a = random(m * k, rnd);
        float[] w = random(n * k, rnd);
        float[] start = random(m * n, rnd);

        float[] c = accumulate ? start.clone() : new float[m * n];
        gemm.multiplyTransposed(a, m, k, w, n, c, accumulate);
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < n; j++) {
                double s = accumulate ? start[r * n + j] : 0;
                for (int kk = 0; kk < k; kk++) s += (double) a[r * k + kk] * w[j * k + kk];
                assertThat(c[r * n + j]).isCloseTo((float) s, within(1e-4f * (k + 1)));
            }
        }

        // dX [m, k] = dY [m, n] * W [n, k]
        float[] dy = random(m * n, rnd);
        float[] dx = new float[m * k];
        gemm.multiply(dy, m, n, w, k, dx, false);
        for (int r = 0; r < m; r++) {
            for (int kk = 0; kk < k; kk++) {
                double s = 0;
                for (int j = 0; j < n; j++) s += (double) dy[r * n + j] * w[j * k + kk];
                assertThat(dx[r * k + kk]).isCloseTo((float) s, within(1e-4f * (n + 1)));
            }
        }

        // dW [n, k] = dY^T [n, m] * X [m, k]
        float[] dw = new float[n * k];
        gemm.multiplyTransposedA(dy, m, n, a, k, dw, false);
        for (int j = 0; j < n; j++) {
            for (int kk = 0; kk < k; kk++) {
                double s = 0;
                for (int r = 0; r < m; r++) s += (double) dy[r * n + j] * a[r * k + kk];
                assertThat(dw[j * k + kk]).isCloseTo((float) s, within(1e-4f * (m + 1)));
            }
        }
    }

    @Property(tries = 10)
    void rowsDoNotDependOnTheirNeighbours(@ForAll @IntRange(min = 5, max = 70) int m) {
        SplittableRandom rnd = new SplittableRandom(m);
        int k = 37, n = 70;
        float[] a = random(m * k, rnd);
        float[] w = random(n * k, rnd);
        float[] all = new float[m * n];
        gemm.multiplyTransposed(a, m, k, w, n, all, false);
        float[] one = new float[n];
        float[] row = java.util.Arrays.copyOfRange(a, (m - 1) * k, m * k);
        gemm.multiplyTransposed(row, 1, k, w, n, one, false);
        assertThat(java.util.Arrays.copyOfRange(all, (m - 1) * n, m * n)).containsExactly(one);
    }
}
