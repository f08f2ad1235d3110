package dev.quill.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The planner's formulas on seed 003's worked numbers. */
class CapacityPlanTest {

    @Test
    void littlesLaw() {
        assertThat(CapacityPlan.littlesLaw(20, 1.5)).isEqualTo(30.0);
    }

    @Test
    void mm1ResponseTimeAtEightyPercentIsFiveServiceTimes() {
        // S = 0.2 s, rho = 0.8: lambda = 4 req/s; W = S / (1 - rho) = 1.0 s, Wq = 0.8 s
        assertThat(CapacityPlan.utilisation(4, 0.2, 1)).isCloseTo(0.8, within(1e-12));
        assertThat(CapacityPlan.mm1ResponseSeconds(4, 0.2)).isCloseTo(1.0, within(1e-12));
        assertThat(CapacityPlan.mm1QueueSeconds(4, 0.2)).isCloseTo(0.8, within(1e-12));
        assertThat(CapacityPlan.mm1QueueSeconds(5, 0.2)).isInfinite();
    }

    @Test
    void mmcReducesToMm1ForOneServerAndMatchesErlangC() {
        assertThat(CapacityPlan.mmcQueueSeconds(4, 0.2, 1)).isCloseTo(0.8, within(1e-12));
        assertThat(CapacityPlan.erlangC(1, 0.8)).isCloseTo(0.8, within(1e-12));
        // c = 2, a = 1: C = (1/2 * 2) / (1 + 1 + 1) = 1/3; Wq = C / (2 mu - lambda) = (1/3) / (2 - 1) s
        assertThat(CapacityPlan.erlangC(2, 1.0)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(CapacityPlan.mmcQueueSeconds(1, 1.0, 2)).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void kvMemoryHoldsEightyRequests() {
        // (80 - 28 - 8) GB available, 0.55 GB a request. In bytes it is exactly 80; the seed's
        // Python `44 // 0.55` on binary floats prints 79.
        assertThat(CapacityPlan.maxSequences(44_000_000_000L, 550_000_000L)).isEqualTo(80);
        // quill's paged cache: 40 tokens in blocks of 16 take 3 blocks
        assertThat(CapacityPlan.bytesPerSequence(40, 16, 1000)).isEqualTo(3000);
        assertThat(CapacityPlan.bytesPerSequence(48, 16, 1000)).isEqualTo(3000);
    }

    @Test
    void costPerMillionTokensAndItsUtilisationAdjustedValue() {
        double cpm = CapacityPlan.costPerMillionTokens(4.0, 1200);
        assertThat(cpm).isCloseTo(0.925925925926, within(1e-12)); // 1e6 * 4 / (3600 * 1200)
        assertThat(CapacityPlan.utilisationAdjustedCost(cpm, 0.5)).isCloseTo(1.851851851852, within(1e-12));
        assertThat(CapacityPlan.utilisationAdjustedCost(cpm, 0.3)).isCloseTo(3.086419753086, within(1e-12));
    }

    @Test
    void replicasForSeventyPercentUtilisation() {
        assertThat(CapacityPlan.replicas(180, 40, 0.70)).isEqualTo(7); // ceil(6.43)
        assertThat(CapacityPlan.utilisation(180, 1 / 40.0, 7)).isCloseTo(0.642857142857, within(1e-12));
        assertThat(CapacityPlan.replicas(28, 40, 0.70)).isEqualTo(1); // exactly 70%: one replica is enough
    }

    @Test
    void errorBudget() {
        assertThat(CapacityPlan.errorBudget(2_000_000, 0.995)).isEqualTo(10_000);
    }

    @Test
    void theDegradationKeptIsTheBestQualityWithinTheSlo() {
        List<CapacityPlan.Option> actions = List.of(new CapacityPlan.Option("keep full", 2500, 1.00),
                new CapacityPlan.Option("smaller model", 900, 0.92), new CapacityPlan.Option("shorter answer", 1200, 0.95),
                new CapacityPlan.Option("lower retrieval k", 1500, 0.97));
        assertThat(CapacityPlan.bestWithin(actions, 1600).orElseThrow().name()).isEqualTo("lower retrieval k");
        assertThat(CapacityPlan.bestWithin(actions, 800)).isEmpty();
    }

    @Test
    void theReportAnswersEveryQuestionFromMeasuredNumbers() {
        Planner.Measured m = new Planner.Measured("test", 0.1, 40, 1200, 900, 300, 20, 30, 20);
        String r = Planner.report(m, new Planner.Inputs(180, 7, 30, 20, 44_000L, 1000, 16, 4.0, 0.5, 0.7, 0.995, 2_000_000, 1600));
        assertThat(r).contains("18.00 requests are in the system", "replicas for 70% utilisation at 180.00 req/s: 7",
                "$0.9259 per million output tokens", "$1.8519 at 50%", "allows 10,000 bad requests", "holds 11 concurrent sequences",
                "one replica (M/M/1): utilisation 450.0%, mean queue wait unbounded", "choice: keep full");
    }
}
