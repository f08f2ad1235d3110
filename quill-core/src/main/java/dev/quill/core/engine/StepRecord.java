package dev.quill.core.engine;

/**
 * One engine step, as the observability layer will want it.
 *
 * @param step            its number
 * @param sequences       sequences in the batch
 * @param prefillTokens   prompt (or recompute) tokens computed
 * @param decodeTokens    tokens of ongoing generation computed
 * @param draftTokens     draft tokens computed to be verified ({@link EngineRequest#draft()}), accepted or not
 * @param durationNanos   the forward pass and sampling
 * @param requestIds      who took part, in batch order
 * @param tokensPerRequest how many tokens each computed (the basis for splitting the step's cost)
 */
public record StepRecord(long step, int sequences, int prefillTokens, int decodeTokens, int draftTokens,
        long durationNanos, long[] requestIds, int[] tokensPerRequest) {}
