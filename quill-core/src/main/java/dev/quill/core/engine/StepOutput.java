package dev.quill.core.engine;

/**
 * What a step produced: for each chunk of the plan that asked for it, the sampled token.
 * {@code requestIds[i]} got {@code tokens[i]}, whose log-probability is {@code logprobs[i]} when
 * its chunk asked for it (NaN otherwise). {@code scores[c]} holds the log-probabilities chunk
 * {@code c} of the plan asked for with its score targets (null for a chunk that asked none);
 * {@code top[i]} the most likely tokens at {@code requestIds[i]}'s position, when asked (else null).
 *
 * <p>{@code verifications[c]} is how chunk {@code c}'s draft fared (null for a chunk without one).
 */
public record StepOutput(long[] requestIds, int[] tokens, float[] logprobs, TopLogprobs[] top, float[][] scores,
        Verification[] verifications, long durationNanos) {

    /**
     * A draft chunk's last {@link StepPlan.Chunk#verifiedRows()} rows, the row before the draft first.
     *
     * @param choices      the greedy choice at each (the first is also the chunk's sampled token)
     * @param logprobs     their log-probabilities (NaN unless the chunk asked)
     * @param draftScores  each draft token's log-probability at the row before it
     */
    public record Verification(int[] choices, float[] logprobs, float[] draftScores) {}

    /** The token sampled for {@code requestId}, or -1 if its chunk did not sample. */
    public int tokenFor(long requestId) {
        int i = indexOf(requestId);
        return i < 0 ? -1 : tokens[i];
    }

    /** The log-probability of the token sampled for {@code requestId} (NaN when not computed). */
    public float logprobFor(long requestId) {
        int i = indexOf(requestId);
        return i < 0 ? Float.NaN : logprobs[i];
    }

    /** The most likely tokens where {@code requestId} sampled, or null when not computed. */
    public TopLogprobs topLogprobsFor(long requestId) {
        int i = indexOf(requestId);
        return i < 0 ? null : top[i];
    }

    private int indexOf(long requestId) {
        for (int i = 0; i < requestIds.length; i++) {
            if (requestIds[i] == requestId) return i;
        }
        return -1;
    }
}
