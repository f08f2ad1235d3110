package dev.quill.core.engine;

import dev.quill.core.generate.SamplingParams;

/**
 * What a caller asks the engine for.
 *
 * @param promptTokens   the prompt, already tokenized
 * @param sampling       how the next token is chosen
 * @param maxTokens      most tokens to generate
 * @param deadlineNanos  {@link System#nanoTime()} after which the request is dropped or stopped;
 *                       {@link Long#MAX_VALUE} for none
 * @param priority       lower runs first among waiting requests; equal priorities are FCFS
 */
public record EngineRequest(int[] promptTokens, SamplingParams sampling, int maxTokens, long deadlineNanos, int priority) {
    public EngineRequest {
        if (promptTokens.length == 0) throw new IllegalArgumentException("prompt must have at least one token");
        if (maxTokens < 1) throw new IllegalArgumentException("max tokens must be at least 1, got " + maxTokens);
        promptTokens = promptTokens.clone();
    }

    /** Greedy, no deadline, default priority. */
    public static EngineRequest greedy(int[] promptTokens, int maxTokens) {
        return new EngineRequest(promptTokens, SamplingParams.greedy(), maxTokens, Long.MAX_VALUE, 0);
    }

    public int promptLength() {
        return promptTokens.length;
    }

    @Override
    public int[] promptTokens() {
        return promptTokens.clone();
    }
}
