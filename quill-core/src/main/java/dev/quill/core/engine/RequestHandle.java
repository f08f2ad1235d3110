package dev.quill.core.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/** A submitted request: its token stream goes to its {@link TokenListener}; its end to {@link #completion()}. */
public final class RequestHandle {
    private final long id;
    private final TokenListener listener;
    private final CompletableFuture<Completion> completion = new CompletableFuture<>();
    private final AtomicBoolean cancelRequested = new AtomicBoolean();
    private final Engine engine;

    RequestHandle(long id, TokenListener listener, Engine engine) {
        this.id = id;
        this.listener = listener;
        this.engine = engine;
    }

    public long id() {
        return id;
    }

    /** Completes when the request ends, whatever the reason; never exceptionally. */
    public CompletableFuture<Completion> completion() {
        return completion;
    }

    /** Stops the request within one engine step and frees its KV blocks; harmless after it ended. */
    public void cancel() {
        if (!completion.isDone() && cancelRequested.compareAndSet(false, true)) {
            engine.requestCancel(id);
        }
    }

    void emit(int token, int index) {
        listener.onToken(token, index);
    }

    void complete(Sequence seq, FinishReason reason, long nowNanos) {
        RequestTimeline t = new RequestTimeline(seq.arrivalNanos, seq.firstScheduledNanos, seq.firstTokenNanos,
                java.util.Arrays.copyOf(seq.tokenNanos, seq.emittedOutputTokens), nowNanos);
        completion.complete(new Completion(id, seq.outputTokens(), reason, seq.promptLength, seq.prefixHitTokens,
                seq.preemptions, seq.computeShareNanos, seq.batchSizeAtAdmission, t, seq.outputLogprobs(), seq.outputTopLogprobs(), seq.promptLogprobs(),
                seq.speculation()));
    }
}
