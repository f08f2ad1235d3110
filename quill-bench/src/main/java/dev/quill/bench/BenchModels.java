package dev.quill.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quill.core.model.LlamaConfig;
import dev.quill.core.model.RandomModelWriter;
import dev.quill.core.tensor.DType;
import dev.quill.core.tokenizer.BpeTokenizer;
import dev.quill.core.tokenizer.BpeTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The random-weight "bench shape" model (hidden 512, intermediate 1408, 8 layers, 8 heads,
 * 8 kv heads, vocab 8192, 512 positions, untied head: 34.09M parameters), written once per
 * dtype and then reused by every fork, and the fixed prompt both engines decode from; and the
 * English tokenizer of the tokenizer benchmarks, trained once on {@link BenchText}.
 *
 * <p>Directories live under {@code $QUILL_BENCH_MODELS} (default {@code target/bench-models}
 * relative to the working directory). An environment variable rather than a system property,
 * because JMH forks inherit the environment but not {@code -D} flags given to the host JVM.
 */
public final class BenchModels {
    private BenchModels() {}

    /** Prompt length and new tokens of the decode benchmarks (the setting of shared/research/limits.md). */
    public static final int PROMPT_TOKENS = 32;
    public static final int NEW_TOKENS = 128;
    /** Vocabulary of {@link #englishTokenizer()}: the bench shape's. */
    public static final int ENGLISH_VOCAB = 8192;

    /** Ids 0..2 are the tokenizer's specials and 3..258 its byte tokens; prompts use plain tokens above them. */
    private static final int FIRST_PLAIN_TOKEN = 259;
    private static final long WEIGHT_SEED = 42;
    private static final long PROMPT_SEED = 7;
    /** The Hugging Face initializer_range. */
    private static final double WEIGHT_STD = 0.02;
    private static final String COMPLETE_MARKER = ".complete";

    public static LlamaConfig benchShape() {
        return LlamaConfig.llama(512, 1408, 8, 8, 8, 8192, 512, false).withSpecialTokens(1, 2);
    }

    /** The bench-shape model directory for {@code dtype}, written on first use (a few seconds). */
    public static synchronized Path benchShape(DType dtype) throws IOException {
        Path dir = root().resolve("bench-34m-" + dtype.name().toLowerCase());
        if (Files.exists(dir.resolve(COMPLETE_MARKER))) return dir;
        LlamaConfig config = benchShape();
        RandomModelWriter.write(dir, config, dtype, WEIGHT_STD, WEIGHT_SEED, 0);
        writeByteFallbackTokenizer(dir.resolve("tokenizer.json"), config.vocabSize());
        Files.writeString(dir.resolve(COMPLETE_MARKER), "");
        return dir;
    }

    /**
     * quill's byte-level BPE tokenizer with {@link #ENGLISH_VOCAB} ids (specials of
     * {@link RandomModelWriter#SPECIAL_TOKENS} included), trained on one copy of the
     * {@link BenchText} corpus and saved as {@code tokenizer.json} on first use (seconds).
     *
     * @return the {@code tokenizer.json} file
     */
    public static synchronized Path englishTokenizer() throws IOException {
        Path dir = root().resolve("tokenizer-english-" + ENGLISH_VOCAB);
        Path file = dir.resolve("tokenizer.json");
        if (Files.exists(dir.resolve(COMPLETE_MARKER))) return file;
        BpeTokenizer tokenizer = BpeTrainer.train(BenchText.english().sourceLines(), ENGLISH_VOCAB, RandomModelWriter.SPECIAL_TOKENS);
        Files.createDirectories(dir);
        tokenizer.save(file);
        Files.writeString(dir.resolve(COMPLETE_MARKER), "");
        return file;
    }

    /** Where model directories live: {@code $QUILL_BENCH_MODELS}, default {@code target/bench-models}. */
    static Path root() {
        return Path.of(System.getenv().getOrDefault("QUILL_BENCH_MODELS", "target/bench-models")).toAbsolutePath();
    }

    /** {@link #PROMPT_TOKENS} fixed token ids, the same in every fork and for every engine. */
    public static int[] prompt(LlamaConfig config) {
        return new SplittableRandom(PROMPT_SEED).ints(PROMPT_TOKENS, FIRST_PLAIN_TOKEN, config.vocabSize()).toArray();
    }

    /**
     * A minimal Hugging Face {@code tokenizer.json} that Jlama's loader accepts: a byte-fallback
     * BPE with no merges whose vocabulary has exactly {@code vocabSize} ids ({@code <unk> <s> </s>},
     * the 256 {@code <0xNN>} byte tokens, then filler pieces). The benchmarks feed token ids
     * directly, so only its shape matters.
     */
    static void writeByteFallbackTokenizer(Path file, int vocabSize) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        var added = root.putArray("added_tokens");
        String[] specials = {"<unk>", "<s>", "</s>"};
        for (int id = 0; id < specials.length; id++) {
            ObjectNode t = added.addObject();
            t.put("id", id);
            t.put("content", specials[id]);
            t.put("single_word", false);
            t.put("lstrip", false);
            t.put("rstrip", false);
            t.put("normalized", false);
            t.put("special", true);
        }
        root.putNull("normalizer");
        root.putNull("pre_tokenizer");
        root.putNull("post_processor");
        root.putNull("decoder");
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.put("unk_token", "<unk>");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", true);
        model.put("byte_fallback", true);
        ObjectNode vocab = model.putObject("vocab");
        for (int id = 0; id < specials.length; id++) vocab.put(specials[id], id);
        for (int b = 0; b < 256; b++) vocab.put(String.format("<0x%02X>", b), specials.length + b);
        for (int id = FIRST_PLAIN_TOKEN; id < vocabSize; id++) vocab.put("\u2581t" + id, id);
        model.putArray("merges");
        Files.writeString(file, json.writeValueAsString(root));
    }
}
