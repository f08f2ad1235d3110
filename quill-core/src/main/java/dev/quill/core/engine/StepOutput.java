package dev.quill.core.engine;

/**
 * What a step produced: for each chunk of the plan that asked for it, the sampled token.
 * {@code requestIds[i]} got {@code tokens[i]}.
 */
public record StepOutput(long[] requestIds, int[] tokens, long durationNanos) {
    /** The token sampled for {@code requestId}, or -1 if its chunk did not sample. */
    public int tokenFor(long requestId) {
        for (int i = 0; i < requestIds.length; i++) {
            if (requestIds[i] == requestId) return tokens[i];
        }
        return -1;
    }
}
