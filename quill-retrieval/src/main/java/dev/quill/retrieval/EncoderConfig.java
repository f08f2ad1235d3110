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
        if (dim <= 0 || vocabSize <= 256 || epochs < 0 || batchSize <= 0) throw new IllegalArgumentException("bad encoder config");
        if (!(temperature > 0) || tokenDropout < 0 || tokenDropout >= 1 || typeDropout < 0 || typeDropout > 1) {
            throw new IllegalArgumentException("bad encoder config");
        }
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
