package dev.quill.server.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report on a generated span file whose every number is known. */
class TraceReportTest {
    @TempDir
    Path dir;

    /**
     * 20 traces. Trace i (1..20): prefill takes i ms, decode takes (21 - i) * 10 ms, so the slow
     * prefills and the slow decodes are different requests; queue 2 ms; the other six stages
     * 1 ms each; whole trace = queue + stages + 0.5 ms of gaps.
     */
    private Path recorded() throws IOException {
        List<String> lines = new ArrayList<>();
        long t = 1_700_000_000_000_000_000L;
        for (int i = 1; i <= 20; i++) {
            String trace = String.format("%032x", i);
            String root = String.format("%016x", 1000 + i);
            long start = t + i * 1_000_000_000L;
            long at = start;
            int k = 0;
            String[][] stages = {{"validate.body", "1"}, {"security.check", "1"}, {"tokenize.bpe", "1"}, {"queue", "2"},
                {"model.prefill", Integer.toString(i)}, {"model.decode", Integer.toString((21 - i) * 10)},
                {"retrieve.hybrid", "1"}, {"format.json", "1"}, {"cost.emit", "1"}};
            for (String[] s : stages) {
                long d = Long.parseLong(s[1]) * 1_000_000L;
                if (!s[0].equals("queue")) {
                    lines.add(span(trace, String.format("%016x", 5000 + 100 * i + k++), root, false, s[0], at, at + d, ""));
                }
                at += d;
            }
            long end = at + 500_000; // 0.5 ms outside any span
            lines.add(span(trace, root, null, false, "http.request", start, end, String.format(Locale.ROOT,
                    ",\"http.response.status_code\":200,\"quill.queue_ms\":2.0,\"quill.cost_usd\":0.001,\"quill.compute_ms\":100.0,"
                            + "\"quill.price_usd_per_hour\":0.36,\"gen_ai.usage.input_tokens\":40,\"gen_ai.usage.output_tokens\":10")));
        }
        // a refused request (not in the percentiles), a continued trace (remote parent: no orphan), two orphans
        lines.add(span(String.format("%032x", 99), "00000000000000aa", null, false, "http.request", t, t + 1_000_000, ",\"http.response.status_code\":429"));
        lines.add(span(String.format("%032x", 98), "00000000000000bb", "00000000000000cc", true, "http.request", t, t + 1, ",\"http.response.status_code\":500"));
        lines.add(span(String.format("%032x", 97), "00000000000000dd", "00000000000000ee", false, "model.decode", t, t + 1, ""));
        lines.add(span(String.format("%032x", 97), "00000000000000ff", "00000000000000ee", false, "format.json", t, t + 1, ""));
        lines.add("not json");
        Path f = dir.resolve("spans.jsonl");
        Files.write(f, lines);
        return f;
    }

    private static String span(String trace, String id, String parent, boolean remote, String name, long start, long end, String attrs) {
        return "{\"trace_id\":\"" + trace + "\",\"span_id\":\"" + id + "\""
                + (parent == null ? "" : ",\"parent_span_id\":\"" + parent + "\",\"parent_remote\":" + remote)
                + ",\"name\":\"" + name + "\",\"start_unix_nano\":" + start + ",\"end_unix_nano\":" + end
                + ",\"status\":\"UNSET\",\"attributes\":{\"request_id\":\"r\"" + attrs + "}}";
    }

    @Test
    void percentilesAreNearestRank() {
        double[] v = new double[20];
        for (int i = 0; i < 20; i++) v[i] = i + 1;
        assertThat(TraceReport.percentile(v, 50)).isEqualTo(10);
        assertThat(TraceReport.percentile(v, 95)).isEqualTo(19);
        assertThat(TraceReport.percentile(v, 99)).isEqualTo(20);
        assertThat(TraceReport.percentile(new double[] {7}, 99)).isEqualTo(7);
    }

    @Test
    void reportShowsStagePercentilesTheFallacyDeltaBurnRatesOrphansAndCost() throws IOException {
        TraceReport.Result r = TraceReport.analyse(List.of(recorded()), LatencyBudget.defaults(), OptionalDouble.empty());
        assertThat(r.traces()).isEqualTo(22);
        assertThat(r.answered()).isEqualTo(20);
        assertThat(r.orphans()).isEqualTo(2);
        assertThat(r.unreadable()).isEqualTo(1);

        // prefill 1..20 ms: p50 10, p95 19, p99 20; decode 10..200 ms: p50 100, p95 190, p99 200
        TraceReport.Stats prefill = r.row("model.prefill").stats();
        assertThat(prefill).isEqualTo(new TraceReport.Stats(20, 10, 19, 20));
        assertThat(r.row("model.decode").stats()).isEqualTo(new TraceReport.Stats(20, 100, 190, 200));
        assertThat(r.row("queue").stats()).isEqualTo(new TraceReport.Stats(20, 2, 2, 2));
        assertThat(r.row("unaccounted").stats().p95()).isCloseTo(0.5, within(1e-9));

        // whole traces: 8.5 + i + 10 (21 - i) = 218.5 - 9i ms, i = 1..20: 38.5 .. 209.5; p95 = 19th smallest = 200.5
        assertThat(r.endToEnd().p95()).isCloseTo(200.5, within(1e-9));
        // sum of the p95s: 6 stages x 1 + queue 2 + prefill 19 + decode 190 + unaccounted 0.5 = 217.5
        assertThat(r.sumOfStageP95s()).isCloseTo(217.5, within(1e-9));
        assertThat(r.fallacyDeltaMillis()).isCloseTo(17.0, within(1e-9));

        // budget: decode 190 / 660, prefill 19 / 240, validate.body 1 / 5 ... none over 1.5x; a tighter one burns
        assertThat(r.row("model.decode").burnRate()).isCloseTo(190.0 / 660, within(1e-12));
        assertThat(r.rows()).noneMatch(TraceReport.StageRow::burning);
        var tight = LatencyBudget.defaults().with(props("model.decode", "100"));
        TraceReport.Result t = TraceReport.analyse(List.of(recorded()), tight, OptionalDouble.empty());
        assertThat(t.row("model.decode").burnRate()).isCloseTo(1.9, within(1e-12));
        assertThat(t.row("model.decode").burning()).isTrue();

        // cost: 20 x $0.001 for 20 x 50 tokens = $20 per million; 2 s of engine time over a window of
        // first start (t + 1 s) to last end (t + 20 s + 38.5 ms)
        TraceReport.Cost c = r.cost();
        assertThat(c.tokens()).isEqualTo(1000);
        assertThat(c.usdPerMillionTokens()).isCloseTo(20.0, within(1e-9));
        double window = 19_038.5;
        assertThat(c.windowMillis()).isCloseTo(window, within(1e-6));
        assertThat(c.utilisation()).isCloseTo(2000 / window, within(1e-12));
        assertThat(c.usdPerMillionTokensAtUtilisation()).isCloseTo(0.36 * window / 3_600_000 / 1000 * 1e6, within(1e-9));

        String text = TraceReport.render(t);
        assertThat(text).contains("end-to-end p95 from whole traces: 200.5 ms")
                .contains("sum of the per-stage p95s:        217.5 ms")
                .contains("+17.000 ms (+8.5% of the real p95)")
                .contains("model.decode (1.90x)")
                .contains("2 orphan spans");
    }

    private static java.util.Properties props(String k, String v) {
        java.util.Properties p = new java.util.Properties();
        p.setProperty(k, v);
        return p;
    }

    @Test
    void jsonLinesWithoutASpansIdsNameAndTimesAreNotSpans() throws IOException {
        Path f = dir.resolve("mixed.jsonl");
        Files.write(f, List.of(
                span(String.format("%032x", 1), "00000000000000aa", null, false, "http.request", 1_000_000, 2_000_000, ",\"http.response.status_code\":200"),
                "{\"hidden_size\": 64, \"model_type\": \"llama\"}",
                "{\"trace_id\": \"00000000000000000000000000000002\", \"span_id\": \"00000000000000bb\", \"name\": \"model.decode\"}",
                "[1, 2]",
                "42"));
        TraceReport.Result r = TraceReport.analyse(List.of(f), LatencyBudget.defaults(), OptionalDouble.empty());
        assertThat(r.spans()).isEqualTo(1);
        assertThat(r.unreadable()).isEqualTo(4);
        assertThat(r.orphans()).isZero();
        assertThat(TraceReport.render(r)).startsWith("1 spans, 1 traces, 1 answered (status < 400), 0 orphan spans, 4 lines that are not spans");
    }
}
