package dev.quill.server.tutor;

import dev.quill.core.engine.Completion;

/**
 * Told when each {@link Stage} of a request ran: the seam where traces (OpenTelemetry spans) and
 * per-stage metrics attach. Times are {@link System#nanoTime()} readings; stages that happen
 * inside the engine (prefill, decode) are reported after the fact from the request's timeline.
 * {@link #stage} and {@link #answered} are called on request threads, {@link #finished} on the
 * engine thread; none may throw, and {@link #finished} must be quick.
 */
@FunctionalInterface
public interface StageObserver {
    void stage(String requestId, Stage stage, long startNanos, long endNanos);

    /**
     * The engine ended a request, whatever the reason (every request that was submitted, once,
     * the minimum-gain guard's scoring requests included: their compute is part of the cost).
     */
    default void finished(Completion completion) {}

    /** A request the engine answered (stop or length), with its usage, as its answer is formatted. */
    default void answered(String requestId, Completion completion, Usage usage) {}

    StageObserver NONE = (requestId, stage, startNanos, endNanos) -> {};
}
