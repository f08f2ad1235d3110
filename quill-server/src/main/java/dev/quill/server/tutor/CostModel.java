package dev.quill.server.tutor;

/**
 * What a request costs: the instance's price per hour times the engine time the request used.
 * The engine shares each step's time among the requests in it by their tokens
 * ({@link dev.quill.core.engine.Completion#computeShareNanos()}), so the costs of all requests
 * add up to the engine's busy time times the price; idle time is nobody's (seed 003 charges it
 * as utilisation-adjusted cost instead).
 *
 * @param usdPerHour the instance's price, US dollars per hour (0: nothing is charged)
 */
public record CostModel(double usdPerHour) {
    private static final double NANOS_PER_HOUR = 3_600e9;

    /** No price: every request costs $0. */
    public static final CostModel FREE = new CostModel(0);

    public CostModel {
        if (!(usdPerHour >= 0) || Double.isInfinite(usdPerHour)) {
            throw new IllegalArgumentException("the price per hour must be a finite number >= 0, got " + usdPerHour);
        }
    }

    /** US dollars for {@code computeNanos} of the instance's time. */
    public double usd(long computeNanos) {
        return Math.max(0, computeNanos) / NANOS_PER_HOUR * usdPerHour;
    }
}
