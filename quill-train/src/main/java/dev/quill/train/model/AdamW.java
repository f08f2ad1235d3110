package dev.quill.train.model;

import dev.quill.core.kernels.WorkerPool;
import java.util.List;

/**
 * AdamW (Loshchilov and Hutter 2019): Adam's moment estimates with bias correction, and weight
 * decay applied to the weights directly rather than through the gradient. Before the update the
 * gradients are clipped to a global L2 norm ({@link #clip}).
 */
public final class AdamW {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final WorkerPool pool;

    public AdamW(double beta1, double beta2, double epsilon, double weightDecay, WorkerPool pool) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        this.pool = pool;
    }

    /** Global L2 norm of all gradients (summed in parameter order, so the same on every run). */
    public static double gradNorm(List<Parameter> parameters) {
        double ss = 0;
        for (Parameter p : parameters) {
            double s = 0;
            for (float g : p.grad) s += (double) g * g;
            ss += s;
        }
        return Math.sqrt(ss);
    }

    /** Scales every gradient so the global norm is at most {@code maxNorm}; returns the norm before clipping. */
    public static double clip(List<Parameter> parameters, double maxNorm) {
        double norm = gradNorm(parameters);
        if (norm > maxNorm && norm > 0) {
            float scale = (float) (maxNorm / norm);
            for (Parameter p : parameters) {
                for (int i = 0; i < p.grad.length; i++) p.grad[i] *= scale;
            }
        }
        return norm;
    }

    /** One update at learning rate {@code lr}; {@code step} counts from 1 (for bias correction). */
    public void step(List<Parameter> parameters, double lr, long step) {
        float b1 = (float) beta1, b2 = (float) beta2;
        float c1 = (float) (1 - Math.pow(beta1, step));
        float c2 = (float) (1 - Math.pow(beta2, step));
        float eps = (float) epsilon;
        float lrF = (float) lr;
        for (Parameter p : parameters) {
            float decay = p.decay ? (float) (1 - lr * weightDecay) : 1f;
            float[] w = p.value, g = p.grad, m = p.m, v = p.v;
            int n = w.length;
            int chunk = 1 << 14;
            pool.parallelFor((n + chunk - 1) / chunk, blk -> {
                int to = Math.min(n, blk * chunk + chunk);
                for (int i = blk * chunk; i < to; i++) {
                    m[i] = b1 * m[i] + (1 - b1) * g[i];
                    v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                    float mHat = m[i] / c1;
                    float vHat = v[i] / c2;
                    w[i] = w[i] * decay - lrF * mHat / ((float) Math.sqrt(vHat) + eps);
                }
            });
        }
    }
}
