package dev.quill.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Planner.Measured#read}: a loadgen or sweep result is read; anything else is refused in one line saying why. */
class PlannerReadTest {
    @TempDir
    Path dir;

    private static final LatencyHistogram.Summary MS = new LatencyHistogram.Summary(100, 200, 180, 250, 300, 350, 400, List.of());

    private static LoadResult result(long succeeded, String policy, LatencyHistogram.Summary ms, Map<String, Long> failures) {
        LoadResult.Run run = new LoadResult.Run("http://127.0.0.1:8080", "closed loop, 2 clients", 2, 0, true, null, "ttft=700ms,e2e=5s",
                "learner-sentences (bundled)", policy);
        return new LoadResult(run, 10, 100, succeeded, Map.of(), succeeded / 10.0, 2.0 * succeeded, succeeded / 10.0, succeeded / 100.0,
                30, 20, ms, ms, ms, ms, ms, failures);
    }

    private void refused(String name, String content, String why) throws Exception {
        Path file = Files.writeString(dir.resolve(name), content);
        assertThatThrownBy(() -> Planner.Measured.read(file, "continuous")).as(name).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + " is not a loadgen or sweep result (" + why + ")");
    }

    @Test
    void aLoadgenResultAndASweepAreRead() throws Exception {
        Path run = dir.resolve("loadgen.json");
        result(100, null, MS, Map.of()).write(run);
        assertThat(Planner.Measured.read(run, "continuous").capacityPerSecond()).isEqualTo(10);
        Path sweep = dir.resolve("sweep.json");
        new Sweep.Result("tiny", Map.of("threads", "1"), List.of(result(100, "continuous", MS, Map.of()))).write(sweep);
        assertThat(Planner.Measured.read(sweep, "continuous").source()).startsWith("sweep, policy continuous");
        assertThat(Sweep.Result.read(sweep).serverSettings()).isEqualTo(Map.of("threads", "1"));
    }

    @Test
    void jsonThatIsNotAResultIsRefusedSayingWhatItLacks() throws Exception {
        Path good = dir.resolve("good.json");
        result(100, null, MS, Map.of()).write(good);
        String json = Files.readString(good);
        refused("empty.json", "", "the file is empty");
        refused("text.json", "label: value", "not JSON: line 1, column 1");
        refused("array.json", "[1, 2]", "not a JSON object");
        refused("config.json", "{\"hidden_size\": 64, \"num_hidden_layers\": 2, \"model_type\": \"llama\"}", "no \"run\"");
        refused("no-points.json", "{\"points\": []}", "\"points\" is empty");
        refused("e2e-null.json", json.replaceFirst("\"e2e\" : \\{", "\"e2e\" : null, \"was\" : {"), "no \"e2e\"");
        refused("e2e-text.json", json.replaceFirst("\"e2e\" : \\{", "\"e2e\" : \"fast\", \"was\" : {"), "unexpected value at \"e2e\"");
        refused("sweep-point.json", "{\"points\": [" + json + ", {\"run\": {}}]}", "point 1: no \"requests\"");
    }

    @Test
    void aRunWithNothingAnsweredHasNoCapacityToPlanFrom() throws Exception {
        Path run = dir.resolve("failed.json");
        result(0, null, LatencyHistogram.Summary.EMPTY, Map.of("ConnectException", 100L)).write(run);
        assertThatThrownBy(() -> Planner.Measured.read(run, "continuous")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the run has no successful requests (100 sent, all failed: 100 x ConnectException), so there is no capacity to plan from");

        Path sweep = dir.resolve("sweep.json");
        new Sweep.Result("tiny", Map.of(), List.of(result(0, "continuous", LatencyHistogram.Summary.EMPTY, Map.of("HTTP 503", 100L)))).write(sweep);
        assertThatThrownBy(() -> Planner.Measured.read(sweep, "continuous")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("policy continuous of the sweep has no successful requests (100 sent, all failed: 100 x HTTP 503)");
    }
}
