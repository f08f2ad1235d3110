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
 * @param outputLogprobs    natural-log probability of each output token, when the request asked
 *                          ({@link EngineRequest#logprobs()}); else empty
 * @param outputTopLogprobs the most likely tokens at each output position, when the request asked
 *                          ({@link EngineRequest#topLogprobs()} above 0); else empty
 * @param promptLogprobs    natural-log probability of each prompt token from
 *                          {@link EngineRequest#promptLogprobsFrom()} on, given those before it,
 *                          when asked and the prompt was computed; else empty
 * @param speculation       how the request's draft fared, or null when it had none
 */
public record Completion(long requestId, int[] outputTokens, FinishReason finishReason, int promptTokens,
        int prefixHitTokens, int preemptions, long computeShareNanos, int batchSizeAtAdmission, RequestTimeline timeline,
        float[] outputLogprobs, java.util.List<TopLogprobs> outputTopLogprobs, float[] promptLogprobs,
        Speculation speculation) {

    /** A completion of a request without a draft. */
    public Completion(long requestId, int[] outputTokens, FinishReason finishReason, int promptTokens, int prefixHitTokens,
            int preemptions, long computeShareNanos, int batchSizeAtAdmission, RequestTimeline timeline,
            float[] outputLogprobs, java.util.List<TopLogprobs> outputTopLogprobs, float[] promptLogprobs) {
        this(requestId, outputTokens, finishReason, promptTokens, prefixHitTokens, preemptions, computeShareNanos,
                batchSizeAtAdmission, timeline, outputLogprobs, outputTopLogprobs, promptLogprobs, null);
    }

    /** A completion without log-probabilities. */
    public Completion(long requestId, int[] outputTokens, FinishReason finishReason, int promptTokens, int prefixHitTokens,
            int preemptions, long computeShareNanos, int batchSizeAtAdmission, RequestTimeline timeline) {
        this(requestId, outputTokens, finishReason, promptTokens, prefixHitTokens, preemptions, computeShareNanos,
                batchSizeAtAdmission, timeline, new float[0], java.util.List.of(), new float[0]);
    }

    /** The sum of {@link #promptLogprobs()}: the log-probability of the scored continuation. */
    public double promptLogprobSum() {
        double sum = 0;
        for (float lp : promptLogprobs) sum += lp;
        return sum;
    }

    /** The sum of {@link #outputLogprobs()}: the log-probability of the whole output. */
    public double outputLogprobSum() {
        double sum = 0;
        for (float lp : outputLogprobs) sum += lp;
        return sum;
    }
}
