package dev.quill.train.model;

import dev.quill.core.kernels.Gemm;
import dev.quill.core.kernels.RopeTable;
import dev.quill.core.kernels.VectorKernels;
import dev.quill.core.kernels.WorkerPool;
import dev.quill.core.model.LlamaConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The decoder of {@link dev.quill.core.model.LlamaModel} (RMSNorm, RoPE, causal grouped-query
 * attention, SwiGLU, tied embeddings) with a backward pass, for training.
 *
 * <p>{@link #forward} runs a {@link TrainingBatch} (many sequences end to end, no padding),
 * keeps every activation the backward pass needs, and returns the mean cross-entropy over the
 * target rows; {@link #backward} then adds the gradient of that loss to every
 * {@link Parameter#grad}. The matrix products go through {@link Gemm} (the core's packed
 * outer-product kernel); the rest are plain loops that read like the math. Shapes in comments:
 * T rows, d hidden, q = heads x headDim, kv = kvHeads x headDim, f intermediate, V vocabulary.
 *
 * <p>Not thread-safe; one trainer thread drives it and the worker pool splits the big loops.
 */
public final class TrainableLlama {
    private final LlamaConfig c;
    private final WorkerPool pool;
    private final Gemm gemm;
    private final RopeTable rope;
    /** The core's vector kernels, for the SwiGLU and the softmaxes (deterministic vector exp). */
    private final VectorKernels kernels;
    final Parameter embed;
    final Layer[] layers;
    final Parameter finalNorm;
    private final List<Parameter> parameters = new ArrayList<>();
    private Activations acts;

    static final class Layer {
        final Parameter inputNorm, wq, wk, wv, wo, postNorm, wGate, wUp, wDown;

        Layer(Parameter... p) {
            inputNorm = p[0]; wq = p[1]; wk = p[2]; wv = p[3]; wo = p[4];
            postNorm = p[5]; wGate = p[6]; wUp = p[7]; wDown = p[8];
        }
    }

    public TrainableLlama(LlamaConfig config, WorkerPool pool) {
        if (!config.tieWordEmbeddings()) throw new IllegalArgumentException("the trainer supports tied embeddings only");
        if (config.attentionBias()) throw new IllegalArgumentException("the trainer does not support attention biases");
        this.c = config;
        this.pool = pool;
        this.gemm = new Gemm(pool);
        this.kernels = new VectorKernels(pool);
        this.rope = new RopeTable(config.headDim(), config.maxPositionEmbeddings(), config.ropeTheta());
        int d = c.hiddenSize(), q = c.qDim(), kv = c.kvDim(), f = c.intermediateSize();
        embed = add(new Parameter("model.embed_tokens.weight", true, c.vocabSize(), d));
        layers = new Layer[c.numLayers()];
        for (int l = 0; l < layers.length; l++) {
            String p = "model.layers." + l + ".";
            layers[l] = new Layer(
                    add(new Parameter(p + "input_layernorm.weight", false, d)),
                    add(new Parameter(p + "self_attn.q_proj.weight", true, q, d)),
                    add(new Parameter(p + "self_attn.k_proj.weight", true, kv, d)),
                    add(new Parameter(p + "self_attn.v_proj.weight", true, kv, d)),
                    add(new Parameter(p + "self_attn.o_proj.weight", true, d, q)),
                    add(new Parameter(p + "post_attention_layernorm.weight", false, d)),
                    add(new Parameter(p + "mlp.gate_proj.weight", true, f, d)),
                    add(new Parameter(p + "mlp.up_proj.weight", true, f, d)),
                    add(new Parameter(p + "mlp.down_proj.weight", true, d, f)));
        }
        finalNorm = add(new Parameter("model.norm.weight", false, d));
    }

    private Parameter add(Parameter p) {
        parameters.add(p);
        return p;
    }

    public LlamaConfig config() {
        return c;
    }

    public WorkerPool pool() {
        return pool;
    }

    public List<Parameter> parameters() {
        return parameters;
    }

    public long parameterCount() {
        long n = 0;
        for (Parameter p : parameters) n += p.size();
        return n;
    }

    /**
     * GPT-2's initialisation: N(0, 0.02^2) for matrices, the two projections that write into the
     * residual stream scaled by 1/sqrt(2 x layers) so the stream's variance does not grow with
     * depth; norm gains 1.
     */
    public void initialize(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double std = 0.02;
        double residual = std / Math.sqrt(2.0 * c.numLayers());
        for (Parameter p : parameters) {
            if (p.shape.length == 1) {
                java.util.Arrays.fill(p.value, 1f);
                continue;
            }
            double s = p.name.endsWith("o_proj.weight") || p.name.endsWith("down_proj.weight") ? residual : std;
            for (int i = 0; i < p.value.length; i++) p.value[i] = (float) (gaussian(rnd) * s);
        }
    }

    private static double gaussian(SplittableRandom rnd) {
        // Box-Muller: SplittableRandom has no nextGaussian of its own
        double u1 = rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    public void zeroGrad() {
        for (Parameter p : parameters) java.util.Arrays.fill(p.grad, 0f);
    }

    // ------------------------------------------------------------------ forward

    /** Everything the backward pass reads, per layer, for the last forward batch. */
    private static final class Activations {
        TrainingBatch batch;
        int rows;
        float[][] xIn, rms1, xn1, q, k, v, probs, att, xMid, rms2, xn2, gate, up, hidden;
        int[] probOffsets; // per sequence, start of its heads x L x L probabilities
        float[] xOut, rmsF, xf; // final residual stream, final norm
        int[] targetRows;
        float[] logits; // targetRows x V, softmax after the loss is computed
        float lossScale;
    }

    /** Mean cross-entropy (nats per target token) of the batch's target rows; keeps what {@link #backward} needs. */
    public double forward(TrainingBatch b) {
        int T = b.rows(), d = c.hiddenSize(), qd = c.qDim(), kvd = c.kvDim(), f = c.intermediateSize(), L = c.numLayers();
        for (int p : b.positions()) {
            if (p >= c.maxPositionEmbeddings()) {
                throw new IllegalArgumentException("position " + p + " beyond the model's context of " + c.maxPositionEmbeddings());
            }
        }
        Activations a = new Activations();
        a.batch = b;
        a.rows = T;
        a.xIn = new float[L][]; a.rms1 = new float[L][]; a.xn1 = new float[L][];
        a.q = new float[L][]; a.k = new float[L][]; a.v = new float[L][]; a.probs = new float[L][]; a.att = new float[L][];
        a.xMid = new float[L][]; a.rms2 = new float[L][]; a.xn2 = new float[L][];
        a.gate = new float[L][]; a.up = new float[L][]; a.hidden = new float[L][];
        a.probOffsets = new int[b.sequences() + 1];
        for (int s = 0; s < b.sequences(); s++) {
            a.probOffsets[s + 1] = a.probOffsets[s] + c.numHeads() * b.length(s) * b.length(s);
        }

        float[] x = new float[T * d];
        int[] tokens = b.tokens();
        for (int r = 0; r < T; r++) {
            int t = tokens[r];
            if (t < 0 || t >= c.vocabSize()) throw new IllegalArgumentException("token id " + t + " outside the vocabulary");
            System.arraycopy(embed.value, t * d, x, r * d, d);
        }
        for (int l = 0; l < L; l++) {
            Layer w = layers[l];
            a.xIn[l] = x.clone();
            a.rms1[l] = new float[T];
            a.xn1[l] = new float[T * d];
            rmsNorm(x, w.inputNorm.value, a.xn1[l], a.rms1[l], T, d);
            a.q[l] = new float[T * qd];
            a.k[l] = new float[T * kvd];
            a.v[l] = new float[T * kvd];
            gemm.multiplyTransposed(a.xn1[l], T, d, w.wq.value, qd, a.q[l], false);
            gemm.multiplyTransposed(a.xn1[l], T, d, w.wk.value, kvd, a.k[l], false);
            gemm.multiplyTransposed(a.xn1[l], T, d, w.wv.value, kvd, a.v[l], false);
            rope.apply(a.q[l], T, c.numHeads(), c.headDim(), b.positions());
            rope.apply(a.k[l], T, c.numKvHeads(), c.headDim(), b.positions());
            a.probs[l] = new float[a.probOffsets[b.sequences()]];
            a.att[l] = new float[T * qd];
            attentionForward(b, a.q[l], a.k[l], a.v[l], a.probs[l], a.probOffsets, a.att[l]);
            gemm.multiplyTransposed(a.att[l], T, qd, w.wo.value, d, x, true);
            a.xMid[l] = x.clone();
            a.rms2[l] = new float[T];
            a.xn2[l] = new float[T * d];
            rmsNorm(x, w.postNorm.value, a.xn2[l], a.rms2[l], T, d);
            a.gate[l] = new float[T * f];
            a.up[l] = new float[T * f];
            gemm.multiplyTransposed(a.xn2[l], T, d, w.wGate.value, f, a.gate[l], false);
            gemm.multiplyTransposed(a.xn2[l], T, d, w.wUp.value, f, a.up[l], false);
            a.hidden[l] = new float[T * f];
            System.arraycopy(a.gate[l], 0, a.hidden[l], 0, T * f);
            kernels.siluMul(a.hidden[l], a.up[l], T * f);
            gemm.multiplyTransposed(a.hidden[l], T, f, w.wDown.value, d, x, true);
        }
        a.xOut = x;
        // the final norm and the vocabulary projection only for rows that carry a loss
        int n = b.targetCount();
        a.targetRows = new int[n];
        for (int r = 0, i = 0; r < T; r++) if (b.targets()[r] >= 0) a.targetRows[i++] = r;
        float[] picked = new float[n * d];
        for (int i = 0; i < n; i++) System.arraycopy(x, a.targetRows[i] * d, picked, i * d, d);
        a.rmsF = new float[n];
        a.xf = new float[n * d];
        rmsNorm(picked, finalNorm.value, a.xf, a.rmsF, n, d);
        int V = c.vocabSize();
        a.logits = new float[n * V];
        gemm.multiplyTransposed(a.xf, n, d, embed.value, V, a.logits, false);
        // cross-entropy per row: -log softmax(logits)[target] = log(sum exp(l - max)) + max - l[target];
        // the logits are replaced by the softmax, which is where the backward pass starts
        float[] rowLoss = new float[n];
        float[] logits = a.logits;
        int[] targets = b.targets();
        int[] targetRows = a.targetRows;
        pool.parallelFor((n + 15) / 16, blk -> {
            int to = Math.min(n, blk * 16 + 16);
            for (int i = blk * 16; i < to; i++) {
                int off = i * V;
                float targetLogit = logits[off + targets[targetRows[i]]];
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < V; j++) max = Math.max(max, logits[off + j]);
                kernels.softmax(logits, off, V);
                // softmax divided by the sum; recover log(sum) from the max's own probability, e^0 / sum
                float pMax = 0f;
                for (int j = 0; j < V; j++) {
                    if (logits[off + j] > pMax) pMax = logits[off + j];
                }
                rowLoss[i] = (float) (-Math.log(pMax)) + max - targetLogit;
            }
        });
        double loss = 0;
        for (int i = 0; i < n; i++) loss += rowLoss[i];
        a.lossScale = n == 0 ? 0f : 1f / n;
        acts = a;
        return n == 0 ? 0 : loss / n;
    }

    /** out = x / rms(x) * gain per row; keeps 1/rms per row for the backward pass. */
    private void rmsNorm(float[] x, float[] gain, float[] out, float[] invRms, int rows, int d) {
        float eps = c.rmsNormEps();
        pool.parallelFor((rows + 63) / 64, blk -> {
            int to = Math.min(rows, blk * 64 + 64);
            for (int r = blk * 64; r < to; r++) {
                int o = r * d;
                double ss = 0;
                for (int i = 0; i < d; i++) ss += x[o + i] * x[o + i];
                float inv = (float) (1.0 / Math.sqrt(ss / d + eps));
                invRms[r] = inv;
                for (int i = 0; i < d; i++) out[o + i] = x[o + i] * inv * gain[i];
            }
        });
    }

    /**
     * Causal attention within each sequence; probabilities kept per (sequence, head) as L x L.
     * The keys of a (sequence, head) are transposed first, so a row's scores are FMAs of the
     * query's broadcast elements with contiguous key vectors (no sum across lanes).
     */
    private void attentionForward(TrainingBatch b, float[] q, float[] k, float[] v, float[] probs, int[] probOffsets,
            float[] out) {
        int H = c.numHeads(), hd = c.headDim(), group = H / c.numKvHeads(), qd = c.qDim(), kvd = c.kvDim();
        float scale = (float) (1 / Math.sqrt(hd));
        pool.parallelFor(b.sequences(), s -> {
            int start = b.starts()[s], len = b.length(s);
            float[] kT = new float[hd * len];
            for (int h = 0; h < H; h++) {
                int kh = h / group;
                if (h % group == 0) transpose(k, start, len, kvd, kh * hd, hd, kT);
                int pBase = probOffsets[s] + h * len * len;
                for (int i = 0; i < len; i++) {
                    int qo = (start + i) * qd + h * hd;
                    int po = pBase + i * len;
                    for (int e = 0; e < hd; e++) axpy(q[qo + e] * scale, kT, e * len, probs, po, i + 1);
                    kernels.softmax(probs, po, i + 1);
                    java.util.Arrays.fill(out, qo, qo + hd, 0f);
                    for (int j = 0; j <= i; j++) axpy(probs[po + j], v, (start + j) * kvd + kh * hd, out, qo, hd);
                }
            }
        });
    }

    /** t[e * len + j] = x[(start + j) * stride + offset + e]: one head of one sequence, transposed. */
    private static void transpose(float[] x, int start, int len, int stride, int offset, int width, float[] t) {
        for (int j = 0; j < len; j++) {
            int o = (start + j) * stride + offset;
            for (int e = 0; e < width; e++) t[e * len + j] = x[o + e];
        }
    }

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** y[yo .. yo+n) += a * x[xo .. xo+n). */
    static void axpy(float a, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        int bound = n - n % F.length();
        FloatVector av = FloatVector.broadcast(F, a);
        for (; i < bound; i += F.length()) {
            FloatVector.fromArray(F, x, xo + i).fma(av, FloatVector.fromArray(F, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) y[yo + i] = Math.fma(a, x[xo + i], y[yo + i]);
    }

    // ------------------------------------------------------------------ backward

    /** Adds the gradient of the last {@link #forward}'s loss to every parameter's {@code grad}. */
    public void backward() {
        Activations a = acts;
        if (a == null) throw new IllegalStateException("backward() needs a forward() first");
        TrainingBatch b = a.batch;
        int T = a.rows, d = c.hiddenSize(), qd = c.qDim(), kvd = c.kvDim(), f = c.intermediateSize(), V = c.vocabSize();
        int n = a.targetRows.length;
        // cross-entropy: dlogits = (softmax - onehot) / n
        float[] dLogits = a.logits;
        for (int i = 0; i < n; i++) {
            dLogits[i * V + b.targets()[a.targetRows[i]]] -= 1f;
        }
        for (int i = 0; i < n * V; i++) dLogits[i] *= a.lossScale;
        float[] dXf = new float[n * d];
        gemm.multiply(dLogits, n, V, embed.value, d, dXf, false);
        gemm.multiplyTransposedA(dLogits, n, V, a.xf, d, embed.grad, true);
        float[] picked = new float[n * d];
        for (int i = 0; i < n; i++) System.arraycopy(a.xOut, a.targetRows[i] * d, picked, i * d, d);
        float[] dPicked = new float[n * d];
        rmsNormBackward(picked, finalNorm.value, a.rmsF, dXf, dPicked, finalNorm.grad, n, d);
        float[] dx = new float[T * d];
        for (int i = 0; i < n; i++) System.arraycopy(dPicked, i * d, dx, a.targetRows[i] * d, d);

        float[] dH = new float[T * f];
        float[] dGate = new float[T * f];
        float[] dUp = new float[T * f];
        float[] dXn = new float[T * d];
        float[] dAtt = new float[T * qd];
        float[] dQ = new float[T * qd];
        float[] dK = new float[T * kvd];
        float[] dV = new float[T * kvd];
        for (int l = c.numLayers() - 1; l >= 0; l--) {
            Layer w = layers[l];
            // MLP: x += down(silu(gate) * up)
            gemm.multiply(dx, T, d, w.wDown.value, f, dH, false);
            gemm.multiplyTransposedA(dx, T, d, a.hidden[l], f, w.wDown.grad, true);
            swigluBackward(a.gate[l], a.up[l], dH, dGate, dUp, T * f);
            gemm.multiply(dGate, T, f, w.wGate.value, d, dXn, false);
            gemm.multiply(dUp, T, f, w.wUp.value, d, dXn, true);
            gemm.multiplyTransposedA(dGate, T, f, a.xn2[l], d, w.wGate.grad, true);
            gemm.multiplyTransposedA(dUp, T, f, a.xn2[l], d, w.wUp.grad, true);
            rmsNormBackwardAccumulate(a.xMid[l], w.postNorm.value, a.rms2[l], dXn, dx, w.postNorm.grad, T, d);
            // attention: x += o(attention(rope(q), rope(k), v))
            gemm.multiply(dx, T, d, w.wo.value, qd, dAtt, false);
            gemm.multiplyTransposedA(dx, T, d, a.att[l], qd, w.wo.grad, true);
            attentionBackward(b, a.q[l], a.k[l], a.v[l], a.probs[l], a.probOffsets, dAtt, dQ, dK, dV);
            rope.applyTransposed(dQ, T, c.numHeads(), c.headDim(), b.positions());
            rope.applyTransposed(dK, T, c.numKvHeads(), c.headDim(), b.positions());
            gemm.multiply(dQ, T, qd, w.wq.value, d, dXn, false);
            gemm.multiply(dK, T, kvd, w.wk.value, d, dXn, true);
            gemm.multiply(dV, T, kvd, w.wv.value, d, dXn, true);
            gemm.multiplyTransposedA(dQ, T, qd, a.xn1[l], d, w.wq.grad, true);
            gemm.multiplyTransposedA(dK, T, kvd, a.xn1[l], d, w.wk.grad, true);
            gemm.multiplyTransposedA(dV, T, kvd, a.xn1[l], d, w.wv.grad, true);
            rmsNormBackwardAccumulate(a.xIn[l], w.inputNorm.value, a.rms1[l], dXn, dx, w.inputNorm.grad, T, d);
        }
        int[] tokens = b.tokens();
        for (int r = 0; r < T; r++) {
            int o = tokens[r] * d;
            for (int i = 0; i < d; i++) embed.grad[o + i] += dx[r * d + i];
        }
        acts = null;
    }

    /**
     * Through h = silu(g) * u: du = dh * silu(g), dg = dh * u * sigma(g) * (1 + g (1 - sigma(g))),
     * with the kernels' deterministic vector exp.
     */
    private void swigluBackward(float[] g, float[] u, float[] dh, float[] dg, float[] du, int n) {
        int chunk = 1 << 14;
        pool.parallelFor((n + chunk - 1) / chunk, blk -> {
            int from = blk * chunk, to = Math.min(n, from + chunk);
            int i = from;
            for (; i + F.length() <= to; i += F.length()) {
                FloatVector gv = FloatVector.fromArray(F, g, i);
                FloatVector one = FloatVector.broadcast(F, 1f);
                FloatVector sig = one.div(VectorKernels.exp(gv.neg()).add(1f));
                FloatVector d = FloatVector.fromArray(F, dh, i);
                d.mul(gv.mul(sig)).intoArray(du, i);
                d.mul(FloatVector.fromArray(F, u, i)).mul(sig).mul(gv.mul(one.sub(sig)).add(one)).intoArray(dg, i);
            }
            for (; i < to; i++) {
                float sig = 1f / (1f + VectorKernels.exp(-g[i]));
                du[i] = dh[i] * g[i] * sig;
                dg[i] = dh[i] * u[i] * sig * (1f + g[i] * (1f - sig));
            }
        });
    }

    /** dx = gradient of y = x * r * gain (r = 1/rms(x)) given dy; adds to dGain. */
    private void rmsNormBackward(float[] x, float[] gain, float[] invRms, float[] dy, float[] dx, float[] dGain,
            int rows, int d) {
        java.util.Arrays.fill(dx, 0, rows * d, 0f);
        rmsNormBackwardAccumulate(x, gain, invRms, dy, dx, dGain, rows, d);
    }

    /**
     * {@code dx += } the gradient through y = x * r * gain, r = (mean(x^2) + eps)^-1/2:
     * dx_i = r (dy_i g_i) - r^3 x_i (sum_j dy_j g_j x_j) / d. The gain's gradient sums over rows
     * in a fixed order (per column, rows ascending), so it does not depend on the threads.
     */
    private void rmsNormBackwardAccumulate(float[] x, float[] gain, float[] invRms, float[] dy, float[] dx,
            float[] dGain, int rows, int d) {
        pool.parallelFor((rows + 63) / 64, blk -> {
            int to = Math.min(rows, blk * 64 + 64);
            for (int r = blk * 64; r < to; r++) {
                int o = r * d;
                float inv = invRms[r];
                double dot = 0;
                for (int i = 0; i < d; i++) dot += dy[o + i] * gain[i] * x[o + i];
                float coef = (float) (dot * inv * inv * inv / d);
                for (int i = 0; i < d; i++) dx[o + i] += inv * dy[o + i] * gain[i] - coef * x[o + i];
            }
        });
        int chunk = 64;
        pool.parallelFor((d + chunk - 1) / chunk, blk -> {
            int to = Math.min(d, blk * chunk + chunk);
            for (int i = blk * chunk; i < to; i++) {
                double s = 0;
                for (int r = 0; r < rows; r++) s += dy[r * d + i] * x[r * d + i] * invRms[r];
                dGain[i] += (float) s;
            }
        });
    }

    /**
     * Backward of softmax(q k^T * scale) v per (sequence, head): dv_j = sum_i p_ij do_i,
     * dp_ij = do_i . v_j, ds_ij = p_ij (dp_ij - sum_j' p_ij' dp_ij'), dq_i = scale sum_j ds_ij k_j,
     * dk_j = scale sum_i ds_ij q_i. One task per sequence, so the key and value gradients of a
     * shared (grouped) kv head are summed by one thread in a fixed order.
     */
    private void attentionBackward(TrainingBatch b, float[] q, float[] k, float[] v, float[] probs, int[] probOffsets,
            float[] dOut, float[] dQ, float[] dK, float[] dV) {
        int H = c.numHeads(), hd = c.headDim(), group = H / c.numKvHeads(), qd = c.qDim(), kvd = c.kvDim();
        float scale = (float) (1 / Math.sqrt(hd));
        pool.parallelFor(b.sequences(), s -> {
            int start = b.starts()[s], len = b.length(s);
            java.util.Arrays.fill(dQ, start * qd, (start + len) * qd, 0f);
            java.util.Arrays.fill(dK, start * kvd, (start + len) * kvd, 0f);
            java.util.Arrays.fill(dV, start * kvd, (start + len) * kvd, 0f);
            float[] dp = new float[len];
            float[] vT = new float[hd * len];
            for (int h = 0; h < H; h++) {
                int kh = h / group;
                if (h % group == 0) transpose(v, start, len, kvd, kh * hd, hd, vT);
                int pBase = probOffsets[s] + h * len * len;
                for (int i = 0; i < len; i++) {
                    int qo = (start + i) * qd + h * hd;
                    int po = pBase + i * len;
                    java.util.Arrays.fill(dp, 0, i + 1, 0f);
                    for (int e = 0; e < hd; e++) axpy(dOut[qo + e], vT, e * len, dp, 0, i + 1);
                    float rowDot = 0f;
                    for (int j = 0; j <= i; j++) rowDot += probs[po + j] * dp[j];
                    for (int j = 0; j <= i; j++) {
                        float p = probs[po + j];
                        int ko = (start + j) * kvd + kh * hd;
                        axpy(p, dOut, qo, dV, ko, hd);
                        float ds = p * (dp[j] - rowDot) * scale;
                        axpy(ds, k, ko, dQ, qo, hd);
                        axpy(ds, q, qo, dK, ko, hd);
                    }
                }
            }
        });
    }
}
