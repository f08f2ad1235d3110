package dev.quill.load;

import java.net.URI;
import java.time.Duration;

/**
 * One load run: where, how requests arrive, and when it stops.
 *
 * @param concurrency closed loop: this many clients, each sending its next request when its last
 *     is answered (0 in an open-loop run)
 * @param ratePerSecond open loop: requests start on a schedule at this mean rate, answered or not
 *     (0 in a closed-loop run)
 * @param poisson open loop: exponential gaps (Poisson arrivals) rather than even ones
 * @param duration stop sending after this long (null: only {@code requests} bounds the run)
 * @param requests stop sending after this many (0: only {@code duration} bounds the run)
 * @param maxInFlight open loop: most requests outstanding at once; a request due while that many
 *     are out waits, and its latency still counts from when it was due
 * @param maxTokens output cap each request asks for, or null for the server's default
 */
public record LoadSpec(URI url, int concurrency, double ratePerSecond, boolean poisson, Duration duration, long requests,
        boolean stream, Integer maxTokens, Slo slo, Dataset dataset, long seed, int maxInFlight, Duration requestTimeout) {

    public LoadSpec {
        if ((concurrency > 0) == (ratePerSecond > 0)) throw new IllegalArgumentException("give either a concurrency or a rate, not both");
        if (duration == null && requests <= 0) throw new IllegalArgumentException("bound the run with a duration, a request count or both");
        if (duration != null && (duration.isNegative() || duration.isZero())) throw new IllegalArgumentException("duration must be positive");
        if (maxInFlight < 1) throw new IllegalArgumentException("max in flight must be at least 1");
    }

    public static LoadSpec closed(URI url, int concurrency, Duration duration, long requests) {
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        return new LoadSpec(url, concurrency, 0, false, duration, requests, true, null, Slo.defaults(), Dataset.bundled(), 1,
                1024, Duration.ofSeconds(60));
    }

    public static LoadSpec open(URI url, double ratePerSecond, Duration duration, long requests) {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be a positive number of requests per second, got " + ratePerSecond);
        }
        return new LoadSpec(url, 0, ratePerSecond, true, duration, requests, true, null, Slo.defaults(), Dataset.bundled(), 1,
                1024, Duration.ofSeconds(60));
    }

    public boolean openLoop() {
        return ratePerSecond > 0;
    }

    public LoadSpec withStream(boolean s) {
        return new LoadSpec(url, concurrency, ratePerSecond, poisson, duration, requests, s, maxTokens, slo, dataset, seed, maxInFlight, requestTimeout);
    }

    public LoadSpec withMaxTokens(Integer n) {
        return new LoadSpec(url, concurrency, ratePerSecond, poisson, duration, requests, stream, n, slo, dataset, seed, maxInFlight, requestTimeout);
    }

    public LoadSpec withSlo(Slo s) {
        return new LoadSpec(url, concurrency, ratePerSecond, poisson, duration, requests, stream, maxTokens, s, dataset, seed, maxInFlight, requestTimeout);
    }

    public LoadSpec withDataset(Dataset d) {
        return new LoadSpec(url, concurrency, ratePerSecond, poisson, duration, requests, stream, maxTokens, slo, d, seed, maxInFlight, requestTimeout);
    }

    public LoadSpec withArrivals(boolean isPoisson, long newSeed) {
        return new LoadSpec(url, concurrency, ratePerSecond, isPoisson, duration, requests, stream, maxTokens, slo, dataset, newSeed, maxInFlight, requestTimeout);
    }

    public LoadSpec withMaxInFlight(int n) {
        return new LoadSpec(url, concurrency, ratePerSecond, poisson, duration, requests, stream, maxTokens, slo, dataset, seed, n, requestTimeout);
    }

    public LoadSpec withUrl(URI u) {
        return new LoadSpec(u, concurrency, ratePerSecond, poisson, duration, requests, stream, maxTokens, slo, dataset, seed, maxInFlight, requestTimeout);
    }

    /** "closed loop, 8 clients" or "open loop, Poisson 20 req/s". */
    public String describe() {
        return openLoop() ? String.format(java.util.Locale.ROOT, "open loop, %s %.4g req/s", poisson ? "Poisson" : "uniform", ratePerSecond)
                : "closed loop, " + concurrency + (concurrency == 1 ? " client" : " clients");
    }
}
