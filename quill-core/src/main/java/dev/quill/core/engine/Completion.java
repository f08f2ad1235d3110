package dev.quill.core.engine;

/**
 * How a request ended.
 *
 * @param requestId         the engine's id for it
 * @param outputTokens      tokens generated (the stop token included when it ended on one)
 * @param finishReason      why it ended
 * @param promptTokens      prompt length
 * @param prefixHitTokens   prompt tokens whose K/V came from the prefix cache instead of being computed
 * @param preemptions       how often it was preempted and recomputed
 * @param computeShareNanos its share of the steps it ran in, split by tokens (for cost)
 * @param batchSizeAtAdmission sequences in the step that first ran it (0 if it never ran)
 * @param timeline          when things happened
 */
public record Completion(long requestId, int[] outputTokens, FinishReason finishReason, int promptTokens,
        int prefixHitTokens, int preemptions, long computeShareNanos, int batchSizeAtAdmission, RequestTimeline timeline) {}
