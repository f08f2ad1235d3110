package dev.quill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * `quill loadgen` refuses what it cannot run before it runs: a bad option value, a --dataset or
 * --out it cannot use, an address where nothing listens. Every run here points at a loopback
 * port nobody listens on, so a check that is missing shows as the wrong message.
 */
class LoadgenCommandTest {
    @TempDir
    static Path dir;
    private static String deadUrl;

    @BeforeAll
    static void findAPortNobodyListensOn() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadUrl = "http://127.0.0.1:" + s.getLocalPort();
        }
    }

    private static CommandRun loadgen(String... options) {
        String[] args = new String[options.length + 5];
        args[0] = "loadgen";
        args[1] = "--url";
        args[2] = deadUrl;
        args[3] = "--out";
        args[4] = dir.resolve("loadgen.json").toString();
        System.arraycopy(options, 0, args, 5, options.length);
        return CommandRun.of(args);
    }

    @Test
    void noServerListeningFailsAtOnceSayingSo() {
        CommandRun r = loadgen("--concurrency", "2", "--duration", "5s");
        assertThat(r.exit()).isNotZero();
        assertThat(r.message()).startsWith("cannot connect to " + deadUrl + ": ");
        assertThat(r.err()).doesNotContain("loadgen: closed loop"); // the run never started
        assertThat(dir.resolve("loadgen.json")).doesNotExist();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "--concurrency, 0, --concurrency must be at least 1",
        "--concurrency, -1, --concurrency must be at least 1",
        "--rate, 0, --rate must be a positive number",
        "--rate, -1, --rate must be a positive number",
        "--rate, NaN, --rate must be a positive number",
    })
    void aClientCountOrRateOutOfRangeIsRefusedForWhatItIs(String option, String value, String message) {
        CommandRun r = loadgen(option, value, "--requests", "1");
        assertThat(r.exit()).isNotZero();
        assertThat(r.message()).startsWith(message).doesNotContain("not both");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "--arrivals, foo, '--arrivals must be one of poisson, uniform, got foo'",
        "--max-tokens, 0, '--max-tokens must be at least 1, got 0'",
        "--max-tokens, -1, '--max-tokens must be at least 1, got -1'",
        "--requests, -1, '--requests must be 0 (no count bound) or more, got -1'",
        "--duration, 0s, '--duration must be longer than 0, got 0s'",
        "--dataset, /nonexistent/sentences.txt, '--dataset: no such file: /nonexistent/sentences.txt'",
    })
    void aBadValueIsRefusedNamingTheOption(String option, String value, String message) {
        CommandRun r = option.equals("--requests") ? loadgen("--rate", "5", option, value) : loadgen("--rate", "5", "--requests", "1", option, value);
        assertThat(r.exit()).isNotZero();
        assertThat(r.message()).isEqualTo(message);
    }

    @Test
    void aPortOutOfRangeIsRefused() {
        CommandRun r = CommandRun.of("loadgen", "--url", "http://127.0.0.1:99999", "--concurrency", "1", "--requests", "1",
                "--out", dir.resolve("loadgen.json").toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.message()).startsWith("port must be 1-65535, got 99999");
    }

    @Test
    void anOutThatCannotBeWrittenIsRefusedBeforeTheRun() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        CommandRun intoDirectory = CommandRun.of("loadgen", "--url", deadUrl, "--concurrency", "1", "--requests", "1", "--out", dir.toString());
        assertThat(intoDirectory.message()).isEqualTo("--out must be a file, not a directory, got " + dir);
        CommandRun underAFile = CommandRun.of("loadgen", "--url", deadUrl, "--concurrency", "1", "--requests", "1",
                "--out", file.resolve("loadgen.json").toString());
        assertThat(underAFile.message()).isEqualTo("--out " + file.resolve("loadgen.json") + " cannot be written: " + file + " is a file, not a directory");
        assertThat(intoDirectory.exit()).isNotZero();
        assertThat(underAFile.exit()).isNotZero();
    }
}
