package dev.quill.core.model;

import dev.quill.core.kernels.Kernels;
import dev.quill.core.kernels.Kernels.AttentionShape;
import dev.quill.core.kernels.Kernels.KvLayer;
import dev.quill.core.kernels.RopeTable;
import dev.quill.core.kv.KvCache;
import dev.quill.core.safetensors.SafeTensors;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Llama-architecture decoder (RMSNorm, RoPE, grouped-query attention, SwiGLU) over a batch
 * of token rows from any number of sequences. The forward pass follows the Hugging Face
 * {@code LlamaForCausalLM} computation so that checkpoints in that layout load unchanged.
 *
 * <p>Not thread-safe: one thread (the engine loop) calls {@link #forward}; it reuses scratch
 * buffers between calls.
 */
public final class LlamaModel implements DecoderModel {
    private final LlamaConfig config;
    private final LlamaWeights weights;
    private final Kernels kernels;
    private final RopeTable rope;
    private final AttentionShape attentionShape;
    private final SafeTensors files;
    private final Arena arena;
    private Scratch scratch = new Scratch(0, null);

    public LlamaModel(LlamaConfig config, LlamaWeights weights, Kernels kernels, SafeTensors files, Arena arena) {
        this.config = config;
        this.weights = weights;
        this.kernels = kernels;
        this.files = files;
        this.arena = arena;
        this.rope = new RopeTable(config.headDim(), config.maxPositionEmbeddings(), config.ropeTheta());
        this.attentionShape = new AttentionShape(config.numHeads(), config.numKvHeads(), config.headDim());
        for (LlamaWeights.Layer l : weights.layers()) {
            for (var w : l.qkv()) kernels.prepare(w);
            kernels.prepare(l.oProj());
            for (var w : l.gateUp()) kernels.prepare(w);
            kernels.prepare(l.downProj());
        }
        kernels.prepare(weights.lmHead());
    }

    /** Loads {@code dir/config.json} and the safetensors weights in {@code dir}. */
    public static LlamaModel load(Path dir, Kernels kernels) throws IOException {
        Path configFile = dir.resolve("config.json");
        if (!Files.isRegularFile(configFile)) {
            throw new IOException("no config.json in " + dir + " (expected a model directory in the Hugging Face layout)");
        }
        LlamaConfig config = LlamaConfig.load(configFile);
        SafeTensors st = SafeTensors.open(dir);
        Arena arena = Arena.ofShared();
        try {
            return new LlamaModel(config, LlamaWeights.load(st, config, arena), kernels, st, arena);
        } catch (RuntimeException e) {
            st.close();
            arena.close();
            throw e;
        }
    }

    public LlamaConfig config() {
        return config;
    }

    public LlamaWeights weights() {
        return weights;
    }

    @Override
    public String weightDtype() {
        return weights.layers().length > 0 ? weights.layers()[0].qProj().dtype().name() : weights.embedTokens().dtype().name();
    }

    public Kernels kernels() {
        return kernels;
    }

    /**
     * Runs every row through the decoder, writing each row's key and value into its sequence's
     * blocks at its position, and returns the logits of {@code batch.logitRows()}, row after
     * row ({@code logitRows.length x vocabSize}).
     */
    @Override
    public float[] forward(ForwardBatch batch, KvCache kv) {
        return forward(batch, kv, 0);
    }

    /**
     * As {@link #forward(ForwardBatch, KvCache)}, with this model's layers in the cache's layers
     * {@code firstLayer} onwards (an ensemble's members share one cache, each in its own layers).
     */
    public float[] forward(ForwardBatch batch, KvCache kv, int firstLayer) {
        if (firstLayer < 0 || firstLayer + config.numLayers() > kv.numLayers() || kv.kvDim() != config.kvDim()) {
            throw new IllegalArgumentException("the KV cache (" + kv.numLayers() + " layers of " + kv.kvDim() + ") has no room for "
                    + config.numLayers() + " layers of " + config.kvDim() + " from layer " + firstLayer);
        }
        int rows = batch.rows();
        int h = config.hiddenSize();
        int qDim = config.qDim();
        int kvDim = config.kvDim();
        int inter = config.intermediateSize();
        int[] positions = batch.positions();
        int[][] tables = batch.blockTables();
        int[] contextLengths = new int[rows];
        for (int r = 0; r < rows; r++) {
            int p = positions[r];
            if (p < 0 || p >= config.maxPositionEmbeddings()) {
                throw new IllegalArgumentException("position " + p + " outside the model's context of "
                        + config.maxPositionEmbeddings());
            }
            if (tables[r].length * kv.blockSize() <= p) {
                throw new IllegalArgumentException("row " + r + ": block table holds " + tables[r].length * kv.blockSize()
                        + " positions, position " + p + " needs more");
            }
            contextLengths[r] = p + 1;
        }
        Scratch s = scratch(rows);
        embed(batch.tokens(), s.x);
        for (int l = 0; l < config.numLayers(); l++) {
            LlamaWeights.Layer w = weights.layers()[l];
            KvLayer layerKv = kv.layer(firstLayer + l);
            // attention block
            kernels.rmsNorm(s.x, s.xb, w.inputNorm(), rows, h, config.rmsNormEps());
            kernels.matmul(s.xb, rows, w.qkv(), w.qkvBias(), new float[][] {s.q, s.k, s.v});
            kernels.rope(s.q, rows, config.numHeads(), config.headDim(), positions, rope);
            kernels.rope(s.k, rows, config.numKvHeads(), config.headDim(), positions, rope);
            for (int r = 0; r < rows; r++) {
                layerKv.write(tables[r], positions[r], s.k, r * kvDim, s.v, r * kvDim);
            }
            kernels.attention(s.q, s.att, rows, attentionShape, layerKv, tables, contextLengths);
            kernels.matmul(s.att, rows, w.oProj(), null, s.xb);
            kernels.add(s.x, s.xb, rows * h);
            // MLP block
            kernels.rmsNorm(s.x, s.xb, w.postAttentionNorm(), rows, h, config.rmsNormEps());
            kernels.matmul(s.xb, rows, w.gateUp(), null, new float[][] {s.gate, s.up});
            kernels.siluMul(s.gate, s.up, rows * inter);
            kernels.matmul(s.gate, rows, w.downProj(), null, s.xb);
            kernels.add(s.x, s.xb, rows * h);
        }
        int[] logitRows = batch.logitRows();
        float[] last = new float[logitRows.length * h];
        for (int i = 0; i < logitRows.length; i++) {
            System.arraycopy(s.x, logitRows[i] * h, last, i * h, h);
        }
        kernels.rmsNorm(last, last, weights.finalNorm(), logitRows.length, h, config.rmsNormEps());
        float[] logits = new float[logitRows.length * config.vocabSize()];
        kernels.matmul(last, logitRows.length, weights.lmHead(), null, logits);
        return logits;
    }

    private void embed(int[] tokens, float[] x) {
        int h = config.hiddenSize();
        for (int r = 0; r < tokens.length; r++) {
            int t = tokens[r];
            if (t < 0 || t >= config.vocabSize()) {
                throw new IllegalArgumentException("token id " + t + " outside the vocabulary of " + config.vocabSize());
            }
            weights.embedTokens().copyTo((long) t * h, x, r * h, h);
        }
    }

    private Scratch scratch(int rows) {
        if (scratch.capacityRows < rows) {
            scratch = new Scratch(Math.max(rows, scratch.capacityRows * 2), config);
        }
        return scratch;
    }

    /** Activation buffers for up to {@code capacityRows} rows, reused across steps. */
    private static final class Scratch {
        final int capacityRows;
        final float[] x, xb, q, k, v, att, gate, up;

        Scratch(int capacityRows, LlamaConfig c) {
            this.capacityRows = capacityRows;
            int n = capacityRows;
            x = new float[c == null ? 0 : n * c.hiddenSize()];
            xb = new float[c == null ? 0 : n * c.hiddenSize()];
            q = new float[c == null ? 0 : n * c.qDim()];
            k = new float[c == null ? 0 : n * c.kvDim()];
            v = new float[c == null ? 0 : n * c.kvDim()];
            att = new float[c == null ? 0 : n * c.qDim()];
            gate = new float[c == null ? 0 : n * c.intermediateSize()];
            up = new float[c == null ? 0 : n * c.intermediateSize()];
        }
    }

    @Override
    public void close() {
        files.close();
        arena.close();
    }
}
