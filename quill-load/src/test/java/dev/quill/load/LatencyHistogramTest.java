package dev.quill.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void percentilesOfOneToAThousandMicrosecondsAreExact() {
        LatencyHistogram h = new LatencyHistogram();
        for (int us = 1000; us >= 1; us--) h.recordMicros(us);
        LatencyHistogram.Summary s = h.summary();
        assertThat(s.count()).isEqualTo(1000);
        // the smallest value with at least p% of the counts at or below it
        assertThat(s.p50Ms()).isEqualTo(0.500);
        assertThat(s.p90Ms()).isEqualTo(0.900);
        assertThat(s.p95Ms()).isEqualTo(0.950);
        assertThat(s.p99Ms()).isEqualTo(0.990);
        assertThat(s.maxMs()).isEqualTo(1.000);
        assertThat(s.meanMs()).isEqualTo(0.5005);
        assertThat(s.distribution().getLast().ms()).isEqualTo(1.000);
    }

    @Test
    void nanosecondsAreRecordedAsMicrosecondsAndNegativeMeansAbsent() {
        LatencyHistogram h = new LatencyHistogram();
        h.recordNanos(-1);
        assertThat(h.summary().count()).isZero();
        h.recordNanos(250_000_000L);
        assertThat(h.summary().p50Ms()).isCloseTo(250, org.assertj.core.data.Percentage.withPercentage(0.1));
    }
}
