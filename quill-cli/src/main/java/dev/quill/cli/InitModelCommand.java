package dev.quill.cli;

import static dev.quill.cli.OptionChecks.require;

import dev.quill.core.model.LlamaConfig;
import dev.quill.core.model.RandomModelWriter;
import dev.quill.core.tensor.DType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `quill init-model`: a random-weight model directory of any Llama shape, with a tokenizer. */
@Command(
        name = "init-model",
        mixinStandardHelpOptions = true,
        description = {
            "Writes a random-weight model directory (config.json, model.safetensors, tokenizer.json)",
            "in the Hugging Face layout, for tests and benchmarks. The defaults are the 34M-parameter",
            "bench shape."
        })
final class InitModelCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, description = "Directory to write (created if absent).")
    Path out;

    @Option(names = "--hidden", defaultValue = "512", description = "hidden_size (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--intermediate", defaultValue = "1408", description = "intermediate_size (default: ${DEFAULT-VALUE}).")
    int intermediate;

    @Option(names = "--layers", defaultValue = "8", description = "num_hidden_layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--heads", defaultValue = "8", description = "num_attention_heads (default: ${DEFAULT-VALUE}).")
    int heads;

    @Option(names = "--kv-heads", description = "num_key_value_heads (default: same as --heads).")
    Integer kvHeads;

    @Option(names = "--vocab", defaultValue = "8192", description = "vocab_size (default: ${DEFAULT-VALUE}).")
    int vocab;

    @Option(names = "--context", defaultValue = "512", description = "max_position_embeddings (default: ${DEFAULT-VALUE}).")
    int context;

    @Option(names = "--tied", description = "Tie the LM head to the embedding.")
    boolean tied;

    @Option(names = "--qkv-bias", description = "Add q/k/v biases (the Qwen2 shape).")
    boolean qkvBias;

    @Option(names = "--dtype", defaultValue = "F32", description = "F32, BF16 or F16 (default: ${DEFAULT-VALUE}).")
    DType dtype;

    @Option(names = "--std", defaultValue = "0.02", description = "Standard deviation of the weights (default: ${DEFAULT-VALUE}).")
    double std;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--shard-mb", description = "Split the weights into shards of at most this many MiB (default: one file).")
    Long shardMb;

    @Option(names = "--corpus", description = "UTF-8 text to train the tokenizer on (default: quill's bundled seed sentences).")
    Path corpus;

    @Override
    public Integer call() throws Exception {
        int kv = kvHeads == null ? heads : kvHeads;
        requireSize("--hidden", hidden, LlamaConfig.MAX_WIDTH);
        requireSize("--intermediate", intermediate, LlamaConfig.MAX_WIDTH);
        requireSize("--layers", layers, LlamaConfig.MAX_LAYERS);
        requireSize("--heads", heads, hidden);
        requireSize("--kv-heads", kv, heads);
        requireSize("--vocab", vocab, LlamaConfig.MAX_VOCAB_SIZE);
        requireSize("--context", context, LlamaConfig.MAX_POSITION_EMBEDDINGS);
        if (hidden % heads != 0) {
            throw new IllegalArgumentException("--hidden (" + hidden + ") must be a multiple of --heads (" + heads + ")");
        }
        if (heads % kv != 0) {
            throw new IllegalArgumentException("--heads (" + heads + ") must be a multiple of --kv-heads (" + kv + ")");
        }
        require(std > 0 && Double.isFinite(std), "--std", std, "a positive finite number");
        if (shardMb != null && (shardMb <= 0 || shardMb > Long.MAX_VALUE >> 20)) {
            throw new IllegalArgumentException("--shard-mb must be a positive number of MiB, got " + shardMb + " (omit it for one file)");
        }
        LlamaConfig shape = new LlamaConfig(qkvBias ? "qwen2" : "llama", hidden, intermediate, layers, heads, kv,
                hidden / heads, 1e-5f, 10000f, vocab, context, tied, qkvBias, -1, -1);
        RandomModelWriter.requireFits(shape, dtype, "--hidden, --intermediate, --layers, --vocab, --dtype");
        List<String> text = null;
        if (corpus != null) {
            if (!Files.isRegularFile(corpus)) throw new IllegalArgumentException("--corpus: no such file: " + corpus);
            text = Files.readAllLines(corpus, StandardCharsets.UTF_8);
        }
        long t0 = System.nanoTime();
        LlamaConfig written = RandomModelWriter.writeDirectory(out, shape, dtype, std, seed, shardMb == null ? 0 : shardMb << 20, text);
        System.out.printf("wrote %s: %,d parameters, %s, %d layers, hidden %d, vocab %d (%.1f s)%n", out,
                written.parameterCount(), dtype, layers, hidden, vocab, (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    private static void requireSize(String option, int value, int max) {
        require(value >= 1 && value <= max, option, value, "between 1 and " + max);
    }
}
