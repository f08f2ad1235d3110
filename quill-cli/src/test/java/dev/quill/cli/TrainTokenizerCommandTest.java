package dev.quill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `quill train-tokenizer` says what is wrong with --out before it trains. */
class TrainTokenizerCommandTest {

    @Test
    void aRegularFileAsOutIsNotADirectory(@TempDir Path dir) throws Exception {
        Path corpus = Files.writeString(dir.resolve("corpus.txt"), "the cat sat on the mat\n");
        Path out = Files.writeString(dir.resolve("out"), "kept");
        CommandRun run = CommandRun.of("train-tokenizer", "--corpus", corpus.toString(), "--vocab", "270", "--out", out.toString());
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("--out: " + out + " is not a directory");
        assertThat(Files.readString(out)).isEqualTo("kept");
    }

    @Test
    void aNewOutDirectoryIsCreated(@TempDir Path dir) throws Exception {
        Path corpus = Files.writeString(dir.resolve("corpus.txt"), "the cat sat on the mat\n");
        Path out = dir.resolve("a/b");
        CommandRun run = CommandRun.of("train-tokenizer", "--corpus", corpus.toString(), "--vocab", "270", "--out", out.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(out.resolve("tokenizer.json")).isRegularFile();
    }
}
