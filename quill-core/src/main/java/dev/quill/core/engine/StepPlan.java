package dev.quill.core.engine;

import dev.quill.core.generate.SamplingParams;
import java.util.List;

/**
 * What one engine step computes: the whole contract between the {@link Scheduler}, which
 * decides, and the {@link ModelRunner}, which executes. A plain value: the runner needs nothing
 * else to run the step, and the scheduler learns the outcome only from the {@link StepOutput}.
 *
 * @param step   the step's number, from 0
 * @param chunks one per scheduled sequence, in the order their rows enter the batch
 */
public record StepPlan(long step, List<Chunk> chunks) {

    /**
     * A run of consecutive tokens of one sequence.
     *
     * @param requestId     whose tokens
     * @param tokens        the token ids, at positions [startPosition, startPosition + tokens.length)
     * @param startPosition position of the first token in its sequence
     * @param blockTable    the sequence's KV blocks, already holding room for these positions
     * @param sample        whether the chunk reaches the sequence's end, so the next token is sampled
     * @param decode        a single token of ongoing generation (as opposed to prompt prefill or recompute)
     * @param sampling      how to sample, for a runner that has not seen this request yet
     * @param logprobs      -1 when the sampled token's log-probability is not wanted; else how many
     *                      of the most likely tokens to report with it (0 for none)
     * @param scoreTargets  null, or for each token of the chunk the id whose log-probability its row
     *                      should give (the next prompt token), -1 where none is wanted
     * @param draftTokens   how many of the chunk's last tokens are a draft to verify (0 for none): the
     *                      sequence's own tokens come first, so the draft's rows and the row before
     *                      them each give the model's greedy choice for the position after it
     */
    public record Chunk(long requestId, int[] tokens, int startPosition, int[] blockTable, boolean sample,
            boolean decode, SamplingParams sampling, int logprobs, int[] scoreTargets, int draftTokens) {

        /** Rows whose greedy choice is read: the draft's and the one before them (1 for a plain sampling chunk). */
        int verifiedRows() {
            return draftTokens + 1;
        }
    }

    public boolean isEmpty() {
        return chunks.isEmpty();
    }

    public int totalTokens() {
        int n = 0;
        for (Chunk c : chunks) n += c.tokens().length;
        return n;
    }

    /** Tokens of ongoing generation (a decode chunk's own token; its draft is counted apart). */
    public int decodeTokens() {
        int n = 0;
        for (Chunk c : chunks) if (c.decode()) n += c.tokens().length - c.draftTokens();
        return n;
    }

    /** Prompt and recompute tokens: all but the decode and draft tokens. */
    public int prefillTokens() {
        return totalTokens() - decodeTokens() - draftTokens();
    }

    /** Draft tokens proposed in this step, all chunks together. */
    public int draftTokens() {
        int n = 0;
        for (Chunk c : chunks) n += c.draftTokens();
        return n;
    }
}
