package dev.quill.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SloTest {
    private static final long MS = 1_000_000;

    private static RequestOutcome answered(long ttftMs, long e2eMs, int tokens) {
        return new RequestOutcome(0, 0, ttftMs * MS, e2eMs * MS, 200, tokens, 5, new long[] {10 * MS}, null);
    }

    @Test
    void seed002sObjectiveParsesAndCountsOnlyAnswersWithinEveryBound() {
        Slo slo = Slo.parse("ttft=700ms,e2e=5s");
        assertThat(slo.bounds()).containsEntry("ttft", Duration.ofMillis(700)).containsEntry("e2e", Duration.ofSeconds(5));
        assertThat(slo.met(answered(700, 5000, 10))).isTrue();
        assertThat(slo.met(answered(701, 900, 10))).isFalse();
        assertThat(slo.met(answered(100, 5001, 10))).isFalse();
        assertThat(slo.met(new RequestOutcome(0, 0, -1, 10 * MS, 503, 0, 0, new long[0], "HTTP 503"))).isFalse();
        assertThat(Slo.parse("tpot=50ms").met(answered(100, 100 + 9 * 50, 10))).isTrue(); // (550 - 100) ms / 9 tokens after the first = 50 ms
        assertThat(Slo.parse("tpot=0.5s,itl=9ms").met(answered(100, 200, 10))).isFalse(); // the 10 ms gap breaks itl
    }

    @Test
    void aBadPartIsRefusedWithTheSyntax() {
        assertThatThrownBy(() -> Slo.parse("ttft=fast")).hasMessageContaining("ttft=700ms,e2e=5s");
        assertThatThrownBy(() -> Slo.parse("p99=1s")).hasMessageContaining("name=value");
    }
}
