package dev.quill.core.model;

import dev.quill.core.kernels.Kernels;
import dev.quill.core.kv.KvCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the engine runs: a decoder that takes a batch of token rows from many sequences, writes
 * their keys and values into a paged {@link KvCache} and returns next-token scores. One
 * {@link LlamaModel}, or an {@link EnsembleModel} of several that decode as one.
 */
public interface DecoderModel extends AutoCloseable {

    /**
     * The shape the engine sizes its KV cache by ({@link LlamaConfig#numLayers()},
     * {@link LlamaConfig#kvDim()}), the vocabulary, the context and the end token. For an
     * ensemble, the layers of all its members.
     */
    LlamaConfig config();

    /**
     * Runs every row, writing each row's key and value into its sequence's blocks at its
     * position, and returns the scores of {@code batch.logitRows()}, row after row
     * ({@code logitRows.length x vocabSize}): logits, or log-probabilities (which are logits too).
     */
    float[] forward(ForwardBatch batch, KvCache kv);

    /**
     * The shape of each network the model runs for every row: its own, or each member's of an
     * ensemble (their parameters and matmul FLOPs add up).
     */
    default List<LlamaConfig> networkConfigs() {
        return List.of(config());
    }

    /** How the weights are stored (the decoder layers' matrices; the embedding's if there are none): F32, BF16, ... */
    String weightDtype();

    @Override
    void close();

    /**
     * Loads a model directory: an ensemble when it holds {@value EnsembleModel#FILE}, otherwise
     * one model ({@code config.json} and safetensors weights).
     */
    static DecoderModel load(Path dir, Kernels kernels) throws IOException {
        return isEnsemble(dir) ? EnsembleModel.load(dir, kernels) : LlamaModel.load(dir, kernels);
    }

    /** Whether {@code dir} holds a model: its {@code config.json} or an ensemble's {@value EnsembleModel#FILE}. */
    static boolean isModelDirectory(Path dir) {
        return Files.isRegularFile(dir.resolve("config.json")) || isEnsemble(dir);
    }

    /** What {@link #config()} of the model in {@code dir} will be, read without loading its weights. */
    static LlamaConfig readConfig(Path dir) throws IOException {
        return isEnsemble(dir) ? EnsembleModel.readConfig(dir) : LlamaConfig.load(dir.resolve("config.json"));
    }

    private static boolean isEnsemble(Path dir) {
        return Files.isRegularFile(dir.resolve(EnsembleModel.FILE));
    }
}
