package dev.quill.core.engine;

/**
 * How a request's draft fared ({@link EngineRequest#draft()}).
 *
 * @param proposed       draft tokens appended to the request's chunks, all steps together
 * @param accepted       of those, tokens the model's own greedy choice confirmed (they became output
 *                       without a step of their own)
 * @param draftLogprobs  for each draft token, its natural-log probability given the prompt and the
 *                       draft tokens before it (the draft scored as an output), where a step
 *                       computed it while the output still followed the draft; NaN elsewhere
 */
public record Speculation(int proposed, int accepted, float[] draftLogprobs) {

    /** Whether the draft's log-probabilities from {@code from} to its end are all known. */
    public boolean scoresFrom(int from) {
        if (from < 0 || from > draftLogprobs.length) return false;
        for (int i = from; i < draftLogprobs.length; i++) if (Float.isNaN(draftLogprobs[i])) return false;
        return true;
    }

    /** The sum of the draft's log-probabilities from {@code from} to its end (NaN unless {@link #scoresFrom}). */
    public double draftLogprobSum(int from) {
        if (!scoresFrom(from)) return Double.NaN;
        double sum = 0;
        for (int i = from; i < draftLogprobs.length; i++) sum += draftLogprobs[i];
        return sum;
    }

    /** The share of proposed tokens that were accepted (0 when none was proposed). */
    public double acceptanceRate() {
        return proposed == 0 ? 0 : (double) accepted / proposed;
    }
}
