package dev.quill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quill.core.model.RandomModelWriter;
import dev.quill.core.tokenizer.BpeTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** `quill train` checks its options and the run directory before it trains or writes anything. */
class TrainCommandTest {

    @ParameterizedTest
    @CsvSource({
        "--steps, 0, --steps must be at least 1",
        "--lr, NaN, --lr must be a positive finite number",
        "--lr, 0, --lr must be a positive finite number",
        "--clip, NaN, --clip must be a positive finite number",
        "--clip, 0, --clip must be a positive finite number",
        "--weight-decay, -1, --weight-decay must be finite and not negative",
        "--batch-tokens, 0, --batch-tokens must be at least 1",
        "--eval-every, 0, --eval-every must be at least 1",
        "--checkpoint-every, 0, --checkpoint-every must be at least 1",
        "--lt-copies, -1, --lt-copies must be at least 0",
        "--limit, -1, --limit must be at least 0",
        "--heads, 0, --heads must be at least 1",
        "--kv-heads, 3, must be a multiple of --kv-heads",
        "--vocab, 100, --vocab must be at least 260",
    })
    void aBadOptionIsRefusedByNameAndNothingIsCreated(String option, String value, String message, @TempDir Path dir) throws Exception {
        Path data = tinyData(dir);
        Path run = dir.resolve("run");
        CommandRun result = train(data, run, option, value);
        assertThat(result.exit()).isNotZero();
        assertThat(result.err()).contains(message).doesNotContain("/ by zero");
        assertThat(run).doesNotExist();
    }

    @Test
    void exportOnlyWithoutResumeIsRefusedFirst(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        CommandRun result = train(dir.resolve("no-data"), run, "--export-only");
        assertThat(result.exit()).isNotZero();
        assertThat(result.err()).contains("--export-only needs --resume");
        assertThat(run).doesNotExist();
    }

    @Test
    void aTokenizerOfAnotherVocabularyIsNotSilentlyReused(@TempDir Path dir) throws Exception {
        Path data = tinyData(dir);
        Path run = Files.createDirectories(dir.resolve("run"));
        BpeTrainer.train(RandomModelWriter.seedCorpus(), 300, RandomModelWriter.SPECIAL_TOKENS).save(run.resolve("tokenizer.json"));
        CommandRun result = train(data, run, "--vocab", "600");
        assertThat(result.exit()).isNotZero();
        assertThat(result.err()).contains(run.resolve("tokenizer.json") + " has ", " ids but --vocab is 600");
        assertThat(run.resolve("checkpoint")).doesNotExist();
    }

    /** train.tsv with two pairs: enough for the command to get past its file checks. */
    private static Path tinyData(Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("train.tsv"), "source\ttarget\ttypes\tlabels\torigin\n"
                + "She go to school.\tShe goes to school.\tSVA\t-\tsynthetic\n"
                + "I have a apple.\tI have an apple.\tDET\t-\tsynthetic\n");
        return data;
    }

    /** A tiny-model train invocation with {@code extra} options, which the defaults below must not repeat. */
    private static CommandRun train(Path data, Path run, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--run", run.toString(), "--threads", "1"));
        String[][] tiny = {{"--steps", "2"}, {"--warmup", "1"}, {"--hidden", "32"}, {"--intermediate", "64"}, {"--layers", "1"}, {"--heads", "2"},
            {"--kv-heads", "2"}, {"--vocab", "300"}, {"--batch-tokens", "64"}};
        for (String[] option : tiny) {
            if (!List.of(extra).contains(option[0])) args.addAll(List.of(option));
        }
        args.addAll(List.of(extra));
        return CommandRun.of(args.toArray(String[]::new));
    }
}
