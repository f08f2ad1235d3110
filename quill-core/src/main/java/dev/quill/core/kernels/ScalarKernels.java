package dev.quill.core.kernels;

import dev.quill.core.tensor.Tensor;

/** The reference kernels: plain single-threaded loops, written to be checked against the math. */
public final class ScalarKernels implements Kernels {

    @Override
    public void matmul(float[] x, int rows, Tensor w, float[] bias, float[] out) {
        int n = w.rows();
        int k = w.cols();
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < n; j++) {
                float sum = 0f;
                long wRow = (long) j * k;
                for (int i = 0; i < k; i++) {
                    sum += x[r * k + i] * w.get(wRow + i);
                }
                out[r * n + j] = bias == null ? sum : sum + bias[j];
            }
        }
    }

    @Override
    public void rmsNorm(float[] x, float[] out, float[] weight, int rows, int dim, float eps) {
        for (int r = 0; r < rows; r++) {
            int base = r * dim;
            float ss = 0f;
            for (int i = 0; i < dim; i++) {
                ss += x[base + i] * x[base + i];
            }
            float inv = (float) (1.0 / Math.sqrt(ss / dim + eps));
            for (int i = 0; i < dim; i++) {
                out[base + i] = x[base + i] * inv * weight[i];
            }
        }
    }

    @Override
    public void siluMul(float[] gate, float[] up, int n) {
        for (int i = 0; i < n; i++) {
            float g = gate[i];
            gate[i] = g / (1f + (float) Math.exp(-g)) * up[i];
        }
    }

    @Override
    public void add(float[] acc, float[] x, int n) {
        for (int i = 0; i < n; i++) {
            acc[i] += x[i];
        }
    }

    @Override
    public void softmax(float[] x, int offset, int length) {
        float inv = 1f / expShifted(x, offset, length, max(x, offset, length), true);
        for (int i = 0; i < length; i++) {
            x[offset + i] *= inv;
        }
    }

    @Override
    public void logSoftmax(float[] x, int offset, int length) {
        float max = max(x, offset, length);
        float shift = max + (float) Math.log(expShifted(x, offset, length, max, false));
        for (int i = 0; i < length; i++) {
            x[offset + i] -= shift;
        }
    }

    private static float max(float[] x, int offset, int length) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < length; i++) {
            max = Math.max(max, x[offset + i]);
        }
        return max;
    }

    /** sum(exp(x - max)) over x[offset, offset + length), storing each exp in place when {@code store}. */
    private static float expShifted(float[] x, int offset, int length, float max, boolean store) {
        float sum = 0f;
        for (int i = 0; i < length; i++) {
            float e = (float) Math.exp(x[offset + i] - max);
            if (store) x[offset + i] = e;
            sum += e;
        }
        return sum;
    }

    @Override
    public void attention(float[] q, float[] out, int rows, AttentionShape shape, KvLayer kv, int[][] blockTables,
            int[] contextLengths) {
        int hd = shape.headDim();
        int group = shape.numHeads() / shape.numKvHeads();
        float scale = shape.scale();
        for (int r = 0; r < rows; r++) {
            int ctx = contextLengths[r];
            float[] scores = new float[ctx];
            for (int h = 0; h < shape.numHeads(); h++) {
                int qBase = (r * shape.numHeads() + h) * hd;
                int kvHead = h / group;
                for (int t = 0; t < ctx; t++) {
                    float dot = 0f;
                    for (int d = 0; d < hd; d++) {
                        dot += q[qBase + d] * kv.keys()[kv.keyIndex(blockTables[r], t, kvHead, d)];
                    }
                    scores[t] = dot * scale;
                }
                softmax(scores, 0, ctx);
                for (int d = 0; d < hd; d++) {
                    out[qBase + d] = 0f;
                }
                for (int t = 0; t < ctx; t++) {
                    int vBase = kv.valueIndex(blockTables[r], t, kvHead);
                    float p = scores[t];
                    for (int d = 0; d < hd; d++) {
                        out[qBase + d] += p * kv.values()[vBase + d];
                    }
                }
            }
        }
    }
}
