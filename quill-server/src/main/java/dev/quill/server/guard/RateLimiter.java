package dev.quill.server.guard;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token-bucket rate limits per client (Bucket4j, in process): each client may burst up to
 * {@code burst} requests, refilled at {@code perMinute} a minute. Clients are kept in an LRU
 * map of bounded size, so a flood of distinct addresses cannot exhaust memory (a forgotten
 * client simply starts again with a full bucket). When several replicas must share limits,
 * Bucket4j's distributed backends take this class's place.
 */
public final class RateLimiter {
    private static final int MAX_CLIENTS = 100_000;

    /** The outcome of one request's check, with what the RateLimit headers report. */
    public record Decision(boolean allowed, long limit, long remaining, long windowSeconds, long retryAfterSeconds) {}

    private final long perMinute;
    private final long burst;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_CLIENTS;
        }
    };

    /** @param perMinute 0 turns rate limiting off */
    public RateLimiter(long perMinute, long burst) {
        if (perMinute < 0 || burst < 1) throw new IllegalArgumentException("rate limit must be >= 0 and burst >= 1");
        this.perMinute = perMinute;
        this.burst = burst;
    }

    public boolean enabled() {
        return perMinute > 0;
    }

    /** Takes one token from {@code client}'s bucket if there is one. */
    public Decision acquire(String client) {
        if (!enabled()) return new Decision(true, 0, 0, 0, 0);
        Bucket bucket;
        synchronized (buckets) {
            bucket = buckets.computeIfAbsent(client, c -> Bucket.builder()
                    .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                    .build());
        }
        ConsumptionProbe p = bucket.tryConsumeAndReturnRemaining(1);
        long window = Math.max(1, (long) Math.ceil(60.0 * burst / perMinute));
        long wait = p.isConsumed() ? 0 : Math.max(1, (long) Math.ceil(p.getNanosToWaitForRefill() / 1e9));
        return new Decision(p.isConsumed(), burst, p.getRemainingTokens(), window, wait);
    }
}
