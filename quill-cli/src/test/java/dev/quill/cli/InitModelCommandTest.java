package dev.quill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quill.core.model.LlamaConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** `quill init-model` refuses shapes and options it cannot honour before it writes anything. */
class InitModelCommandTest {

    private static final String[] TINY = {"--hidden", "32", "--intermediate", "64", "--layers", "1", "--heads", "4", "--vocab", "300",
        "--context", "64"};

    @Test
    void writesATinyModelThatLoads(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("m");
        CommandRun run = initModel(out);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(LlamaConfig.load(out.resolve("config.json")).hiddenSize()).isEqualTo(32);
        assertThat(out.resolve("model.safetensors")).isRegularFile();
        assertThat(out.resolve("tokenizer.json")).isRegularFile();
        assertThat(leftovers(dir)).containsExactly("m");
    }

    @Test
    void aShapeTooLargeForTheHeapIsRefusedWithItsSizeAndLeavesNoDirectory(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("m");
        CommandRun run = CommandRun.of("init-model", "--out", out.toString(), "--hidden", "8192", "--heads", "64", "--layers", "64",
                "--vocab", "32000", "--intermediate", "28672");
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("GiB", "--hidden", "-Xmx").doesNotContain("OutOfMemoryError");
        assertThat(leftovers(dir)).isEmpty();
    }

    @Test
    void aTensorLargerThanAnArrayIsRefusedWithoutIntegerOverflow(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("m");
        CommandRun run = CommandRun.of("init-model", "--out", out.toString(), "--hidden", "65536");
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("largest tensor", "--hidden").doesNotContain("integer overflow");
        assertThat(leftovers(dir)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "--heads, 0, --heads must be between 1",
        "--kv-heads, 0, --kv-heads must be between 1",
        "--kv-heads, 3, must be a multiple of --kv-heads",
        "--std, NaN, --std must be a positive finite number",
        "--std, -1, --std must be a positive finite number",
        "--shard-mb, 0, --shard-mb must be a positive",
        "--shard-mb, -1, --shard-mb must be a positive",
        "--context, 2000000000, --context must be between 1 and",
        "--vocab, -5, --vocab must be between 1",
    })
    void badOptionsAreRefusedByNameBeforeAnythingIsWritten(String option, String value, String message, @TempDir Path dir)
            throws Exception {
        Path out = dir.resolve("m");
        CommandRun run = initModel(out, option, value);
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains(message).doesNotContain("/ by zero");
        assertThat(leftovers(dir)).isEmpty();
    }

    @Test
    void aFileInTheWayOfOutIsReportedAndKept(@TempDir Path dir) throws Exception {
        Path out = Files.writeString(dir.resolve("m"), "not a model");
        CommandRun run = initModel(out);
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("is not a directory");
        assertThat(Files.readString(out)).isEqualTo("not a model");
        assertThat(leftovers(dir)).containsExactly("m");
    }

    /** init-model of the tiny shape into {@code out}, with {@code option value} in place of the shape's own. */
    private static CommandRun initModel(Path out, String... optionValue) {
        List<String> args = new ArrayList<>(List.of("init-model", "--out", out.toString()));
        for (int i = 0; i < TINY.length; i += 2) {
            if (optionValue.length == 0 || !TINY[i].equals(optionValue[0])) args.addAll(List.of(TINY[i], TINY[i + 1]));
        }
        args.addAll(List.of(optionValue));
        return CommandRun.of(args.toArray(String[]::new));
    }

    /** What the command left in {@code dir}: the model, and no staging directory. */
    private static List<String> leftovers(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
