package dev.quill.core.engine;

/**
 * One engine step, as the observability layer will want it.
 *
 * @param step            its number
 * @param sequences       sequences in the batch
 * @param prefillTokens   prompt (or recompute) tokens computed
 * @param decodeTokens    tokens of ongoing generation computed
 * @param durationNanos   the forward pass and sampling
 * @param requestIds      who took part, in batch order
 * @param tokensPerRequest how many tokens each computed (the basis for splitting the step's cost)
 */
public record StepRecord(long step, int sequences, int prefillTokens, int decodeTokens, long durationNanos,
        long[] requestIds, int[] tokensPerRequest) {}
