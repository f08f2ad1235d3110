package dev.quill.load;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

/**
 * When an open-loop run means to send each request: {@code intendedNanos(i)} from the start.
 * Latency is measured from these times, not from when a request actually went out, so a server
 * (or a client) that stalls cannot hide the requests that should have been sent meanwhile
 * (coordinated omission, Gil Tene; wrk2 does the same).
 *
 * <p>Poisson arrivals at rate r have exponential gaps: with u uniform in [0, 1),
 * {@code gap = -ln(1 - u) / r} seconds (inverse-transform sampling). A uniform schedule sends
 * every {@code 1 / r} seconds.
 */
public final class Arrivals {
    private final double ratePerSecond;
    private final DoubleSupplier uniform;
    private long nextNanos;
    private long index;

    private Arrivals(double ratePerSecond, DoubleSupplier uniform) {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) throw new IllegalArgumentException("rate must be positive, got " + ratePerSecond);
        this.ratePerSecond = ratePerSecond;
        this.uniform = uniform;
    }

    /** Poisson arrivals, seeded: the same seed gives the same schedule. */
    public static Arrivals poisson(double ratePerSecond, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return new Arrivals(ratePerSecond, random::nextDouble);
    }

    /** Poisson arrivals drawing uniforms from {@code uniform} (values in [0, 1)); for tests. */
    public static Arrivals poisson(double ratePerSecond, DoubleSupplier uniform) {
        return new Arrivals(ratePerSecond, uniform);
    }

    /** One request every {@code 1 / rate} seconds. */
    public static Arrivals uniform(double ratePerSecond) {
        return new Arrivals(ratePerSecond, null);
    }

    /** The gap before the next arrival, in nanoseconds. */
    long gapNanos() {
        double seconds = uniform == null ? 1 / ratePerSecond : -Math.log1p(-uniform.getAsDouble()) / ratePerSecond;
        return Math.round(seconds * 1e9);
    }

    /**
     * The intended send time of the next request, in nanoseconds from the start of the run. The
     * first request goes at 0; each later one a gap after the one before.
     */
    public long next() {
        long t = nextNanos;
        index++;
        nextNanos = t + gapNanos();
        return t;
    }

    /** Requests scheduled so far. */
    public long count() {
        return index;
    }

    public double ratePerSecond() {
        return ratePerSecond;
    }
}
