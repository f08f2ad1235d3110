package dev.quill.core.generate;

import dev.quill.core.kv.BlockPool;
import dev.quill.core.kv.KvCache;
import dev.quill.core.kv.SequenceBlocks;
import dev.quill.core.model.DecoderModel;
import dev.quill.core.model.ForwardBatch;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Generates one sequence at a time: the prompt is prefilled in chunks, then one token per
 * forward pass. This is the single-request path of {@code quill generate}; the batching engine
 * drives {@link DecoderModel#forward} with many sequences per step instead.
 */
public final class Generator {
    /** Why generation stopped. */
    public enum FinishReason { STOP, LENGTH }

    /** The tokens produced (prompt excluded) and where the time went. */
    public record Result(int[] tokens, FinishReason finishReason, long prefillNanos, long decodeNanos) {}

    private static final int PREFILL_CHUNK = 256;

    private final DecoderModel model;
    private final KvCache kv;
    private final BlockPool pool;

    public Generator(DecoderModel model, KvCache kv) {
        this.model = model;
        this.kv = kv;
        this.pool = new BlockPool(kv.numBlocks());
    }

    /**
     * @param vocabLimit only ids below this are sampled (a tokenizer may have fewer ids than the embedding rows)
     * @param stopToken  generation ends after this token (it is included in the result); -1 for none
     * @param onToken    called with each new token as soon as it is chosen
     */
    public Result generate(int[] prompt, SamplingParams params, int maxTokens, int vocabLimit, int stopToken,
            IntConsumer onToken) {
        if (prompt.length == 0) throw new IllegalArgumentException("prompt must have at least one token");
        int context = model.config().maxPositionEmbeddings();
        if (prompt.length >= context) {
            throw new IllegalArgumentException("prompt of " + prompt.length + " tokens leaves no room in a context of " + context);
        }
        int limit = Math.min(maxTokens, context - prompt.length);
        SequenceBlocks blocks = new SequenceBlocks(pool, kv.blockSize());
        Sampler sampler = new Sampler(params);
        int[] out = new int[limit];
        int produced = 0;
        FinishReason reason = FinishReason.LENGTH;
        try {
            long t0 = System.nanoTime();
            float[] logits = null;
            for (int start = 0; start < prompt.length; start += PREFILL_CHUNK) {
                int end = Math.min(prompt.length, start + PREFILL_CHUNK);
                logits = step(blocks, Arrays.copyOfRange(prompt, start, end), start);
            }
            long t1 = System.nanoTime();
            int position = prompt.length;
            while (produced < limit) {
                int next = sampler.sample(logits, 0, vocabLimit);
                out[produced++] = next;
                onToken.accept(next);
                if (next == stopToken) {
                    reason = FinishReason.STOP;
                    break;
                }
                if (produced == limit) break;
                logits = step(blocks, new int[] {next}, position++);
            }
            long t2 = System.nanoTime();
            return new Result(Arrays.copyOf(out, produced), reason, t1 - t0, t2 - t1);
        } finally {
            blocks.release();
        }
    }

    /** Runs tokens at positions [start, start + tokens.length) of one sequence; returns the last row's logits. */
    private float[] step(SequenceBlocks blocks, int[] tokens, int start) {
        if (!blocks.ensureCapacity(start + tokens.length)) {
            throw new IllegalStateException("KV cache of " + kv.numBlocks() + " blocks cannot hold "
                    + (start + tokens.length) + " positions");
        }
        int[] positions = new int[tokens.length];
        int[][] tables = new int[tokens.length][];
        for (int i = 0; i < tokens.length; i++) {
            positions[i] = start + i;
            tables[i] = blocks.table();
        }
        return model.forward(new ForwardBatch(tokens, positions, tables, new int[] {tokens.length - 1}), kv);
    }
}
