package dev.quill.core.kv;

import java.util.Arrays;

/** One sequence's block table: logical block i of the sequence lives in physical block table()[i]. */
public final class SequenceBlocks {
    private final BlockPool pool;
    private final int blockSize;
    private int[] table = new int[4];
    private int blocks;

    public SequenceBlocks(BlockPool pool, int blockSize) {
        this.pool = pool;
        this.blockSize = blockSize;
    }

    /** Makes room for positions [0, length); false (and nothing allocated) if the pool ran dry. */
    public boolean ensureCapacity(int length) {
        int needed = (length + blockSize - 1) / blockSize;
        if (needed - blocks > pool.freeBlocks()) return false;
        if (needed > table.length) table = Arrays.copyOf(table, Math.max(needed, table.length * 2));
        while (blocks < needed) table[blocks++] = pool.allocate();
        return true;
    }

    /** The live table; valid until the next {@link #ensureCapacity} or {@link #release}. */
    public int[] table() {
        return table;
    }

    public void release() {
        for (int i = 0; i < blocks; i++) pool.release(table[i]);
        blocks = 0;
    }
}
