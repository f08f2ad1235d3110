package dev.quill.server.tutor;

import dev.quill.core.engine.Completion;
import dev.quill.core.engine.FinishReason;
import dev.quill.core.engine.RequestTimeline;
import java.util.List;

/**
 * Tokens and times of one request. Times are milliseconds; {@code totalMillis} runs from the
 * request's arrival at the server to the answer being ready.
 *
 * @param promptTokens  tokens of the prompt (sentence and marker)
 * @param outputTokens  tokens generated, the stop token included
 * @param prefixHitTokens prompt tokens whose keys and values came from the prefix cache
 * @param finishReason  why generation ended
 * @param degraded      what this request gave up because the server was busy (seed 003), in ladder order
 * @param computeMillis the engine time charged to this request: its token share of every step it ran in
 * @param costUsd       {@code computeMillis} at the instance's price ({@link CostModel})
 */
public record Usage(int promptTokens, int outputTokens, int prefixHitTokens, FinishReason finishReason,
        double queueMillis, double prefillMillis, double decodeMillis, double totalMillis, List<String> degraded,
        double computeMillis, double costUsd) {

    public Usage {
        degraded = List.copyOf(degraded);
    }

    static Usage of(Completion c, long arrivalNanos, long nowNanos, Degradation degradation, CostModel cost) {
        return of(c, 0, arrivalNanos, nowNanos, degradation, cost);
    }

    /** @param extraComputeNanos engine time of the request's other engine calls (the minimum-gain scoring) */
    static Usage of(Completion c, long extraComputeNanos, long arrivalNanos, long nowNanos, Degradation degradation, CostModel cost) {
        RequestTimeline t = c.timeline();
        long compute = c.computeShareNanos() + extraComputeNanos;
        return new Usage(c.promptTokens(), c.outputTokens().length, c.prefixHitTokens(), c.finishReason(),
                millis(t.queueNanos()), millis(t.prefillNanos()), millis(t.decodeNanos()), millis(nowNanos - arrivalNanos),
                degradation.labels(), compute / 1e6, cost.usd(compute));
    }

    private static double millis(long nanos) {
        return nanos < 0 ? 0 : Math.round(nanos / 1e4) / 100.0;
    }
}
