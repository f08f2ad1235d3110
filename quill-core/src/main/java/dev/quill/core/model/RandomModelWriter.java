package dev.quill.core.model;

import dev.quill.core.safetensors.SafeTensorsWriter;
import dev.quill.core.tensor.DType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import dev.quill.core.tokenizer.BpeTokenizer;
import dev.quill.core.tokenizer.BpeTrainer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Writes a random-weight model directory of any Llama shape ({@code config.json} and
 * {@code model.safetensors}, sharded on request) for tests and benchmarks. Matrices are drawn
 * from N(0, std^2), norms are 1, biases small: the initialisation Hugging Face uses
 * ({@code initializer_range}, 0.02 by default).
 *
 * <p>Every tensor is held in memory, encoded, until the file is written, so a shape is refused up
 * front when its weights exceed the free heap or one tensor exceeds a Java array. The files are
 * written into a staging directory beside the target and moved into place only once all of them
 * are complete: a failure leaves no half-written model behind.
 */
public final class RandomModelWriter {
    /** The special tokens every quill tokenizer carries. */
    public static final List<String> SPECIAL_TOKENS = List.of("<|eos|>", "<|correct|>", "<|sep|>", "<|pad|>");

    /** How {@link #requireFits} names the shape in its message when the caller does not. */
    private static final String CONFIG_FIELDS = "hidden_size, intermediate_size, num_hidden_layers, vocab_size";

    /** The most elements (or bytes) one Java array holds. */
    private static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private RandomModelWriter() {}

    /**
     * A complete model directory: a tokenizer trained on {@code corpus} (the bundled seed text
     * when null) with at most {@code shape.vocabSize()} ids, then random weights whose config
     * names the tokenizer's {@code <|eos|>} as its end-of-sequence token.
     */
    public static LlamaConfig writeDirectory(Path dir, LlamaConfig shape, DType dtype, double std, long seed,
            long maxShardBytes, List<String> corpus) throws IOException {
        requireFits(shape, dtype, CONFIG_FIELDS);
        requireDrawable(std, maxShardBytes);
        List<String> text = corpus != null ? corpus : seedCorpus();
        BpeTokenizer tokenizer = BpeTrainer.train(text, shape.vocabSize(), SPECIAL_TOKENS);
        LlamaConfig config = shape.withSpecialTokens(-1, tokenizer.specialTokenId("<|eos|>"));
        writeStaged(dir, staging -> {
            tokenizer.save(staging.resolve("tokenizer.json"));
            writeFiles(staging, config, dtype, std, seed, maxShardBytes);
        });
        return config;
    }

    /**
     * Refuses a shape whose weights {@link #write} cannot hold: one tensor larger than a Java
     * array, or all of them (encoded as {@code dtype}) more than the JVM's free heap.
     *
     * @param shapeNames how the message names the sizes that set the shape (config fields, or a
     *                   command's options)
     */
    public static void requireFits(LlamaConfig c, DType dtype, String shapeNames) {
        Objects.requireNonNull(dtype, "dtype");
        long largest = largestTensorElements(c);
        long largestBytes = largest * Math.max(Float.BYTES, dtype.sizeBytes());
        if (largestBytes > MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException("the largest tensor of this shape would be %s (%,d values), more than one Java array holds (2 GiB); choose a smaller shape (%s)"
                    .formatted(gib(largestBytes), largest, shapeNames));
        }
        // The encoded tensors, plus the float[] of the one being drawn.
        long neededBytes = c.parameterCount() * dtype.sizeBytes() + largest * Float.BYTES;
        Runtime rt = Runtime.getRuntime();
        long freeBytes = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (neededBytes > freeBytes) {
            throw new IllegalArgumentException("the weights of this shape need %s of memory (%,d parameters as %s) but the JVM heap has %s free; choose a smaller shape (%s) or raise the heap (-Xmx)"
                    .formatted(gib(neededBytes), c.parameterCount(), dtype, gib(freeBytes), shapeNames));
        }
    }

    private static void requireDrawable(double std, long maxShardBytes) {
        if (!(std >= 0) || !Double.isFinite(std)) throw new IllegalArgumentException("std must be finite and not negative, got " + std);
        if (maxShardBytes < 0) throw new IllegalArgumentException("maxShardBytes must be 0 (one file) or positive, got " + maxShardBytes);
    }

    private static long largestTensorElements(LlamaConfig c) {
        long h = c.hiddenSize();
        return Math.max(Math.max((long) c.vocabSize() * h, (long) c.intermediateSize() * h), (long) c.qDim() * h);
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
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
        requireFits(c, dtype, CONFIG_FIELDS);
        requireDrawable(std, maxShardBytes);
        writeStaged(dir, staging -> writeFiles(staging, c, dtype, std, seed, maxShardBytes));
    }

    /** Writes files into a directory. */
    @FunctionalInterface
    private interface FileWriting {
        void into(Path dir) throws IOException;
    }

    /** {@code writing} into a staging directory, then its files into {@code dir}; nothing is left half-written. */
    private static void writeStaged(Path dir, FileWriting writing) throws IOException {
        Path staging = stagingDirectory(dir);
        try {
            writing.into(staging);
            publish(staging, dir);
        } finally {
            deleteStaging(staging);
        }
    }

    private static void writeFiles(Path dir, LlamaConfig c, DType dtype, double std, long seed, long maxShardBytes)
            throws IOException {
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

    /**
     * A new empty directory beside {@code dir} (same file system, so the files move by rename),
     * with the umask's permissions (Files.createTempDirectory's would be owner-only).
     */
    private static Path stagingDirectory(Path dir) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new IOException(dir + " exists and is not a directory");
        }
        Path parent = Files.createDirectories(target.getParent());
        return Files.createDirectory(parent.resolve(
                "." + target.getFileName() + ".partial-" + ProcessHandle.current().pid() + "-" + System.nanoTime()));
    }

    /** Moves the complete staged files into {@code dir}: the whole directory when it is new, else file by file. */
    private static void publish(Path staging, Path dir) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        if (!Files.exists(target)) {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        try (var files = Files.list(staging)) {
            for (Path f : files.toList()) {
                Files.move(f, target.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Removes what is left of the staging directory (nothing once published); it holds only files. */
    private static void deleteStaging(Path staging) throws IOException {
        if (!Files.exists(staging)) return;
        try (var files = Files.list(staging)) {
            for (Path f : files.toList()) Files.delete(f);
        }
        Files.delete(staging);
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
