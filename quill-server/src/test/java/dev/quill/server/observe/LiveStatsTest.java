package dev.quill.server.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.quill.core.engine.Completion;
import dev.quill.core.engine.FinishReason;
import dev.quill.core.engine.RequestTimeline;
import dev.quill.core.engine.StepRecord;
import dev.quill.server.tutor.Stage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LiveStatsTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long S = TimeUnit.SECONDS.toNanos(1);

    private final LiveStats live = new LiveStats();
    /** Two minutes after the stats began, so both windows are full. */
    private final long now = System.nanoTime() + 120 * S;

    @Test
    void latencyPercentilesAreOverTheWindowAndRatesOverTheRateWindow() {
        live.request(200, 50 * MS, now - 100 * S);   // older than the 60 s window
        live.request(200, 10 * MS, now - 30 * S);    // in the window, before the 5 s rate window
        live.request(200, 20 * MS, now - 1 * S);
        live.request(422, 1 * MS, now - 2 * S);      // refused: counted, but no end-to-end latency

        LiveStats.Snapshot s = live.snapshot(now, LatencyBudget.defaults());
        assertThat(s.requestsTotal()).isEqualTo(4);
        assertThat(s.requestsByStatus()).containsEntry(200, 3L).containsEntry(422, 1L);
        assertThat(s.requestsPerSecond()).isCloseTo(2.0 / LiveStats.RATE_WINDOW_SECONDS, within(1e-9));
        assertThat(s.e2eMillis()).isEqualTo(new LiveStats.Percentiles(2, 10, 20));
        assertThat(s.ttftMillis().count()).isZero();
        assertThat(s.ttftMillis().p95()).isNaN();
    }

    @Test
    void batchSizeAndBusyRatioComeFromTheRecentSteps() {
        live.step(new StepRecord(1, 2, 0, 2, 0, 100 * MS, new long[] {1, 2}, new int[] {1, 1}), now - 30 * S);
        live.step(new StepRecord(2, 4, 0, 4, 0, 200 * MS, new long[] {1, 2, 3, 4}, new int[] {1, 1, 1, 1}), now - 2 * S);
        live.step(new StepRecord(3, 6, 0, 6, 0, 300 * MS, new long[] {1, 2, 3, 4, 5, 6}, new int[] {1, 1, 1, 1, 1, 1}), now - 1 * S);

        LiveStats.Snapshot s = live.snapshot(now, LatencyBudget.defaults());
        assertThat(s.meanBatchSize()).isEqualTo(5.0);
        assertThat(s.maxBatchSize()).isEqualTo(6);
        assertThat(s.stepsPerSecond()).isCloseTo(2.0 / LiveStats.RATE_WINDOW_SECONDS, within(1e-9));
        assertThat(s.busyRatio()).isCloseTo(0.5 / LiveStats.RATE_WINDOW_SECONDS, within(1e-9));
    }

    @Test
    void engineEndsGiveTtftQueueTokensAndCost() {
        long arrival = now - 3 * S;
        RequestTimeline t = new RequestTimeline(arrival, arrival + 40 * MS, arrival + 90 * MS,
                new long[] {arrival + 90 * MS, arrival + 100 * MS}, arrival + 110 * MS);
        live.finished(new Completion(1, new int[] {5, 6}, FinishReason.STOP, 8, 0, 0, 50 * MS, 1, t), now - 2 * S, 0.25);

        LiveStats.Snapshot s = live.snapshot(now, LatencyBudget.defaults());
        assertThat(s.ttftMillis()).isEqualTo(new LiveStats.Percentiles(1, 90, 90));
        assertThat(row(s, LatencyBudget.QUEUE).meanMillis()).isEqualTo(40);
        assertThat(s.promptTokensPerSecond()).isCloseTo(8.0 / LiveStats.RATE_WINDOW_SECONDS, within(1e-9));
        assertThat(s.outputTokensPerSecond()).isCloseTo(2.0 / LiveStats.RATE_WINDOW_SECONDS, within(1e-9));
        assertThat(s.costUsdTotal()).isEqualTo(0.25);
    }

    @Test
    void stagesFollowTheBudgetAndFormatStacksWithoutTheRetrievalTimedInsideIt() {
        live.stage(Stage.FORMAT_JSON, 10 * MS, now - S);
        live.stage(Stage.RETRIEVE_HYBRID, 6 * MS, now - S);
        live.stage(Stage.FORMAT_JSON, 2 * MS, now - S); // a request whose retrieval was skipped under load

        LiveStats.Snapshot s = live.snapshot(now, LatencyBudget.defaults());
        assertThat(s.stages()).extracting(LiveStats.StageRow::stage)
                .containsExactlyElementsOf(LatencyBudget.defaults().allocationsMillis().keySet());
        LiveStats.StageRow format = row(s, "format.json");
        assertThat(format.count()).isEqualTo(2);
        assertThat(format.meanMillis()).isEqualTo(6);
        assertThat(format.selfMeanMillis()).isEqualTo(3);
        assertThat(format.p95Millis()).isEqualTo(10);
        assertThat(format.burnRate()).isEqualTo(10 / LatencyBudget.defaults().allocationsMillis().get("format.json"));
        LiveStats.StageRow decode = row(s, "model.decode");
        assertThat(decode.count()).isZero();
        assertThat(decode.meanMillis()).isNaN();
        assertThat(decode.burnRate()).isNaN();
    }

    private static LiveStats.StageRow row(LiveStats.Snapshot s, String stage) {
        return s.stages().stream().filter(r -> r.stage().equals(stage)).findFirst().orElseThrow();
    }
}
