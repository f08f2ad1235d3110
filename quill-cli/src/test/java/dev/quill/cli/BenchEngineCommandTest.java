package dev.quill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quill.core.model.LlamaConfig;
import dev.quill.core.model.RandomModelWriter;
import dev.quill.core.tensor.DType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `quill bench engine` on a tiny generated model: the request mix it promises is the one it runs. */
class BenchEngineCommandTest {

    private record Run(int exit, String out, String err) {}

    private static Run bench(Path model, String... extra) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] base = {"bench", "engine", "--model", model.toString(), "--requests", "12", "--warmup", "2", "--warmup-max-seconds", "0",
            "--concurrency", "4", "--min-prompt", "4", "--max-prompt", "12", "--threads", "1", "--kv-mb", "8"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = new CommandLine(new Quill()).execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    private static int outputTokens(String report) {
        Matcher m = Pattern.compile("tokens +\\d+ prompt, (\\d+) output").matcher(report);
        assertThat(m.find()).as(report).isTrue();
        return Integer.parseInt(m.group(1));
    }

    @Test
    void outputLengthsAreFixedByDefaultAndDrawnFromTheRangeWithMinTokens(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model");
        RandomModelWriter.writeDirectory(model, LlamaConfig.llama(32, 64, 1, 2, 2, 300, 96, false), DType.F32, 0.02, 3, 0, null);

        Run fixed = bench(model, "--max-tokens", "6");
        assertThat(fixed.exit()).as(fixed.err()).isZero();
        assertThat(fixed.out()).contains("12 requests", "6 output tokens each");
        assertThat(outputTokens(fixed.out())).isEqualTo(12 * 6);
        // the warm-up ran its two requests and no more (no time to wait for the JIT), and says so
        assertThat(fixed.err()).contains("warm-up 2 requests");

        Run mixed = bench(model, "--min-tokens", "1", "--max-tokens", "6", "--policy", "static");
        assertThat(mixed.exit()).as(mixed.err()).isZero();
        assertThat(mixed.out()).contains("policy static", "1-6 output tokens each");
        int tokens = outputTokens(mixed.out());
        // twelve seeded draws from 1..6: not all the longest, never below the shortest
        assertThat(tokens).isBetween(12, 12 * 6 - 1);
    }

    @Test
    void theComputeLineCountsEveryRowTheMeasuredRequestsComputed(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model");
        RandomModelWriter.writeDirectory(model, LlamaConfig.llama(32, 64, 1, 2, 2, 300, 96, false), DType.F32, 0.02, 3, 0, null);
        for (String policy : new String[] {"none", "static", "continuous"}) {
            Run run = bench(model, "--max-tokens", "5", "--policy", policy);
            assertThat(run.exit()).as(run.err()).isZero();
            Matcher tokens = Pattern.compile("tokens +(\\d+) prompt, (\\d+) output").matcher(run.out());
            Matcher engine = Pattern.compile("(\\d+) preemptions, prefix hits (\\d+) of").matcher(run.out());
            Matcher compute = Pattern.compile("compute +[0-9.]+ GFLOP/s .*; (\\d+) rows, ").matcher(run.out());
            assertThat(tokens.find() && engine.find() && compute.find()).as(run.out()).isTrue();
            assertThat(engine.group(1)).isEqualTo("0");
            // every prompt token not found in the prefix cache, and every output token but each request's last
            long expectedRows = Long.parseLong(tokens.group(1)) - Long.parseLong(engine.group(2))
                    + Long.parseLong(tokens.group(2)) - 12;
            assertThat(Long.parseLong(compute.group(1))).as(policy).isEqualTo(expectedRows);
        }
    }

    @Test
    void anEnsembleCountsTheParametersAndRowsOfEveryMember(@TempDir Path dir) throws Exception {
        LlamaConfig shape = RandomModelWriter.writeDirectory(dir.resolve("m0"), LlamaConfig.llama(32, 64, 1, 2, 2, 300, 96, false),
                DType.F32, 0.02, 3, 0, null);
        RandomModelWriter.write(dir.resolve("m1"), shape, DType.F32, 0.02, 4, 0);
        java.nio.file.Files.copy(dir.resolve("m0/tokenizer.json"), dir.resolve("tokenizer.json"));
        java.nio.file.Files.writeString(dir.resolve("ensemble.json"), "{\"members\": [\"m0\", \"m1\"]}");
        Run one = bench(dir.resolve("m0"), "--max-tokens", "5");
        Run two = bench(dir, "--max-tokens", "5");
        assertThat(two.exit()).as(two.err()).isZero();
        assertThat(two.out()).contains(String.format(java.util.Locale.ROOT, "(%,d parameters)", 2 * shape.parameterCount()));
        assertThat(one.out()).contains(String.format(java.util.Locale.ROOT, "(%,d parameters)", shape.parameterCount()));
    }

    @Test
    void aMinimumAboveTheMaximumIsRefused(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model");
        RandomModelWriter.writeDirectory(model, LlamaConfig.llama(32, 64, 1, 2, 2, 300, 96, false), DType.F32, 0.02, 3, 0, null);
        Run run = bench(model, "--min-tokens", "8", "--max-tokens", "6");
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("--min-tokens");
    }
}
