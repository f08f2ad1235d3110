package dev.quill.train.data;

import java.nio.charset.StandardCharsets;

/**
 * A 64-bit hash of a string that never changes between runs, JVMs or versions (FNV-1a over the
 * UTF-8 bytes, then the MurmurHash3 finaliser so that similar strings spread evenly). Splits and
 * hold-outs are keyed on it, so they do not depend on the seed or on the order sources are read.
 */
final class StableHash {
    private StableHash() {}

    static long of(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** A bucket in [0, buckets) for {@code text}. */
    static int bucket(String text, int buckets) {
        return (int) Long.remainderUnsigned(of(text), buckets);
    }
}
