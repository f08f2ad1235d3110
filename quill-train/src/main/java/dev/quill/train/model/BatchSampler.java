package dev.quill.train.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic batches of mixed-length examples: each epoch visits every example once in an
 * order shuffled from (seed, epoch), and a batch takes examples in that order until the next one
 * would pass the token budget. The position (epoch, cursor) is all a checkpoint needs to resume
 * the same stream.
 */
public final class BatchSampler {
    private final ExampleSet examples;
    private final int batchTokens;
    private final long seed;
    private int epoch;
    private int cursor;
    private int[] order;

    public BatchSampler(ExampleSet examples, int batchTokens, long seed) {
        if (examples.size() == 0) throw new IllegalArgumentException("no training examples");
        this.examples = examples;
        this.batchTokens = batchTokens;
        this.seed = seed;
        seek(0, 0);
    }

    public int epoch() {
        return epoch;
    }

    public int cursor() {
        return cursor;
    }

    /** Continues from a checkpoint's position. */
    public void seek(int epoch, int cursor) {
        this.epoch = epoch;
        this.cursor = cursor;
        this.order = permutation(examples.size(), seed * 1_000_003L + epoch);
    }

    private static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    public TrainingBatch next() {
        List<int[]> picked = new ArrayList<>();
        List<Integer> from = new ArrayList<>();
        int tokens = 0;
        while (true) {
            if (cursor == order.length) seek(epoch + 1, 0);
            int[] e = examples.tokens(order[cursor]);
            if (!picked.isEmpty() && tokens + e.length > batchTokens) break;
            picked.add(e);
            from.add(examples.lossFrom(order[cursor]));
            tokens += e.length;
            cursor++;
        }
        return TrainingBatch.of(picked, from);
    }
}
