package dev.quill.core.tokenizer;

import java.util.Arrays;

/**
 * An open-addressing map from a pair of token ids to a long, without boxing: the encoder keeps
 * merge ranks in it and the trainer pair slots. Keys are {@link #key(int, int)}; ids must be
 * non-negative.
 */
final class PairTable {

    static final long ABSENT = Long.MIN_VALUE;
    private static final long EMPTY_KEY = -1;

    private long[] keys;
    private long[] values;
    private int size;

    PairTable(int expectedSize) {
        int capacity = Integer.highestOneBit(Math.max(16, expectedSize * 2 - 1)) << 1;
        keys = new long[capacity];
        values = new long[capacity];
        Arrays.fill(keys, EMPTY_KEY);
    }

    static long key(int leftId, int rightId) {
        return ((long) leftId << 32) | (rightId & 0xFFFFFFFFL);
    }

    static int left(long key) {
        return (int) (key >>> 32);
    }

    static int right(long key) {
        return (int) key;
    }

    int size() {
        return size;
    }

    long get(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) return values[i];
            if (k == EMPTY_KEY) return ABSENT;
        }
    }

    /** Sets the value unless the key is present already; returns the value now stored. */
    long putIfAbsent(long key, long value) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) return values[i];
            if (k == EMPTY_KEY) {
                keys[i] = key;
                values[i] = value;
                if (++size * 2 > keys.length) grow();
                return value;
            }
        }
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY_KEY);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY_KEY) putIfAbsent(oldKeys[i], oldValues[i]);
        }
    }
}
