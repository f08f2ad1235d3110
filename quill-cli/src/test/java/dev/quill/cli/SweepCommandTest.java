package dev.quill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quill.core.model.LlamaConfig;
import dev.quill.core.model.RandomModelWriter;
import dev.quill.core.tensor.DType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** `quill sweep` checks every option before it trains the retriever or starts a server (seconds each). */
class SweepCommandTest {
    @TempDir
    static Path dir;
    private static Path model;

    @BeforeAll
    static void writeModel() throws Exception {
        model = dir.resolve("model");
        RandomModelWriter.writeDirectory(model, LlamaConfig.llama(32, 64, 1, 2, 2, 300, 96, false), DType.F32, 0.02, 3, 0, null);
    }

    /** A sweep as small as one can be, with {@code option value} in place of its own (or added). */
    private static CommandRun sweep(String option, String value) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("--model", model.toString());
        options.put("--policies", "none");
        options.put("--concurrency", "1");
        options.put("--requests", "1");
        options.put("--duration", "1s");
        options.put("--warmup", "0");
        options.put("--out", dir.resolve("sweep").toString());
        options.put(option, value);
        List<String> args = new ArrayList<>(List.of("sweep"));
        options.forEach((k, v) -> args.addAll(List.of(k, v)));
        return CommandRun.of(args.toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "--concurrency, 0, '--concurrency must be at least 1 (each value), got 0'",
        "--concurrency, '1,-2', '--concurrency must be at least 1 (each value), got -2'",
        "--duration, 0s, '--duration must be longer than 0, got 0s'",
        "--warmup, -1, '--warmup must be 0 or more, got -1'",
        "--max-tokens, 0, '--max-tokens must be at least 1, got 0'",
        "--requests, -1, '--requests must be 0 (duration only) or more, got -1'",
        "--set, kv-mb=abc, 'setting kv-mb must be a whole number, got ''abc'''",
    })
    void aBadValueIsRefusedBeforeStartUp(String option, String value, String message) {
        CommandRun r = sweep(option, value);
        assertThat(r.exit()).isNotZero();
        assertThat(r.message()).isEqualTo(message);
        assertThat(r.err()).doesNotContain("retriever ready");
    }

    @Test
    void anUnknownSettingIsRefusedListingTheKnownOnes() {
        CommandRun r = sweep("--set", "nosuch=1");
        assertThat(r.exit()).isNotZero();
        assertThat(r.message()).startsWith("--set nosuch: no such setting (quill serve's: ").contains("kv-mb", "threads", "max-batch")
                .doesNotContain("policy", "model");
        assertThat(r.err()).doesNotContain("retriever ready");
    }

    @Test
    void anOutThatIsAFileIsRefusedSayingSo() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        CommandRun r = sweep("--out", file.toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.message()).isEqualTo("--out " + file + " cannot be written: " + file + " is a file, not a directory");
    }
}
