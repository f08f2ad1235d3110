package dev.quill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quill.core.model.LlamaConfig;
import dev.quill.core.model.RandomModelWriter;
import dev.quill.core.tensor.DType;
import dev.quill.load.LatencyHistogram;
import dev.quill.load.LoadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** `quill plan` refuses what-ifs out of range, files that are not results, and results with nothing answered, in one line each. */
class PlanCommandTest {
    @TempDir
    static Path dir;
    private static Path model;
    private static Path measured;

    @BeforeAll
    static void writeModelAndResult() throws Exception {
        model = dir.resolve("model");
        RandomModelWriter.writeDirectory(model, LlamaConfig.llama(32, 64, 1, 2, 2, 300, 96, false), DType.F32, 0.02, 3, 0, null);
        measured = dir.resolve("loadgen.json");
        LatencyHistogram.Summary ms = new LatencyHistogram.Summary(100, 200, 180, 250, 300, 350, 400, List.of());
        result(100, Map.of(), ms).write(measured);
    }

    private static LoadResult result(long succeeded, Map<String, Long> failures, LatencyHistogram.Summary ms) {
        LoadResult.Run run = new LoadResult.Run("http://127.0.0.1:8080", "closed loop, 2 clients", 2, 0, true, null, "ttft=700ms,e2e=5s",
                "learner-sentences (bundled)", null);
        double seconds = 10;
        return new LoadResult(run, seconds, 100, succeeded, Map.of(), succeeded / seconds, 20 * succeeded / seconds, succeeded / seconds,
                succeeded / 100.0, 30, 20, ms, ms, ms, ms, ms, failures);
    }

    private static CommandRun plan(Path file, String... options) {
        String[] args = new String[options.length + 4];
        args[0] = "plan";
        args[1] = file.toString();
        args[2] = "--model";
        args[3] = model.toString();
        System.arraycopy(options, 0, args, 4, options.length);
        return CommandRun.of(args);
    }

    @Test
    void aMeasuredResultIsPlannedFrom() {
        CommandRun r = plan(measured);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("capacity 10.00 req/s per replica", "replicas for 70% utilisation");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "--rate, -5", "--rate, NaN", "--rate, 0", "--replicas, -1", "--replicas, 0", "--slo-target, 1.5", "--slo-target, 1", "--slo-target, 0",
        "--price-per-hour, -1", "--price-per-hour, NaN", "--kv-mb, -1", "--kv-mb, 0", "--window-requests, -1", "--prompt-tokens, -1",
        "--prompt-tokens, 2147483647", "--output-tokens, 2147483647", "--output-tokens, -1", "--target-utilisation, 1.5",
        "--target-utilisation, 0", "--utilisation, 2", "--utilisation, 0",
        "--slo-ms, -1", "--slo-ms, NaN"
    })
    void aWhatIfOutOfRangeIsRefusedNamingTheOption(String option, String value) {
        CommandRun r = plan(measured, option, value);
        assertThat(r.exit()).isNotZero();
        assertThat(r.failure()).isInstanceOf(IllegalArgumentException.class);
        assertThat(r.message()).startsWith(option + " must be ").contains(", got ").doesNotContain("\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void filesThatAreNotResultsAreRefusedInOneLine() throws Exception {
        Map<String, String> files = Map.of(
                "config.json", Files.readString(model.resolve("config.json")),
                "no-points.json", "{\"points\":[]}",
                "empty.json", "",
                "not-json.json", "label: value\n",
                "e2e-null.json", Files.readString(measured).replaceFirst("\"e2e\" : \\{", "\"e2e\" : null, \"was\" : {"),
                "sweep-of-nothing.json", "{\"points\":[{\"run\":null}]}");
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path file = dir.resolve(f.getKey());
            Files.writeString(file, f.getValue());
            CommandRun r = plan(file);
            assertThat(r.exit()).as(f.getKey()).isNotZero();
            assertThat(r.message()).as(f.getKey()).startsWith(file + " is not a loadgen or sweep result (").endsWith(")")
                    .doesNotContain("\n", "dev.quill", "Source", "Cannot");
        }
    }

    @Test
    void aResultWithNothingAnsweredIsRefused() throws Exception {
        Path failed = dir.resolve("failed.json");
        result(0, Map.of("ConnectException", 100L), LatencyHistogram.Summary.EMPTY).write(failed);
        CommandRun r = plan(failed);
        assertThat(r.exit()).isNotZero();
        assertThat(r.message()).contains("no successful requests", "100 sent", "100 x ConnectException").doesNotContain("Infinity");
        assertThat(r.out()).isEmpty();
    }
}
