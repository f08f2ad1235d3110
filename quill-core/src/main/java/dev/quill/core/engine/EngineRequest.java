package dev.quill.core.engine;

import dev.quill.core.generate.SamplingParams;

/**
 * What a caller asks the engine for.
 *
 * @param promptTokens       the prompt, already tokenized
 * @param sampling           how the next token is chosen
 * @param maxTokens          most tokens to generate
 * @param deadlineNanos      {@link System#nanoTime()} after which the request is dropped or stopped;
 *                           {@link Long#MAX_VALUE} for none
 * @param priority           lower runs first among waiting requests; equal priorities are FCFS
 * @param logprobs           whether the {@link Completion} carries the log-probability of each
 *                           generated token (under the model's own distribution, before sampling
 *                           settings such as temperature reshape it)
 * @param topLogprobs        with {@code logprobs}, also the this many most likely tokens at each
 *                           generated position, with their log-probabilities (0 to {@link #MAX_TOP_LOGPROBS})
 * @param promptLogprobsFrom the first prompt position whose token's log-probability, given the
 *                           tokens before it, the {@link Completion} carries (scoring a given
 *                           continuation, as vLLM's {@code prompt_logprobs}); -1 for none. The
 *                           positions from one before it are always computed, never taken from the
 *                           prefix cache, because their logits are needed.
 * @param draft              null, or the output the caller expects (a grammar correction mostly
 *                           copies its sentence): each step appends the draft tokens expected next to
 *                           the sequence's own, and every one the model's greedy choice confirms
 *                           becomes output without a step of its own (speculative decoding with the
 *                           request's own text as the draft, like vLLM's n-gram / prompt-lookup
 *                           proposer); the output is the same as without it, token for token. The
 *                           {@link Completion#speculation()} tells how it fared and carries the draft's
 *                           own log-probabilities while the output follows it. Greedy only, and not
 *                           with top or prompt log-probabilities.
 */
public record EngineRequest(int[] promptTokens, SamplingParams sampling, int maxTokens, long deadlineNanos, int priority,
        boolean logprobs, int topLogprobs, int promptLogprobsFrom, int[] draft) {
    /** Most alternatives a request may ask for at each position (as vLLM's default limit). */
    public static final int MAX_TOP_LOGPROBS = 20;

    public EngineRequest {
        if (topLogprobs < 0 || topLogprobs > MAX_TOP_LOGPROBS) {
            throw new IllegalArgumentException("top log-probabilities must be 0 to " + MAX_TOP_LOGPROBS + ", got " + topLogprobs);
        }
        if (topLogprobs > 0 && !logprobs) throw new IllegalArgumentException("top log-probabilities need logprobs");
        if (promptTokens.length == 0) throw new IllegalArgumentException("prompt must have at least one token");
        if (maxTokens < 1) throw new IllegalArgumentException("max tokens must be at least 1, got " + maxTokens);
        if (promptLogprobsFrom != -1 && (promptLogprobsFrom < 1 || promptLogprobsFrom >= promptTokens.length)) {
            throw new IllegalArgumentException("prompt log-probabilities start at a position in [1, " + promptTokens.length
                    + "), or -1 for none; got " + promptLogprobsFrom);
        }
        if (draft != null) {
            if (!sampling.isGreedy()) throw new IllegalArgumentException("a draft needs greedy sampling");
            if (topLogprobs > 0) throw new IllegalArgumentException("a draft cannot be combined with top log-probabilities");
            if (promptLogprobsFrom != -1) throw new IllegalArgumentException("a draft cannot be combined with prompt log-probabilities");
            if (draft.length == 0) throw new IllegalArgumentException("a draft must have at least one token");
            draft = draft.clone();
        }
        promptTokens = promptTokens.clone();
    }

    /** A request without a draft. */
    public EngineRequest(int[] promptTokens, SamplingParams sampling, int maxTokens, long deadlineNanos, int priority,
            boolean logprobs, int topLogprobs, int promptLogprobsFrom) {
        this(promptTokens, sampling, maxTokens, deadlineNanos, priority, logprobs, topLogprobs, promptLogprobsFrom, null);
    }

    /** A request without log-probabilities. */
    public EngineRequest(int[] promptTokens, SamplingParams sampling, int maxTokens, long deadlineNanos, int priority) {
        this(promptTokens, sampling, maxTokens, deadlineNanos, priority, false, 0, -1);
    }

    /** Greedy, no deadline, default priority. */
    public static EngineRequest greedy(int[] promptTokens, int maxTokens) {
        return new EngineRequest(promptTokens, SamplingParams.greedy(), maxTokens, Long.MAX_VALUE, 0);
    }

    /**
     * Scores {@code tokens[from..]} as a continuation of {@code tokens[..from)}: one greedy token is
     * generated (and ignored); the log-probabilities are the {@link Completion#promptLogprobs()}.
     */
    public static EngineRequest score(int[] tokens, int from, long deadlineNanos) {
        return new EngineRequest(tokens, SamplingParams.greedy(), 1, deadlineNanos, 0, false, 0, from);
    }

    /** This request, also asking for the log-probability of each generated token. */
    public EngineRequest withLogprobs() {
        return withLogprobs(0);
    }

    /** This request, also asking for each generated token's log-probability and the {@code top} most likely tokens'. */
    public EngineRequest withLogprobs(int top) {
        return new EngineRequest(promptTokens, sampling, maxTokens, deadlineNanos, priority, true, top, promptLogprobsFrom, draft);
    }

    /** This request, speculating with {@code expected} as the draft of its output (see {@link #draft()}). */
    public EngineRequest withDraft(int[] expected) {
        return new EngineRequest(promptTokens, sampling, maxTokens, deadlineNanos, priority, logprobs, topLogprobs,
                promptLogprobsFrom, expected);
    }

    public int promptLength() {
        return promptTokens.length;
    }

    /** Whether any log-probability is asked for. */
    boolean wantsAnyLogprobs() {
        return logprobs || promptLogprobsFrom >= 0;
    }

    @Override
    public int[] promptTokens() {
        return promptTokens.clone();
    }

    @Override
    public int[] draft() {
        return draft == null ? null : draft.clone();
    }

    /** The draft's length, 0 without one. */
    int draftLength() {
        return draft == null ? 0 : draft.length;
    }

    /** The draft's token at {@code i} (no copy). */
    int draftToken(int i) {
        return draft[i];
    }
}
