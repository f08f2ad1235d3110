package dev.quill.server.tutor;

import dev.quill.core.engine.SchedulingPolicy;
import dev.quill.core.generate.MinimumGain;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the tutor needs to load its model and start its engine.
 *
 * @param modelDir              a Hugging Face style directory (config.json, model.safetensors, tokenizer.json)
 * @param policy                none, static or continuous
 * @param maxBatch              static: batch size; continuous: most running sequences
 * @param staticWait            static: longest wait for a batch to fill
 * @param maxTokensPerStep      continuous: token budget of one step
 * @param kvBudgetBytes         memory for the paged KV cache
 * @param maxWaiting            requests that may wait at once before submit refuses
 * @param maxQueuedPromptTokens prompt tokens that may wait at once before submit refuses
 * @param threads               kernel threads
 * @param minimumGain           the guard against needless changes: {@code model} (the margin tuned for
 *                              the model, in its generation_config.json), {@code off}, or a margin
 *                              ({@link MinimumGain#parse})
 * @param speculate             whether greedy corrections speculate with the unchanged sentence as
 *                              their draft (see {@link Tutor})
 * @param spelling              whether confident spelling fixes are made before the model reads a
 *                              sentence ({@link dev.quill.grammar.Spelling})
 */
public record EngineSettings(Path modelDir, String policy, int maxBatch, Duration staticWait, int maxTokensPerStep,
        long kvBudgetBytes, int maxWaiting, int maxQueuedPromptTokens, int threads, String minimumGain, boolean speculate,
        boolean spelling) {

    /** Settings that speculate, without the spelling pass. */
    public EngineSettings(Path modelDir, String policy, int maxBatch, Duration staticWait, int maxTokensPerStep,
            long kvBudgetBytes, int maxWaiting, int maxQueuedPromptTokens, int threads, String minimumGain) {
        this(modelDir, policy, maxBatch, staticWait, maxTokensPerStep, kvBudgetBytes, maxWaiting, maxQueuedPromptTokens, threads,
                minimumGain, true, false);
    }

    /** Settings with the model's own minimum gain. */
    public EngineSettings(Path modelDir, String policy, int maxBatch, Duration staticWait, int maxTokensPerStep,
            long kvBudgetBytes, int maxWaiting, int maxQueuedPromptTokens, int threads) {
        this(modelDir, policy, maxBatch, staticWait, maxTokensPerStep, kvBudgetBytes, maxWaiting, maxQueuedPromptTokens, threads,
                "model");
    }

    /** The guard, resolved against the model directory. */
    public MinimumGain guard() throws IOException {
        return MinimumGain.parse(minimumGain, modelDir);
    }

    public SchedulingPolicy schedulingPolicy() {
        return SchedulingPolicy.parse(policy, maxBatch, staticWait, maxTokensPerStep);
    }
}
