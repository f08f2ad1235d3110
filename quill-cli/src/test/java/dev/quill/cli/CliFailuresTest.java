package dev.quill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands given what they cannot use fail as {@code main} fails them: exit code 1 and one line
 * on stderr, "quill COMMAND: what is wrong", naming the option or file, never a stack trace.
 */
class CliFailuresTest {
    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void tinyModel() {
        model = dir.resolve("model");
        assertThat(Quill.commandLine().execute("init-model", "--out", model.toString(), "--hidden", "32", "--layers", "1", "--heads", "2",
                "--intermediate", "64", "--vocab", "300", "--context", "64")).isZero();
    }

    /** Runs a command as {@code main} does and checks that a failure printed one line on stderr. */
    private static CommandRun run(String... args) {
        CommandRun r = CommandRun.of(args);
        if (r.exit() == 0) return r;
        assertThat(r.err()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
        String[] lines = r.err().strip().split("\n");
        return new CommandRun(r.exit(), r.out(), lines[lines.length - 1], r.failure()); // progress lines may come before it
    }

    @Test
    void tooManyThreadsAreRefusedAtOnce() {
        CommandRun f = run("generate", "--model", model.toString(), "--prompt", "hi", "--threads", "100000");
        assertThat(f.exit()).isEqualTo(1);
        assertThat(f.err()).startsWith("quill generate: threads must be 1-1024, got 100000");
    }

    @Test
    void benchEngineChecksPromptsAgainstTheContextBeforeRunning() {
        CommandRun f = run("bench", "engine", "--model", model.toString(), "--max-prompt", "1000", "--requests", "2", "--warmup", "0");
        assertThat(f.exit()).isEqualTo(1);
        assertThat(f.err()).isEqualTo("quill bench engine: --max-prompt 1000 leaves no room in the model's context of 64 tokens");
        // outputs that reach the context end there, as they always did
        assertThat(run("bench", "engine", "--model", model.toString(), "--min-prompt", "40", "--max-prompt", "60", "--max-tokens", "32",
                "--requests", "2", "--warmup", "0", "--warmup-max-seconds", "0").exit()).isZero();
        assertThat(run("bench", "engine", "--model", model.toString(), "--kv-mb", "0").err()).contains("--kv-mb must be at least 1");
    }

    @Test
    void benchEngineFailsWhenItsRequestsFail() {
        // 8 KiB of K/V per token: a 1 MiB cache is 8 blocks of 16 tokens, and a 200-token prompt needs 13
        Path wide = dir.resolve("wide");
        assertThat(Quill.commandLine().execute("init-model", "--out", wide.toString(), "--hidden", "256", "--layers", "4", "--heads", "4",
                "--intermediate", "64", "--vocab", "300", "--context", "256")).isZero();
        CommandRun f = run("bench", "engine", "--model", wide.toString(), "--kv-mb", "1", "--min-prompt", "200", "--max-prompt", "200",
                "--max-tokens", "8", "--requests", "2", "--concurrency", "1", "--warmup", "0", "--warmup-max-seconds", "0");
        assertThat(f.exit()).isEqualTo(1);
        assertThat(f.err()).startsWith("quill bench engine: request 0 failed: ");
    }

    @Test
    void generateWithTheLargestMaxTokensIsCappedByTheContext() {
        CommandRun f = run("generate", "--model", model.toString(), "--prompt", "hi", "--max-tokens", Integer.toString(Integer.MAX_VALUE));
        assertThat(f.exit()).isZero();
    }

    @Test
    void fileSystemErrorsSayWhatIsWrongWithThePath() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        CommandRun f = run("init-model", "--out", file.resolve("model").toString());
        assertThat(f.exit()).isEqualTo(1);
        assertThat(f.err()).isEqualTo("quill init-model: " + file + ": a file, not a directory");
    }

    @Test
    void textThatIsNotUtf8IsNamedSo() throws Exception {
        Path bad = Files.write(dir.resolve("latin1.tsv"), new byte[] {'a', (byte) 0xE9, '\n'});
        CommandRun f = run("eval-compare", bad.toString(), bad.toString());
        assertThat(f.exit()).isEqualTo(1);
        assertThat(f.err()).contains("latin1.tsv").contains("not UTF-8");
    }

    @Test
    void evalCompareRefusesDirectoriesAndEmptyFiles() throws Exception {
        assertThat(run("eval-compare", dir.toString(), dir.toString()).err()).endsWith("a directory, not a file");
        Path header = Files.writeString(dir.resolve("header.tsv"), "section\tsource\toutput\ttarget\n");
        assertThat(run("eval-compare", header.toString(), header.toString()).err()).contains("no sentences");
    }

    @Test
    void anEnsembleCannotHoldItself() throws Exception {
        Path ensemble = Files.createDirectories(dir.resolve("self"));
        Files.writeString(ensemble.resolve("ensemble.json"), "{\"members\": [\".\"]}");
        Files.copy(model.resolve("tokenizer.json"), ensemble.resolve("tokenizer.json"));
        CommandRun f = run("generate", "--model", ensemble.toString(), "--prompt", "hi");
        assertThat(f.exit()).isEqualTo(1);
        assertThat(f.err()).contains("is an ensemble itself");
    }

    @Test
    void evalChecksItsOutputFilesBeforeTheRun() {
        CommandRun f = run("eval", "--model", model.toString(), "--data", dir.toString(), "--out", dir.toString());
        assertThat(f.exit()).isEqualTo(1);
        assertThat(f.err()).startsWith("quill eval: --out must be a file, not a directory, got " + dir);
    }

    @Test
    void aModelDirectoryThatIsNotOneIsNamed() {
        Path nowhere = dir.resolve("no-such-model");
        assertThat(run("correct", "--model", nowhere.toString(), "hi").err())
                .isEqualTo("quill correct: model directory " + nowhere + " does not exist");
        assertThat(run("serve", "--model", dir.toString(), "--port", "0").err()).isEqualTo("quill serve: no config.json (or ensemble.json) in model directory " + dir);
    }

    @Test
    void correctRefusesNoTokens() {
        assertThat(run("correct", "--model", model.toString(), "--max-tokens", "0", "hi").err())
                .isEqualTo("quill correct: --max-tokens must be at least 1, got 0");
    }

    @Test
    void serveRefusesSettingsThatWouldMisleadBeforeLoadingAnything() {
        assertThat(run("serve", "--model", model.toString(), "--api-keys", ",").err()).contains("holds no key");
        assertThat(run("serve", "--model", model.toString(), "--host", "10.9.9.9", "--port", "0").err())
                .contains("not an address of this machine");
        assertThat(run("serve", "--model", model.toString(), "--span-file", dir.toString(), "--port", "0").err()).contains("is a directory");
        assertThat(run("serve", "--model", model.toString(), "--latency-budget-ms", "0").err()).contains("latency-budget-ms must be positive");
    }
}
