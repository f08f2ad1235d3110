package dev.quill.core.kv;

import java.util.ArrayDeque;
import java.util.BitSet;

/** The free list of KV blocks. Not thread-safe: owned by the thread that runs the model. */
public final class BlockPool {
    private final int numBlocks;
    private final ArrayDeque<Integer> free = new ArrayDeque<>();
    private final BitSet used;

    public BlockPool(int numBlocks) {
        this.numBlocks = numBlocks;
        this.used = new BitSet(numBlocks);
        for (int b = 0; b < numBlocks; b++) free.addLast(b);
    }

    public int numBlocks() {
        return numBlocks;
    }

    public int freeBlocks() {
        return free.size();
    }

    /** A free block, or -1 when none is left. */
    public int allocate() {
        Integer b = free.pollFirst();
        if (b == null) return -1;
        used.set(b);
        return b;
    }

    public void release(int block) {
        if (block < 0 || block >= numBlocks || !used.get(block)) {
            throw new IllegalStateException("block " + block + " is not allocated");
        }
        used.clear(block);
        free.addLast(block);
    }
}
