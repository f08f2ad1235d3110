package dev.quill.core.model;

import dev.quill.core.safetensors.SafeTensorsWriter;
import dev.quill.core.tensor.DType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.quill.core.tokenizer.BpeTokenizer;
import dev.quill.core.tokenizer.BpeTrainer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a random-weight model directory of any Llama shape ({@code config.json} and
 * {@code model.safetensors}, sharded on request) for tests and benchmarks. Matrices are drawn
 * from N(0, std^2), norms are 1, biases small: the initialisation Hugging Face uses
 * ({@code initializer_range}, 0.02 by default).
 */
public final class RandomModelWriter {
    /** The special tokens every quill tokenizer carries. */
    public static final List<String> SPECIAL_TOKENS = List.of("<|eos|>", "<|correct|>", "<|sep|>", "<|pad|>");

    private RandomModelWriter() {}

    /**
     * A complete model directory: a tokenizer trained on {@code corpus} (the bundled seed text
     * when null) with at most {@code shape.vocabSize()} ids, then random weights whose config
     * names the tokenizer's {@code <|eos|>} as its end-of-sequence token.
     */
    public static LlamaConfig writeDirectory(Path dir, LlamaConfig shape, DType dtype, double std, long seed,
            long maxShardBytes, List<String> corpus) throws IOException {
        List<String> text = corpus != null ? corpus : seedCorpus();
        BpeTokenizer tokenizer = BpeTrainer.train(text, shape.vocabSize(), SPECIAL_TOKENS);
        Files.createDirectories(dir);
        tokenizer.save(dir.resolve("tokenizer.json"));
        LlamaConfig config = shape.withSpecialTokens(-1, tokenizer.specialTokenId("<|eos|>"));
        write(dir, config, dtype, std, seed, maxShardBytes);
        return config;
    }

    /** A few dozen everyday English sentences shipped with quill-core, enough to train a small tokenizer. */
    public static List<String> seedCorpus() throws IOException {
        try (InputStream in = RandomModelWriter.class.getResourceAsStream("seed-corpus.txt")) {
            if (in == null) throw new IOException("seed-corpus.txt is missing from quill-core's resources");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    /**
     * @param maxShardBytes 0 for one {@code model.safetensors}; otherwise shards of at most this size
     *                      with a {@code model.safetensors.index.json}
     */
    public static void write(Path dir, LlamaConfig c, DType dtype, double std, long seed, long maxShardBytes)
            throws IOException {
        Files.createDirectories(dir);
        c.save(dir.resolve("config.json"));
        SplittableRandom rnd = new SplittableRandom(seed);
        SafeTensorsWriter w = new SafeTensorsWriter().metadata("format", "pt");
        long h = c.hiddenSize();
        long q = c.qDim();
        long kv = c.kvDim();
        long inter = c.intermediateSize();
        put(w, rnd, "model.embed_tokens.weight", dtype, std, c.vocabSize(), h);
        for (int l = 0; l < c.numLayers(); l++) {
            String p = "model.layers." + l + ".";
            ones(w, p + "input_layernorm.weight", dtype, h);
            put(w, rnd, p + "self_attn.q_proj.weight", dtype, std, q, h);
            put(w, rnd, p + "self_attn.k_proj.weight", dtype, std, kv, h);
            put(w, rnd, p + "self_attn.v_proj.weight", dtype, std, kv, h);
            if (c.attentionBias()) {
                put(w, rnd, p + "self_attn.q_proj.bias", dtype, std, q);
                put(w, rnd, p + "self_attn.k_proj.bias", dtype, std, kv);
                put(w, rnd, p + "self_attn.v_proj.bias", dtype, std, kv);
            }
            put(w, rnd, p + "self_attn.o_proj.weight", dtype, std, h, q);
            ones(w, p + "post_attention_layernorm.weight", dtype, h);
            put(w, rnd, p + "mlp.gate_proj.weight", dtype, std, inter, h);
            put(w, rnd, p + "mlp.up_proj.weight", dtype, std, inter, h);
            put(w, rnd, p + "mlp.down_proj.weight", dtype, std, h, inter);
        }
        ones(w, "model.norm.weight", dtype, h);
        if (!c.tieWordEmbeddings()) {
            put(w, rnd, "lm_head.weight", dtype, std, c.vocabSize(), h);
        }
        if (maxShardBytes > 0) {
            w.writeSharded(dir, maxShardBytes);
        } else {
            w.write(dir.resolve("model.safetensors"));
        }
    }

    private static void put(SafeTensorsWriter w, SplittableRandom rnd, String name, DType dtype, double std, long... shape) {
        float[] v = new float[Math.toIntExact(shape.length == 1 ? shape[0] : shape[0] * shape[1])];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextGaussian() * std);
        }
        w.put(name, dtype, shape, v);
    }

    private static void ones(SafeTensorsWriter w, String name, DType dtype, long n) {
        float[] v = new float[Math.toIntExact(n)];
        java.util.Arrays.fill(v, 1f);
        w.put(name, dtype, new long[] {n}, v);
    }
}
