package dev.quill.core.engine;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Owns every KV block: reference counts, the free list and the prefix cache (vLLM's
 * {@code BlockPool} and {@code KVCacheManager} in one place).
 *
 * <p>A full block is identified by a hash chain: its key is its parent block's hash plus its
 * own token ids, so two sequences that start with the same tokens map their leading full blocks
 * to the same physical blocks and compute them once. A block whose last reference goes away
 * keeps its contents and its key; it sits in the free list, least recently used first, and is
 * only forgotten when it is handed out again.
 *
 * <p>Not thread-safe: only the engine thread touches it.
 */
final class KvCacheManager {

    /** Identity of a full block's contents: the chain hash of its prefix and its own tokens. */
    record BlockKey(long parentHash, int[] tokens) {
        long hash() {
            long h = parentHash * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
            for (int t : tokens) {
                h = (h ^ t) * 0xFF51AFD7ED558CCDL;
                h ^= h >>> 33;
            }
            return h;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BlockKey k && k.parentHash == parentHash && Arrays.equals(k.tokens, tokens);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(parentHash) * 31 + Arrays.hashCode(tokens);
        }
    }

    private final int numBlocks;
    private final int blockSize;
    private final boolean prefixCaching;
    private final int[] refCount;
    private final BlockKey[] keyOf;
    private final long[] hashOf;
    /** Blocks with no reference, least recently freed first; cached ones keep their key until reused. */
    private final LinkedHashSet<Integer> free = new LinkedHashSet<>();
    private final Map<BlockKey, Integer> cached = new HashMap<>();
    private long prefixQueriedTokens;
    private long prefixHitTokens;

    KvCacheManager(int numBlocks, int blockSize, boolean prefixCaching) {
        this.numBlocks = numBlocks;
        this.blockSize = blockSize;
        this.prefixCaching = prefixCaching;
        this.refCount = new int[numBlocks];
        this.keyOf = new BlockKey[numBlocks];
        this.hashOf = new long[numBlocks];
        for (int b = 0; b < numBlocks; b++) free.add(b);
    }

    int numBlocks() {
        return numBlocks;
    }

    int blockSize() {
        return blockSize;
    }

    int freeBlocks() {
        return free.size();
    }

    int usedBlocks() {
        return numBlocks - free.size();
    }

    long prefixQueriedTokens() {
        return prefixQueriedTokens;
    }

    long prefixHitTokens() {
        return prefixHitTokens;
    }

    /**
     * For a sequence about to be scheduled from scratch: takes a reference on every cached block
     * that matches its leading full blocks and appends them to its table. At least one token is
     * always left to compute, so that the step produces logits. Returns the tokens covered.
     */
    int acquireCachedPrefix(Sequence seq) {
        int[] tokens = seq.allTokens();
        int total = seq.numTokens();
        if (!prefixCaching) return 0;
        // the last token is always computed (its logits give the next token), and so is every
        // position whose logits score a prompt token
        int scoreFrom = seq.request.promptLogprobsFrom();
        int maxBlocks = (scoreFrom >= 0 ? Math.min(total, scoreFrom) - 1 : total - 1) / blockSize;
        long parent = 0;
        int hit = 0;
        for (int i = 0; i < maxBlocks; i++) {
            BlockKey key = new BlockKey(parent, Arrays.copyOfRange(tokens, i * blockSize, (i + 1) * blockSize));
            Integer block = cached.get(key);
            if (block == null) break;
            take(block);
            seq.appendBlock(block);
            parent = hashOf[block];
            hit++;
        }
        seq.setCachedBlockCount(hit);
        return hit * blockSize;
    }

    /** Counts one admission's prefix lookup: {@code queried} prompt tokens, {@code hit} of them found cached. */
    void recordPrefixQuery(int queried, int hit) {
        prefixQueriedTokens += queried;
        prefixHitTokens += hit;
    }

    /** Blocks the sequence would need to hold {@code newTokens} more computed tokens. */
    int blocksNeeded(Sequence seq, int newTokens) {
        int needed = ceilDiv(seq.numComputedTokens() + newTokens, blockSize);
        return Math.max(0, needed - seq.blockCount());
    }

    /** Grows the sequence's table to hold {@code newTokens} more tokens; false (nothing taken) when blocks run out. */
    boolean allocate(Sequence seq, int newTokens) {
        int n = blocksNeeded(seq, newTokens);
        if (n > free.size()) return false;
        for (int i = 0; i < n; i++) {
            int block = free.iterator().next();
            forget(block);
            take(block);
            seq.appendBlock(block);
        }
        return true;
    }

    /**
     * Registers the sequence's blocks that became full (all their positions computed) in the
     * prefix cache, so later sequences with the same prefix can share them.
     */
    void cacheFullBlocks(Sequence seq) {
        if (!prefixCaching) return;
        int full = seq.numComputedTokens() / blockSize;
        int[] tokens = seq.allTokens();
        for (int i = seq.cachedBlockCount(); i < full; i++) {
            int block = seq.block(i);
            long parent = i == 0 ? 0 : hashOf[seq.block(i - 1)];
            BlockKey key = new BlockKey(parent, Arrays.copyOfRange(tokens, i * blockSize, (i + 1) * blockSize));
            Integer existing = cached.get(key);
            if (existing == null) {
                cached.put(key, block);
                keyOf[block] = key;
                hashOf[block] = key.hash();
            } else if (existing != block) {
                // Another sequence computed the same block first; this copy stays private to us.
                hashOf[block] = hashOf[existing];
            }
        }
        seq.setCachedBlockCount(Math.max(seq.cachedBlockCount(), full));
    }

    /** Drops the sequence's references, last block first so that a prefix outlives its tails in the LRU order. */
    void release(Sequence seq) {
        for (int i = seq.blockCount() - 1; i >= 0; i--) {
            int block = seq.block(i);
            if (refCount[block] <= 0) throw new IllegalStateException("block " + block + " released twice");
            if (--refCount[block] == 0) free.add(block);
        }
        seq.clearBlocks();
    }

    private void take(int block) {
        if (refCount[block]++ == 0) free.remove(block);
    }

    /** The block is about to hold other tokens: its old contents can no longer be found. */
    private void forget(int block) {
        BlockKey key = keyOf[block];
        if (key != null) {
            cached.remove(key, block);
            keyOf[block] = null;
        }
        hashOf[block] = 0;
    }

    /** Checks the invariants the property tests lean on; returns a description of the first violation or null. */
    String checkInvariants(List<Sequence> live) {
        int[] expected = new int[numBlocks];
        for (Sequence s : live) {
            for (int i = 0; i < s.blockCount(); i++) expected[s.block(i)]++;
        }
        for (int b = 0; b < numBlocks; b++) {
            if (expected[b] != refCount[b]) return "block " + b + " has " + refCount[b] + " references, sequences hold " + expected[b];
            if ((refCount[b] == 0) != free.contains(b)) return "block " + b + " free-list membership disagrees with its count";
        }
        return null;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
