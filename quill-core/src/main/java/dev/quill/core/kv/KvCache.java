package dev.quill.core.kv;

import dev.quill.core.kernels.Kernels.KvLayer;
import dev.quill.core.model.LlamaConfig;

/**
 * The paged key/value storage of every layer: {@code numBlocks} blocks of {@code blockSize}
 * positions each, F32, one pair of arrays per layer. Which sequence owns which block is the
 * {@link BlockPool}'s business; this class only holds the numbers.
 */
public final class KvCache {
    private final int numBlocks;
    private final int blockSize;
    private final int kvDim;
    private final KvLayer[] layers;

    public KvCache(LlamaConfig config, int numBlocks, int blockSize) {
        if (numBlocks < 1) throw new IllegalArgumentException("KV cache needs at least one block, got " + numBlocks);
        if (blockSize < 1) throw new IllegalArgumentException("block size must be positive, got " + blockSize);
        this.numBlocks = numBlocks;
        this.blockSize = blockSize;
        this.kvDim = config.kvDim();
        long floatsPerLayer = (long) numBlocks * blockSize * kvDim;
        if (floatsPerLayer > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("KV cache of " + numBlocks + " blocks is too large for one array per layer");
        }
        this.layers = new KvLayer[config.numLayers()];
        for (int l = 0; l < layers.length; l++) {
            layers[l] = new KvLayer(new float[(int) floatsPerLayer], new float[(int) floatsPerLayer], blockSize, kvDim,
                    config.headDim());
        }
    }

    /** Bytes one block takes over all layers, keys and values. */
    public static long bytesPerBlock(LlamaConfig config, int blockSize) {
        return 2L * config.numLayers() * blockSize * config.kvDim() * Float.BYTES;
    }

    /** As many blocks as fit in {@code budgetBytes}. */
    public static KvCache forBudget(LlamaConfig config, long budgetBytes, int blockSize) {
        long blocks = budgetBytes / bytesPerBlock(config, blockSize);
        if (blocks < 1) {
            throw new IllegalArgumentException("KV budget of " + budgetBytes + " bytes holds no block of "
                    + bytesPerBlock(config, blockSize) + " bytes");
        }
        return new KvCache(config, (int) Math.min(blocks, Integer.MAX_VALUE / 2), blockSize);
    }

    public KvLayer layer(int layer) {
        return layers[layer];
    }

    public int numBlocks() {
        return numBlocks;
    }

    public int blockSize() {
        return blockSize;
    }

    public int numLayers() {
        return layers.length;
    }

    public int kvDim() {
        return kvDim;
    }

    public long sizeBytes() {
        return 2L * layers.length * numBlocks * blockSize * kvDim * Float.BYTES;
    }
}
