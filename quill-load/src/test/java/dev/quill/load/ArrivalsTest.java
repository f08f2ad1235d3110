package dev.quill.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrivalsTest {

    @Test
    void poissonGapsAreTheInverseExponentialOfTheUniformDraws() {
        Iterator<Double> u = List.of(0.5, 0.0, 0.75, 0.5).iterator(); // each next() draws the gap after it
        Arrivals a = Arrivals.poisson(2.0, u::next);
        assertThat(a.next()).isZero(); // the first request is due at the start
        assertThat(a.next()).isEqualTo(346_573_590L); // -ln(1 - 0.5) / 2 s = ln 2 / 2 = 0.34657359028 s
        assertThat(a.next()).isEqualTo(346_573_590L); // u = 0: no gap
        assertThat(a.next()).isEqualTo(346_573_590L + 693_147_181L); // -ln(0.25) / 2 = ln 2 s, rounded to the nanosecond
        assertThat(a.count()).isEqualTo(4);
    }

    @Test
    void uniformArrivalsAreEvenlySpaced() {
        Arrivals a = Arrivals.uniform(4);
        assertThat(List.of(a.next(), a.next(), a.next())).containsExactly(0L, 250_000_000L, 500_000_000L);
    }

    @Test
    void aSeedFixesTheScheduleAndItsMeanGapIsOneOverTheRate() {
        Arrivals a = Arrivals.poisson(50, 42);
        Arrivals b = Arrivals.poisson(50, 42);
        long last = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            last = a.next();
            assertThat(b.next()).isEqualTo(last);
        }
        // n - 1 gaps of mean 20 ms: within 1% (the standard error is 0.22%)
        assertThat(last / (double) (n - 1)).isBetween(0.99 * 20e6, 1.01 * 20e6);
    }
}
