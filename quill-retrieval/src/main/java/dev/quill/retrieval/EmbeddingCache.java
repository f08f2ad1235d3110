package dev.quill.retrieval;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.function.Function;

/**
 * Query embeddings by query, bounded (seed 002 budgets an embedding cache for the retrieval
 * stage). Backed by Caffeine, whose eviction (W-TinyLFU) weighs recency and frequency and keeps
 * a higher hit ratio than plain LRU at the same size. Thread-safe.
 */
public final class EmbeddingCache {

    private final Cache<String, float[]> cache;
    private final long maximumEntries;

    /** Hit and miss counts since the cache was made. */
    public record Stats(long hits, long misses, long entries) {
        /** Hits over lookups; 0 before the first lookup. */
        public double hitRatio() {
            long lookups = hits + misses;
            return lookups == 0 ? 0 : (double) hits / lookups;
        }
    }

    public EmbeddingCache(long maximumEntries) {
        if (maximumEntries < 0) throw new IllegalArgumentException("negative cache size");
        this.maximumEntries = maximumEntries;
        this.cache = Caffeine.newBuilder().maximumSize(maximumEntries).recordStats().build();
    }

    /** The cached vector for the key, computed (and counted as a miss) when absent. */
    float[] get(String key, Function<String, float[]> compute) {
        return cache.get(key, compute);
    }

    public Stats stats() {
        var s = cache.stats();
        return new Stats(s.hitCount(), s.missCount(), cache.estimatedSize());
    }

    public double hitRatio() {
        return stats().hitRatio();
    }

    public long maximumEntries() {
        return maximumEntries;
    }
}
