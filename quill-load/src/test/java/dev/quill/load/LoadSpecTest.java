package dev.quill.load;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a run is refused for, and that each refusal says what is wrong rather than something else. */
class LoadSpecTest {
    private static final URI URL = URI.create("http://127.0.0.1:8080");

    @Test
    void aClosedLoopNeedsAtLeastOneClient() {
        for (int n : new int[] {0, -1}) {
            assertThatThrownBy(() -> LoadSpec.closed(URL, n, Duration.ofSeconds(1), 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("concurrency must be at least 1, got " + n);
        }
    }

    @Test
    void anOpenLoopNeedsAPositiveRate() {
        for (double rate : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> LoadSpec.open(URL, rate, Duration.ofSeconds(1), 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("rate must be a positive number of requests per second, got " + rate);
        }
    }

    @Test
    void aUrlWithAPortOutOfRangeIsRefused() {
        assertThatThrownBy(() -> TutorClient.requireLoopback(URI.create("http://127.0.0.1:99999"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("port must be 1-65535, got 99999");
    }

    @Test
    void aSweepWithAMalformedServerSettingIsRefusedWhenSpecified() {
        assertThatThrownBy(() -> new Sweep.Spec(Path.of("model"), List.of("continuous"), List.of(1), Duration.ofSeconds(1), 0, true, null,
                Slo.defaults(), Dataset.bundled(), 0, Map.of("kv-mb", "lots"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("setting kv-mb must be a whole number, got 'lots'");
    }
}
