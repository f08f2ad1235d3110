package dev.quill.core.kernels;

import dev.quill.core.tensor.Tensor;

/**
 * The hot operations of a decoder forward pass, over a batch of token rows that may belong to
 * different sequences at different positions. Activations are row-major {@code float[]} on the
 * heap; weights are {@link Tensor}s (F32 or BF16, usually memory-mapped).
 *
 * <p>Two implementations: {@link ScalarKernels}, plain loops that read like the math and serve
 * as the reference, and {@link VectorKernels}, the Vector API one on a {@link WorkerPool}. Tests
 * hold the second to the first.
 */
public interface Kernels {

    /**
     * {@code out[r][n] = sum_k x[r][k] * w[n][k] (+ bias[n])} for every row r < rows.
     * x is rows x K, w is N x K (a Linear weight stored [out, in]), out is rows x N;
     * bias may be null. Each weight is read once for all rows: that is where batching pays.
     */
    void matmul(float[] x, int rows, Tensor w, float[] bias, float[] out);

    /**
     * Several matmuls of the same input, {@code outs[i] = x * ws[i]^T (+ biases[i])}, as one
     * job: the q/k/v projections, or the gate and up projections, share one hand-off to the
     * worker threads instead of paying for one each. {@code biases} may be null, or hold nulls.
     */
    default void matmul(float[] x, int rows, Tensor[] ws, float[][] biases, float[][] outs) {
        for (int i = 0; i < ws.length; i++) {
            matmul(x, rows, ws[i], biases == null ? null : biases[i], outs[i]);
        }
    }

    /** Gets a weight matrix ready for {@link #matmul} (an implementation may repack it); called at model load. */
    default void prepare(Tensor w) {}

    /** RMSNorm of each of {@code rows} rows of width {@code dim}: out = x / rms(x) * weight. */
    void rmsNorm(float[] x, float[] out, float[] weight, int rows, int dim, float eps);

    /** In place: gate[i] = silu(gate[i]) * up[i] for i < n (the SwiGLU of the Llama MLP). */
    void siluMul(float[] gate, float[] up, int n);

    /** In place: acc[i] += x[i] for i < n (residual connections). */
    void add(float[] acc, float[] x, int n);

    /** In place, numerically stable softmax of x[offset, offset + length). */
    void softmax(float[] x, int offset, int length);

    /** In place, numerically stable log-softmax of x[offset, offset + length): x - max - log(sum(exp(x - max))). */
    void logSoftmax(float[] x, int offset, int length);

    /**
     * Causal grouped-query attention of each row's query heads over its sequence's cached keys
     * and values, read through that sequence's block table (paged KV).
     *
     * @param q           rows x (numHeads * headDim) queries, RoPE applied
     * @param out         rows x (numHeads * headDim) attention outputs
     * @param kv          the layer's key and value blocks
     * @param blockTables per row, the physical block of each logical block of its sequence
     * @param contextLengths per row, how many positions it attends to (its position + 1)
     */
    void attention(float[] q, float[] out, int rows, AttentionShape shape, KvLayer kv, int[][] blockTables,
            int[] contextLengths);

    /** Rotary position embedding, in place, on rows x (heads * headDim), each row at its own position. */
    default void rope(float[] x, int rows, int heads, int headDim, int[] positions, RopeTable table) {
        table.apply(x, rows, heads, headDim, positions);
    }

    /** Shape of one attention layer. */
    record AttentionShape(int numHeads, int numKvHeads, int headDim) {
        public int qDim() {
            return numHeads * headDim;
        }

        public int kvDim() {
            return numKvHeads * headDim;
        }

        public float scale() {
            return (float) (1.0 / Math.sqrt(headDim));
        }
    }

    /**
     * One layer's paged K and V storage: block b holds positions [0, blockSize) of whichever
     * sequence owns it, grouped by kv head: {@code [block][kv head][...]}, so one head's keys or
     * values of a block are one contiguous run of {@code blockSize * headDim} floats (4 KiB for
     * 16 x 64), which attention reads front to back. Keys are stored transposed within that
     * run, {@code [dimension][position in block]}, so that the scores of a block's positions are
     * plain FMAs of the query's broadcast elements with contiguous key vectors, with no sum
     * across lanes per position. Values keep one row per position, {@code [position in block][dimension]}.
     */
    record KvLayer(float[] keys, float[] values, int blockSize, int kvDim, int headDim) {
        /** Start of kv head {@code head}'s value (headDim floats) at {@code position}. */
        public int valueIndex(int[] blockTable, int position, int head) {
            return headBase(blockTable[position / blockSize], head) + position % blockSize * headDim;
        }

        /** Index of element {@code d} of kv head {@code head}'s key at {@code position}. */
        public int keyIndex(int[] blockTable, int position, int head, int d) {
            return headBase(blockTable[position / blockSize], head) + d * blockSize + position % blockSize;
        }

        /**
         * Where physical block {@code block}'s run for {@code head} starts, in keys and values
         * alike: in keys, headDim runs of blockSize positions; in values, blockSize rows of headDim.
         */
        public int headBase(int block, int head) {
            return (block * (kvDim / headDim) + head) * headDim * blockSize;
        }

        /** Stores a position's key (kvDim values of {@code k} from {@code kOffset}) and value (of {@code v} from {@code vOffset}). */
        public void write(int[] blockTable, int position, float[] k, int kOffset, float[] v, int vOffset) {
            int heads = kvDim / headDim;
            int slot = position % blockSize;
            int block = blockTable[position / blockSize];
            for (int h = 0; h < heads; h++) {
                int base = headBase(block, h);
                for (int d = 0; d < headDim; d++) {
                    keys[base + slot + d * blockSize] = k[kOffset + h * headDim + d];
                }
                System.arraycopy(v, vOffset + h * headDim, values, base + slot * headDim, headDim);
            }
        }
    }
}
