package dev.quill.core.engine;

/**
 * The most likely tokens at one generated position, most likely first, with their
 * log-probabilities under the model's own distribution.
 */
public record TopLogprobs(int[] ids, float[] logprobs) {
    public TopLogprobs {
        if (ids.length != logprobs.length) throw new IllegalArgumentException(ids.length + " ids for " + logprobs.length + " log-probabilities");
    }

    public int size() {
        return ids.length;
    }
}
