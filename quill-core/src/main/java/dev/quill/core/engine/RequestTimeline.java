package dev.quill.core.engine;

/**
 * When things happened to one request, in {@link System#nanoTime()} terms: arrival, first
 * scheduled, each output token, finish. Derived figures are in nanoseconds; -1 where the
 * event never happened.
 */
public record RequestTimeline(long arrivalNanos, long scheduledNanos, long firstTokenNanos, long[] tokenNanos,
        long finishNanos) {

    /** Time spent waiting before the first step that ran it. */
    public long queueNanos() {
        return scheduledNanos < 0 ? finishNanos - arrivalNanos : scheduledNanos - arrivalNanos;
    }

    /** Time to first token, from arrival. */
    public long ttftNanos() {
        return firstTokenNanos < 0 ? -1 : firstTokenNanos - arrivalNanos;
    }

    /** From first scheduled to first token: the prefill (plus any steps shared with others). */
    public long prefillNanos() {
        return firstTokenNanos < 0 || scheduledNanos < 0 ? -1 : firstTokenNanos - scheduledNanos;
    }

    /** From first token to finish. */
    public long decodeNanos() {
        return firstTokenNanos < 0 ? -1 : finishNanos - firstTokenNanos;
    }

    public long e2eNanos() {
        return finishNanos - arrivalNanos;
    }

    /** Mean time per output token after the first; -1 with fewer than two tokens. */
    public long tpotNanos() {
        return tokenNanos.length < 2 ? -1 : (tokenNanos[tokenNanos.length - 1] - tokenNanos[0]) / (tokenNanos.length - 1);
    }

    /** Gaps between consecutive output tokens. */
    public long[] interTokenNanos() {
        long[] gaps = new long[Math.max(0, tokenNanos.length - 1)];
        for (int i = 0; i < gaps.length; i++) gaps[i] = tokenNanos[i + 1] - tokenNanos[i];
        return gaps;
    }
}
