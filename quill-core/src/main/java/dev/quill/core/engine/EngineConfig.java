package dev.quill.core.engine;

/**
 * Start-up settings of an {@link Engine}.
 *
 * @param policy              how waiting requests are admitted
 * @param kvBudgetBytes       memory for the paged KV cache; the block count follows from it
 * @param blockSize           positions per KV block
 * @param prefixCaching       whether full blocks are shared between sequences with the same prefix
 * @param maxWaiting          requests that may wait at once; beyond it, submit refuses
 * @param maxQueuedPromptTokens prompt tokens that may wait at once; beyond it, submit refuses
 * @param stopToken           the end-of-sequence token (-1 for none)
 */
public record EngineConfig(
        SchedulingPolicy policy,
        long kvBudgetBytes,
        int blockSize,
        boolean prefixCaching,
        int maxWaiting,
        int maxQueuedPromptTokens,
        int stopToken) {

    public EngineConfig {
        if (kvBudgetBytes <= 0) throw new IllegalArgumentException("KV budget must be positive, got " + kvBudgetBytes);
        if (blockSize < 1) throw new IllegalArgumentException("block size must be positive, got " + blockSize);
        if (maxWaiting < 1) throw new IllegalArgumentException("max waiting requests must be at least 1, got " + maxWaiting);
        if (maxQueuedPromptTokens < 1) {
            throw new IllegalArgumentException("max queued prompt tokens must be at least 1, got " + maxQueuedPromptTokens);
        }
    }

    /** Continuous batching, 256 MiB of KV, 16-token blocks, prefix caching on, 256 waiting / 64k queued tokens. */
    public static EngineConfig defaults(int stopToken) {
        return new EngineConfig(new SchedulingPolicy.Continuous(512, 64), 256L << 20, 16, true, 256, 65_536, stopToken);
    }
}
