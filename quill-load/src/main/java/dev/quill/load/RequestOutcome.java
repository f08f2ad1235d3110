package dev.quill.load;

/**
 * One request of a load run. Times are {@link System#nanoTime()} values; {@code -1} when the
 * request never got there (no first token, no answer).
 *
 * @param intendedNanos when the request was meant to go (open loop: its scheduled time; closed
 *     loop: when its worker was free); latencies count from here
 * @param sentNanos     when it actually went out (later than intended when the client was held up)
 * @param firstTokenNanos when the first token event arrived (streaming) or the whole answer (not streaming)
 * @param doneNanos     when the answer was complete
 * @param status        HTTP status, or the problem's status inside a stream; 0 when the connection failed
 * @param outputTokens  tokens generated, from the answer's usage (0 when unknown)
 * @param promptTokens  prompt tokens, from the answer's usage (0 when unknown)
 * @param itlNanos      gaps between consecutive token events (streaming only)
 */
public record RequestOutcome(long intendedNanos, long sentNanos, long firstTokenNanos, long doneNanos, int status,
        int outputTokens, int promptTokens, long[] itlNanos, String error) {

    public boolean ok() {
        return status == 200 && error == null;
    }

    /** End to end, from the intended send time (coordinated omission corrected). */
    public long e2eNanos() {
        return doneNanos < 0 ? -1 : doneNanos - intendedNanos;
    }

    /** End to end from the actual send: what a client that ignores coordinated omission would report. */
    public long uncorrectedE2eNanos() {
        return doneNanos < 0 ? -1 : doneNanos - sentNanos;
    }

    public long ttftNanos() {
        return firstTokenNanos < 0 ? -1 : firstTokenNanos - intendedNanos;
    }

    /** Time per output token after the first: (done - first token) / (tokens - 1); -1 with fewer than 2 tokens. */
    public long tpotNanos() {
        if (firstTokenNanos < 0 || doneNanos < 0 || outputTokens < 2) return -1;
        return (doneNanos - firstTokenNanos) / (outputTokens - 1);
    }

    public long maxItlNanos() {
        long max = -1;
        for (long g : itlNanos) max = Math.max(max, g);
        return max;
    }
}
