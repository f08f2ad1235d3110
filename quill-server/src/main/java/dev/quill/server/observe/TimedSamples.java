package dev.quill.server.observe;

import java.util.Arrays;

/**
 * The most recent values of one series with the {@link System#nanoTime()} at which each was
 * taken: a ring of fixed capacity, so memory stays bounded whatever the request rate (at very
 * high rates the oldest samples of a window fall out before the window ends). Thread-safe.
 */
final class TimedSamples {
    private final long[] atNanos;
    private final double[] values;
    private int next;
    private int size;

    TimedSamples(int capacity) {
        this.atNanos = new long[capacity];
        this.values = new double[capacity];
    }

    synchronized void add(long atNanos, double value) {
        this.atNanos[next] = atNanos;
        this.values[next] = value;
        next = (next + 1) % values.length;
        size = Math.min(size + 1, values.length);
    }

    /** The values taken at or after {@code fromNanos}, oldest first. */
    synchronized double[] since(long fromNanos) {
        double[] out = new double[size];
        int n = 0;
        for (int i = 0; i < size; i++) {
            int at = Math.floorMod(next - size + i, values.length);
            if (atNanos[at] - fromNanos >= 0) out[n++] = values[at];
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }
}
