package dev.quill.retrieval;

/**
 * How the card encoder is shaped and trained.
 *
 * @param dim embedding and output width
 * @param vocabSize BPE vocabulary learned from the cards and the training queries
 * @param epochs passes over the training queries (0: the untrained encoder, for comparison)
 * @param batchSize queries per step; every card is a candidate in every step
 * @param learningRate Adam step size
 * @param temperature InfoNCE softmax temperature over cosine scores
 * @param tokenDropout chance that a query token is hidden in a training step (augmentation)
 * @param typeDropout chance that a query's error types are hidden in a training step, so the
 *     encoder does not lean on a type the edit extractor may assign differently
 * @param seed initial weights, batch order and dropout
 */
public record EncoderConfig(int dim, int vocabSize, int epochs, int batchSize, float learningRate, float temperature,
                            float tokenDropout, float typeDropout, long seed) {

    public EncoderConfig {
        require(dim > 0, "dim must be positive, got " + dim);
        require(vocabSize > 256, "vocabSize must exceed the 256 byte tokens, got " + vocabSize);
        require(epochs >= 0, "epochs must be 0 (untrained) or positive, got " + epochs);
        require(batchSize > 0, "batchSize must be positive, got " + batchSize);
        require(learningRate > 0 && Float.isFinite(learningRate), "learningRate must be positive and finite, got " + learningRate);
        require(temperature > 0 && Float.isFinite(temperature), "temperature must be positive and finite, got " + temperature);
        require(tokenDropout >= 0 && tokenDropout < 1, "tokenDropout must lie in [0, 1), got " + tokenDropout);
        require(typeDropout >= 0 && typeDropout <= 1, "typeDropout must lie in [0, 1], got " + typeDropout);
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }

    /** The settings of each of quill's {@link EncoderEnsemble} members (chosen on the dev probes; see docs/retrieval.md). */
    public static EncoderConfig defaults() {
        return new EncoderConfig(64, 2000, 25, 256, 0.01f, 0.05f, 0.6f, 0.3f, 42);
    }

    public EncoderConfig withSeed(long newSeed) {
        return new EncoderConfig(dim, vocabSize, epochs, batchSize, learningRate, temperature, tokenDropout, typeDropout, newSeed);
    }

    public EncoderConfig withEpochs(int newEpochs) {
        return new EncoderConfig(dim, vocabSize, newEpochs, batchSize, learningRate, temperature, tokenDropout, typeDropout, seed);
    }
}
