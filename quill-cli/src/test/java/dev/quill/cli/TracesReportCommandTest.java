package dev.quill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** `quill traces report` fails on a file with no spans in it, and refuses budgets and prices that make no sense. */
class TracesReportCommandTest {
    @TempDir
    static Path dir;
    private static Path spans;

    /** One answered request: its root span and a decode span under it, as quill serve writes them. */
    @BeforeAll
    static void writeSpans() throws Exception {
        long t = 1_700_000_000_000_000_000L;
        String trace = "0".repeat(31) + "1";
        spans = Files.writeString(dir.resolve("spans.jsonl"), String.join("\n",
                "{\"trace_id\":\"" + trace + "\",\"span_id\":\"00000000000000a1\",\"name\":\"http.request\",\"start_unix_nano\":" + t
                        + ",\"end_unix_nano\":" + (t + 300_000_000) + ",\"status\":\"UNSET\",\"attributes\":{\"http.response.status_code\":200,"
                        + "\"quill.queue_ms\":2.0,\"quill.compute_ms\":250.0,\"quill.price_usd_per_hour\":0.36,\"quill.cost_usd\":0.000025}}",
                "{\"trace_id\":\"" + trace + "\",\"span_id\":\"00000000000000a2\",\"parent_span_id\":\"00000000000000a1\",\"parent_remote\":false,"
                        + "\"name\":\"model.decode\",\"start_unix_nano\":" + (t + 10_000_000) + ",\"end_unix_nano\":" + (t + 260_000_000)
                        + ",\"status\":\"UNSET\",\"attributes\":{}}",
                ""));
    }

    private static CommandRun report(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "traces";
        all[1] = "report";
        System.arraycopy(args, 0, all, 2, args.length);
        return CommandRun.of(all);
    }

    @Test
    void aSpanFileIsReported() {
        CommandRun r = report("--file", spans.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("2 spans, 1 traces, 1 answered").contains("model.decode");
    }

    @Test
    void aFileWithNoSpansFailsSayingHowManyLinesWereNotSpans() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "");
        Path garbage = Files.writeString(dir.resolve("garbage.jsonl"), "not json\n{\"half\":\n\n[1, 2]\n");
        Path config = Files.writeString(dir.resolve("config.json"), "{\"hidden_size\": 64, \"num_hidden_layers\": 2, \"model_type\": \"llama\"}\n");

        CommandRun e = report("--file", empty.toString());
        assertThat(e.exit()).isNotZero();
        assertThat(e.message()).isEqualTo("no spans in " + empty + " (nothing but blank lines)");
        CommandRun g = report("--file", garbage.toString());
        assertThat(g.exit()).isNotZero();
        assertThat(g.message()).isEqualTo("no spans in " + garbage + " (none of its 3 lines is a span)");
        CommandRun c = report("--file", config.toString());
        assertThat(c.exit()).isNotZero();
        assertThat(c.message()).isEqualTo("no spans in " + config + " (its one line is not a span)");
        assertThat(e.out() + g.out() + c.out()).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "--budget-total-ms, -100, '--budget-total-ms must be a positive number of milliseconds, got -100.0'",
        "--budget-total-ms, 0, '--budget-total-ms must be a positive number of milliseconds, got 0.0'",
        "--budget-total-ms, NaN, '--budget-total-ms must be a positive number of milliseconds, got NaN'",
        "--price-per-hour-usd, -1, '--price-per-hour-usd must be a number of dollars, 0 or more, got -1.0'",
        "--price-per-hour-usd, NaN, '--price-per-hour-usd must be a number of dollars, 0 or more, got NaN'",
    })
    void aBudgetOrPriceOutOfRangeIsRefused(String option, String value, String message) {
        CommandRun r = report("--file", spans.toString(), option, value);
        assertThat(r.exit()).isNotZero();
        assertThat(r.message()).isEqualTo(message);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aBudgetFileNamingAnUnknownStageIsRefusedListingTheStages() throws Exception {
        Path budget = Files.writeString(dir.resolve("budget.properties"), "model.decode=500\nmodel.decdoe=400\n");
        CommandRun r = report("--file", spans.toString(), "--budget", budget.toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.message()).startsWith("budget for model.decdoe in " + budget + ": no such stage (the stages: validate.body, ")
                .contains("model.decode", "queue");
        assertThat(r.out()).isEmpty();
    }
}
