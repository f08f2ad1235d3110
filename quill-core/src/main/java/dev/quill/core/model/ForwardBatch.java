package dev.quill.core.model;

/**
 * One forward pass's input: token rows that may belong to different sequences at different
 * positions (the shape the batching engine feeds the model). Rows of one sequence's prompt
 * chunk share that sequence's block table and come in position order.
 *
 * @param tokens      the token id of each row
 * @param positions   the position of each row in its sequence
 * @param blockTables per row, its sequence's block table (capacity for position + 1 already reserved)
 * @param logitRows   the rows whose next-token logits are wanted (the last row of each sequence, usually)
 */
public record ForwardBatch(int[] tokens, int[] positions, int[][] blockTables, int[] logitRows) {
    public ForwardBatch {
        if (tokens.length != positions.length || tokens.length != blockTables.length) {
            throw new IllegalArgumentException("tokens, positions and block tables must have one entry per row");
        }
        for (int r : logitRows) {
            if (r < 0 || r >= tokens.length) throw new IllegalArgumentException("logit row " + r + " out of range");
        }
    }

    public int rows() {
        return tokens.length;
    }
}
