package dev.quill.server.tutor;

/**
 * Told when each {@link Stage} of a request ran: the seam where traces (OpenTelemetry spans) and
 * per-stage metrics attach. Times are {@link System#nanoTime()} readings; stages that happen
 * inside the engine (prefill, decode) are reported after the fact from the request's timeline.
 * Called on request threads (never the engine thread); must not throw.
 */
@FunctionalInterface
public interface StageObserver {
    void stage(String requestId, Stage stage, long startNanos, long endNanos);

    StageObserver NONE = (requestId, stage, startNanos, endNanos) -> {};
}
