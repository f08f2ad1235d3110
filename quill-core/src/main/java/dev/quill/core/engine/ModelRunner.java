package dev.quill.core.engine;

import dev.quill.core.generate.Sampler;
import dev.quill.core.kv.KvCache;
import dev.quill.core.model.DecoderModel;
import dev.quill.core.model.ForwardBatch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Executes a {@link StepPlan}: flattens its chunks into one {@link ForwardBatch} (rows of many
 * sequences, each at its own positions and reading K/V through its own block table), runs one
 * forward pass and samples the next token of every chunk that reaches its sequence's end.
 * Keeps each request's {@link Sampler} so a seeded request samples the same stream whatever
 * else shares its steps.
 */
public final class ModelRunner {
    private final DecoderModel model;
    private final KvCache kv;
    private final int vocabLimit;
    private final Map<Long, Sampler> samplers = new HashMap<>();

    /** @param vocabLimit only ids below this are sampled (the tokenizer's size) */
    public ModelRunner(DecoderModel model, KvCache kv, int vocabLimit) {
        this.model = model;
        this.kv = kv;
        this.vocabLimit = Math.min(vocabLimit, model.config().vocabSize());
    }

    public DecoderModel model() {
        return model;
    }

    public KvCache kv() {
        return kv;
    }

    public StepOutput execute(StepPlan plan) {
        long t0 = System.nanoTime();
        List<StepPlan.Chunk> chunks = plan.chunks();
        int rows = plan.totalTokens();
        int[] tokens = new int[rows];
        int[] positions = new int[rows];
        int[][] tables = new int[rows][];
        int sampled = 0;
        int logitCount = 0;
        for (StepPlan.Chunk c : chunks) {
            if (c.sample()) sampled++;
            logitCount += (c.sample() ? c.verifiedRows() : 0) + scoreRows(c);
        }
        // logits rows: each chunk's scored rows, then its sampled row (with a draft: the rows from
        // the one before the draft to the last)
        int[] logitRows = new int[logitCount];
        long[] ids = new long[sampled];
        int row = 0;
        int s = 0;
        int l = 0;
        for (StepPlan.Chunk c : chunks) {
            for (int i = 0; i < c.tokens().length; i++, row++) {
                tokens[row] = c.tokens()[i];
                positions[row] = c.startPosition() + i;
                tables[row] = c.blockTable();
                if (c.scoreTargets() != null && c.scoreTargets()[i] >= 0) logitRows[l++] = row;
            }
            if (c.sample()) {
                for (int r = row - c.verifiedRows(); r < row; r++) logitRows[l++] = r;
                ids[s++] = c.requestId();
            }
        }
        float[] logits = model.forward(new ForwardBatch(tokens, positions, tables, logitRows), kv);
        int vocab = model.config().vocabSize();
        int[] next = new int[sampled];
        float[] nextLogprobs = new float[sampled];
        TopLogprobs[] top = new TopLogprobs[sampled];
        float[][] scores = new float[chunks.size()][];
        StepOutput.Verification[] verifications = new StepOutput.Verification[chunks.size()];
        s = 0;
        l = 0;
        for (int ci = 0; ci < chunks.size(); ci++) {
            StepPlan.Chunk c = chunks.get(ci);
            if (c.scoreTargets() != null) {
                int[] targets = c.scoreTargets();
                scores[ci] = new float[targets.length];
                for (int i = 0; i < targets.length; i++) {
                    scores[ci][i] = targets[i] >= 0 ? Sampler.logProbability(logits, l++ * vocab, vocabLimit, targets[i]) : Float.NaN;
                }
            }
            if (!c.sample()) continue;
            Sampler sampler = samplers.computeIfAbsent(c.requestId(), id -> new Sampler(c.sampling()));
            if (c.draftTokens() > 0) {
                StepOutput.Verification v = verify(c, logits, l, vocab, sampler);
                verifications[ci] = v;
                next[s] = v.choices()[0];
                nextLogprobs[s] = v.logprobs()[0];
                l += c.verifiedRows();
                s++;
                continue;
            }
            next[s] = sampler.sample(logits, l * vocab, vocabLimit);
            nextLogprobs[s] = Float.NaN;
            if (c.logprobs() >= 0) {
                float logZ = Sampler.logSumExp(logits, l * vocab, vocabLimit);
                nextLogprobs[s] = logits[l * vocab + next[s]] - logZ;
                if (c.logprobs() > 0) {
                    int[] best = Sampler.topK(logits, l * vocab, vocabLimit, c.logprobs());
                    float[] lps = new float[best.length];
                    for (int i = 0; i < best.length; i++) lps[i] = logits[l * vocab + best[i]] - logZ;
                    top[s] = new TopLogprobs(best, lps);
                }
            }
            l++;
            s++;
        }
        return new StepOutput(ids, next, nextLogprobs, top, scores, verifications, System.nanoTime() - t0);
    }

    /**
     * A draft chunk's verified rows, from logits row {@code first}: the greedy choice at each, its
     * log-probability when asked, and the log-probability of the draft token each row but the
     * last is followed by.
     */
    private StepOutput.Verification verify(StepPlan.Chunk c, float[] logits, int first, int vocab, Sampler sampler) {
        int k = c.draftTokens();
        int[] tokens = c.tokens();
        int[] choice = new int[k + 1];
        float[] choiceLogprobs = new float[k + 1];
        float[] draft = new float[k];
        for (int r = 0; r <= k; r++) {
            int off = (first + r) * vocab;
            choice[r] = sampler.sample(logits, off, vocabLimit);
            float logZ = Sampler.logSumExp(logits, off, vocabLimit);
            choiceLogprobs[r] = c.logprobs() >= 0 ? logits[off + choice[r]] - logZ : Float.NaN;
            if (r < k) draft[r] = logits[off + tokens[tokens.length - k + r]] - logZ;
        }
        return new StepOutput.Verification(choice, choiceLogprobs, draft);
    }

    private static int scoreRows(StepPlan.Chunk c) {
        if (c.scoreTargets() == null) return 0;
        int n = 0;
        for (int t : c.scoreTargets()) if (t >= 0) n++;
        return n;
    }

    /** Forgets a finished request's sampler. */
    public void release(long requestId) {
        samplers.remove(requestId);
    }
}
