package dev.quill.train.model;

import java.util.Arrays;
import java.util.List;

/**
 * Several sequences of different lengths laid end to end as one run of token rows, with no
 * padding: sequence s holds rows [{@code starts[s]}, {@code starts[s+1]}), each at its own
 * position from 0, and attends only within itself. {@code targets[r]} is the token row r must
 * predict, or -1 where no loss is taken (the prompt side of an example).
 */
public record TrainingBatch(int[] tokens, int[] positions, int[] starts, int[] targets) {

    public int rows() {
        return tokens.length;
    }

    public int sequences() {
        return starts.length - 1;
    }

    public int length(int s) {
        return starts[s + 1] - starts[s];
    }

    /** How many rows carry a loss. */
    public int targetCount() {
        int n = 0;
        for (int t : targets) if (t >= 0) n++;
        return n;
    }

    /**
     * A batch of whole examples, each {@code prompt... correction... eos}: the loss is taken from
     * the row at index {@code lossFrom[i] - 1} on (the prompt's last token predicts the
     * correction's first), so the model learns the correction and not the sentence it is given.
     */
    public static TrainingBatch of(List<int[]> examples, List<Integer> lossFrom) {
        int total = 0;
        for (int[] e : examples) total += e.length;
        int[] tokens = new int[total];
        int[] positions = new int[total];
        int[] targets = new int[total];
        int[] starts = new int[examples.size() + 1];
        Arrays.fill(targets, -1);
        int r = 0;
        for (int s = 0; s < examples.size(); s++) {
            int[] e = examples.get(s);
            int from = lossFrom.get(s);
            if (from < 1 || from > e.length) {
                throw new IllegalArgumentException("example " + s + ": loss start " + from + " outside [1, " + e.length + "]");
            }
            starts[s] = r;
            for (int i = 0; i < e.length; i++) {
                tokens[r + i] = e[i];
                positions[r + i] = i;
                if (i + 1 >= from && i + 1 < e.length) targets[r + i] = e[i + 1];
            }
            r += e.length;
        }
        starts[examples.size()] = r;
        return new TrainingBatch(tokens, positions, starts, targets);
    }
}
