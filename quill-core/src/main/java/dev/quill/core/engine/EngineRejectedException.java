package dev.quill.core.engine;

/**
 * {@link Engine#submit} refused a request. The reason is typed so that the server can answer
 * 429 (this client should slow down) or 503 (the server is full or going away), each with a
 * Retry-After drawn from {@link #retryAfterSeconds()}.
 */
public final class EngineRejectedException extends RuntimeException {

    /** Why a request was refused. */
    public enum Reason {
        /** The waiting queue holds its maximum number of requests. */
        QUEUE_FULL,
        /** The waiting queue holds its maximum number of prompt tokens. */
        QUEUE_TOKENS_FULL,
        /** The prompt (plus one token of output) can never fit the model's context or the KV cache. */
        PROMPT_TOO_LONG,
        /** The engine is shutting down. */
        SHUTTING_DOWN
    }

    private final Reason reason;
    private final int retryAfterSeconds;

    public EngineRejectedException(Reason reason, String message, int retryAfterSeconds) {
        super(message);
        this.reason = reason;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Reason reason() {
        return reason;
    }

    /** A hint for the client; 0 when retrying cannot help (a prompt that will never fit). */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
