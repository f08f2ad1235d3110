package dev.quill.core.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Picks next tokens from logits under one sequence's {@link SamplingParams}; owns its random stream. */
public final class Sampler {
    private final SamplingParams params;
    private final SplittableRandom random;

    public Sampler(SamplingParams params) {
        this.params = params;
        this.random = new SplittableRandom(params.seed());
    }

    /** The next token among ids [0, vocabLimit) from logits[offset, offset + vocabLimit). */
    public int sample(float[] logits, int offset, int vocabLimit) {
        if (params.isGreedy()) {
            return argmax(logits, offset, vocabLimit);
        }
        int[] candidates = candidates(logits, offset, vocabLimit);
        double[] probs = new double[candidates.length];
        double max = logits[offset + candidates[0]];
        double sum = 0;
        for (int i = 0; i < candidates.length; i++) {
            probs[i] = Math.exp((logits[offset + candidates[i]] - max) / params.temperature());
            sum += probs[i];
        }
        int keep = candidates.length;
        if (params.topP() < 1f) {
            double cumulative = 0;
            for (int i = 0; i < candidates.length; i++) {
                cumulative += probs[i] / sum;
                if (cumulative >= params.topP()) {
                    keep = i + 1;
                    break;
                }
            }
        }
        double total = 0;
        for (int i = 0; i < keep; i++) total += probs[i];
        double u = random.nextDouble() * total;
        for (int i = 0; i < keep; i++) {
            u -= probs[i];
            if (u < 0) return candidates[i];
        }
        return candidates[keep - 1];
    }

    /**
     * The natural-log probability of {@code token} under the softmax of logits[offset, offset +
     * vocabLimit): the model's own distribution, whatever the sampling settings.
     */
    public static float logProbability(float[] logits, int offset, int vocabLimit, int token) {
        if (token < 0 || token >= vocabLimit) throw new IllegalArgumentException("token " + token + " is outside [0, " + vocabLimit + ")");
        return logits[offset + token] - logSumExp(logits, offset, vocabLimit);
    }

    /** log(sum(exp(logits[offset, offset + vocabLimit)))): subtract it from a logit to get its log-probability. */
    public static float logSumExp(float[] logits, int offset, int vocabLimit) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < vocabLimit; i++) max = Math.max(max, logits[offset + i]);
        double sum = 0;
        for (int i = 0; i < vocabLimit; i++) sum += Math.exp(logits[offset + i] - max);
        return (float) (max + Math.log(sum));
    }

    /** The ids of the {@code k} largest logits among [0, vocabLimit), largest first (ties: smaller id first). */
    public static int[] topK(float[] logits, int offset, int vocabLimit, int k) {
        int n = Math.min(k, vocabLimit);
        int[] ids = new int[n];
        int size = 0;
        for (int id = 0; id < vocabLimit; id++) {
            float v = logits[offset + id];
            if (size == n && !(v > logits[offset + ids[n - 1]])) continue;
            int at = size < n ? size++ : n - 1; // insert, dropping the smallest when full
            while (at > 0 && v > logits[offset + ids[at - 1]]) {
                ids[at] = ids[at - 1];
                at--;
            }
            ids[at] = id;
        }
        return ids;
    }

    public static int argmax(float[] logits, int offset, int length) {
        int best = 0;
        float bestValue = logits[offset];
        for (int i = 1; i < length; i++) {
            if (logits[offset + i] > bestValue) {
                bestValue = logits[offset + i];
                best = i;
            }
        }
        return best;
    }

    /** Token ids sorted by descending logit (ties by id), cut to top-k when set. */
    private int[] candidates(float[] logits, int offset, int vocabLimit) {
        Integer[] ids = new Integer[vocabLimit];
        for (int i = 0; i < vocabLimit; i++) ids[i] = i;
        Arrays.sort(ids, (a, b) -> {
            int c = Float.compare(logits[offset + b], logits[offset + a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int n = params.topK() > 0 ? Math.min(params.topK(), vocabLimit) : vocabLimit;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = ids[i];
        return out;
    }
}
