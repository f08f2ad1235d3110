package dev.quill.server.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * {@code quill traces report}: reads span files ({@link SpanFile}) and prints, over the answered
 * requests (root {@code http.request} with a status below 400):
 *
 * <ul>
 *   <li>each stage's p50/p95/p99 (the span durations; {@code queue} from the root's
 *       {@code quill.queue_ms}; {@code unaccounted}: the rest of each trace, gaps between spans);
 *   <li>the end-to-end p95 computed from whole traces beside the sum of the per-stage p95s, and
 *       their difference: seed 000's percentile-addition fallacy on our own data (the slow
 *       requests of one stage are not the slow requests of another, so the sum overstates);
 *   <li>the latency budget: each stage's allocation and burn rate (p95 / allocation), flagged
 *       above {@link LatencyBudget#BURN_ALERT};
 *   <li>orphan spans: spans whose parent is neither in the files nor a caller's (remote) span;
 *   <li>cost (seed 003): the cost charged to the requests, cost per million tokens at full
 *       utilisation, the engine's utilisation over the traces' window, and the
 *       utilisation-adjusted cost per million tokens (nominal / utilisation).
 * </ul>
 *
 * <p>Percentiles are nearest-rank: the p-th percentile of n sorted values is the
 * {@code ceil(p / 100 * n)}-th smallest (an observed value, never an interpolation).
 */
public final class TraceReport {
    public static final String UNACCOUNTED = "unaccounted";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Percentiles of one distribution, milliseconds. */
    public record Stats(int count, double p50, double p95, double p99) {
        static Stats of(double[] values) {
            double[] v = values.clone();
            Arrays.sort(v);
            return new Stats(v.length, percentile(v, 50), percentile(v, 95), percentile(v, 99));
        }
    }

    /** One stage: its percentiles, its allocation (NaN when it has none) and burn rate (p95 / allocation). */
    public record StageRow(String stage, Stats stats, double budgetMillis, double burnRate) {
        public boolean burning() {
            return burnRate > LatencyBudget.BURN_ALERT;
        }
    }

    /**
     * Cost over the answered requests (seed 003's arithmetic).
     *
     * @param usdPerHour    the instance price
     * @param attributedUsd the costs of the requests, summed (their engine time at the price)
     * @param computeMillis their engine time, summed
     * @param windowMillis  first arrival to last answer: the time the instance was paid for
     */
    public record Cost(double usdPerHour, double attributedUsd, long promptTokens, long outputTokens, double computeMillis,
            double windowMillis) {
        public long tokens() {
            return promptTokens + outputTokens;
        }

        /** Engine busy time over the window (at most 1). */
        public double utilisation() {
            return windowMillis <= 0 ? 0 : Math.min(1, computeMillis / windowMillis);
        }

        /** Cost per million tokens when the engine is never idle: what the requests themselves cost. */
        public double usdPerMillionTokens() {
            return tokens() == 0 ? 0 : attributedUsd / tokens() * 1e6;
        }

        /** What a million tokens really cost with the idle time paid for too: nominal / utilisation. */
        public double usdPerMillionTokensAtUtilisation() {
            return tokens() == 0 ? 0 : usdPerHour * windowMillis / 3_600_000.0 / tokens() * 1e6;
        }
    }

    /**
     * @param spans          spans read
     * @param traces         traces with an {@code http.request} root
     * @param answered       of those, the ones the report is about (status below 400)
     * @param orphans        spans whose parent is missing
     * @param unreadable     lines that were not spans (not JSON, or JSON without a span's ids, name and times)
     * @param rows           stages in budget order, then any others, then {@code unaccounted}
     * @param endToEnd       root span durations of the answered requests
     * @param sumOfStageP95s the per-stage p95s added up (the fallacy)
     */
    public record Result(int spans, int traces, int answered, int orphans, int unreadable, List<StageRow> rows,
            Stats endToEnd, double sumOfStageP95s, Cost cost, LatencyBudget budget) {
        /** Sum of per-stage p95s minus the real end-to-end p95. */
        public double fallacyDeltaMillis() {
            return sumOfStageP95s - endToEnd.p95();
        }

        public StageRow row(String stage) {
            return rows.stream().filter(r -> r.stage().equals(stage)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no stage " + stage));
        }
    }

    private record SpanLine(String traceId, String spanId, String parentId, boolean parentRemote, String name,
            long startNanos, long endNanos, JsonNode attributes) {
        double millis() {
            return (endNanos - startNanos) / 1e6;
        }
    }

    private TraceReport() {}

    /** Nearest rank: the {@code ceil(p / 100 * n)}-th smallest of {@code sorted}; NaN when empty. */
    public static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(1, Math.min(sorted.length, rank)) - 1];
    }

    /** Reads {@code files} and computes the report; {@code price} overrides the price the spans recorded. */
    public static Result analyse(List<Path> files, LatencyBudget budget, OptionalDouble price) throws IOException {
        List<SpanLine> spans = new ArrayList<>();
        int unreadable = 0;
        for (Path f : files) {
            try (BufferedReader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.isBlank()) continue;
                    try {
                        JsonNode n = JSON.readTree(line);
                        if (!isSpan(n)) {
                            unreadable++;
                            continue;
                        }
                        spans.add(new SpanLine(n.path(SpanFile.TRACE_ID).asText(), n.path(SpanFile.SPAN_ID).asText(),
                                n.hasNonNull(SpanFile.PARENT_SPAN_ID) ? n.get(SpanFile.PARENT_SPAN_ID).asText() : null,
                                n.path(SpanFile.PARENT_REMOTE).asBoolean(false), n.path(SpanFile.NAME).asText(),
                                n.path(SpanFile.START).asLong(), n.path(SpanFile.END).asLong(), n.path(SpanFile.ATTRIBUTES)));
                    } catch (IOException | RuntimeException e) {
                        unreadable++;
                    }
                }
            }
        }
        Set<String> ids = new HashSet<>();
        for (SpanLine s : spans) ids.add(s.traceId + "/" + s.spanId);
        int orphans = 0;
        Map<String, SpanLine> roots = new LinkedHashMap<>();
        Map<String, List<SpanLine>> children = new HashMap<>();
        for (SpanLine s : spans) {
            boolean isRoot = s.name.equals("http.request") && (s.parentId == null || s.parentRemote);
            if (isRoot) {
                roots.put(s.traceId + "/" + s.spanId, s);
            } else if (s.parentId != null && !s.parentRemote && !ids.contains(s.traceId + "/" + s.parentId)) {
                orphans++;
            } else if (s.parentId != null) {
                children.computeIfAbsent(s.traceId + "/" + s.parentId, k -> new ArrayList<>()).add(s);
            }
        }

        Map<String, List<Double>> byStage = new LinkedHashMap<>();
        budget.allocationsMillis().keySet().forEach(k -> byStage.put(k, new ArrayList<>()));
        List<Double> e2e = new ArrayList<>();
        List<Double> unaccounted = new ArrayList<>();
        double usdPerHour = 0, attributed = 0, compute = 0;
        long prompt = 0, output = 0, first = Long.MAX_VALUE, last = Long.MIN_VALUE;
        int answered = 0;
        for (Map.Entry<String, SpanLine> e : roots.entrySet()) {
            SpanLine root = e.getValue();
            JsonNode a = root.attributes;
            if (a.path("http.response.status_code").asInt(0) >= 400) continue;
            answered++;
            double total = root.millis();
            e2e.add(total);
            double covered = 0;
            for (SpanLine c : children.getOrDefault(e.getKey(), List.of())) {
                byStage.computeIfAbsent(c.name, k -> new ArrayList<>()).add(c.millis());
                covered += c.millis();
            }
            if (a.has("quill.queue_ms") && a.get("quill.queue_ms").asDouble() >= 0) {
                byStage.computeIfAbsent(LatencyBudget.QUEUE, k -> new ArrayList<>()).add(a.get("quill.queue_ms").asDouble());
                covered += a.get("quill.queue_ms").asDouble();
            }
            unaccounted.add(Math.max(0, total - covered));
            usdPerHour = Math.max(usdPerHour, a.path("quill.price_usd_per_hour").asDouble(0));
            attributed += a.path("quill.cost_usd").asDouble(0);
            compute += a.path("quill.compute_ms").asDouble(0);
            prompt += a.path("gen_ai.usage.input_tokens").asLong(0);
            output += a.path("gen_ai.usage.output_tokens").asLong(0);
            first = Math.min(first, root.startNanos);
            last = Math.max(last, root.endNanos);
        }
        byStage.put(UNACCOUNTED, unaccounted);

        List<StageRow> rows = new ArrayList<>();
        double sum = 0;
        for (Map.Entry<String, List<Double>> e : byStage.entrySet()) {
            Stats st = Stats.of(e.getValue().stream().mapToDouble(Double::doubleValue).toArray());
            double allocation = budget.allocationsMillis().getOrDefault(e.getKey(), Double.NaN);
            rows.add(new StageRow(e.getKey(), st, allocation, st.count() == 0 ? Double.NaN : st.p95() / allocation));
            if (st.count() > 0) sum += st.p95();
        }
        if (price.isPresent()) {
            double p = price.getAsDouble();
            attributed = usdPerHour > 0 ? attributed * p / usdPerHour : compute / 3_600_000.0 * p;
            usdPerHour = p;
        }
        Cost cost = new Cost(usdPerHour, attributed, prompt, output, compute, answered == 0 ? 0 : (last - first) / 1e6);
        return new Result(spans.size(), roots.size(), answered, orphans, unreadable, rows,
                Stats.of(e2e.stream().mapToDouble(Double::doubleValue).toArray()), sum, cost, budget);
    }

    /** A line of a span file: ids, a name and both times; any other JSON (a config, a log line) is not one. */
    private static boolean isSpan(JsonNode n) {
        return n != null && n.isObject() && n.path(SpanFile.TRACE_ID).isTextual() && n.path(SpanFile.SPAN_ID).isTextual()
                && n.path(SpanFile.NAME).isTextual() && n.path(SpanFile.START).isIntegralNumber() && n.path(SpanFile.END).isIntegralNumber();
    }

    /** The report as text. */
    public static String render(Result r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%d spans, %d traces, %d answered (status < 400), %d orphan spans%s%n%n",
                r.spans(), r.traces(), r.answered(), r.orphans(), r.unreadable() == 0 ? "" : ", " + r.unreadable() + " lines that are not spans"));
        b.append(String.format(Locale.ROOT, "%-18s %6s %10s %10s %10s %10s %8s%n", "stage", "count", "p50 ms", "p95 ms", "p99 ms",
                "budget ms", "burn"));
        for (StageRow row : r.rows()) {
            Stats s = row.stats();
            b.append(String.format(Locale.ROOT, "%-18s %6d %10s %10s %10s %10s %8s%s%n", row.stage(), s.count(), ms(s.p50()),
                    ms(s.p95()), ms(s.p99()), Double.isNaN(row.budgetMillis()) ? "-" : ms(row.budgetMillis()),
                    Double.isNaN(row.burnRate()) ? "-" : String.format(Locale.ROOT, "%.2fx", row.burnRate()),
                    row.burning() ? "  over " + LatencyBudget.BURN_ALERT + "x" : ""));
        }
        Stats e = r.endToEnd();
        b.append(String.format(Locale.ROOT, "%-18s %6d %10s %10s %10s %10s%n", "end-to-end", e.count(), ms(e.p50()), ms(e.p95()),
                ms(e.p99()), ms(r.budget().totalMillis())));
        b.append('\n');
        b.append(String.format(Locale.ROOT, "end-to-end p95 from whole traces: %s ms%n", ms(e.p95())));
        b.append(String.format(Locale.ROOT, "sum of the per-stage p95s:        %s ms%n", ms(r.sumOfStageP95s())));
        double pct = e.p95() > 0 ? 100 * r.fallacyDeltaMillis() / e.p95() : Double.NaN;
        b.append(String.format(Locale.ROOT, "difference:                       %s ms (%+.1f%% of the real p95): adding per-stage "
                + "percentiles is not the end-to-end percentile (seed 000)%n", signedMs(r.fallacyDeltaMillis()), pct));
        List<String> burning = r.rows().stream().filter(StageRow::burning)
                .map(row -> String.format(Locale.ROOT, "%s (%.2fx)", row.stage(), row.burnRate())).toList();
        b.append(String.format(Locale.ROOT, "budget: %s ms in all; stages burning over %.1fx: %s%n%n", ms(r.budget().totalMillis()),
                LatencyBudget.BURN_ALERT, burning.isEmpty() ? "none" : String.join(", ", burning)));
        Cost c = r.cost();
        b.append(String.format(Locale.ROOT, "cost at $%.4f/hour: $%.8f charged to %d requests for %,d tokens (%,d prompt, %,d output)%n",
                c.usdPerHour(), c.attributedUsd(), r.answered(), c.tokens(), c.promptTokens(), c.outputTokens()));
        b.append(String.format(Locale.ROOT, "engine time %.1f ms over a window of %.1f ms: utilisation %.1f%%%n", c.computeMillis(),
                c.windowMillis(), 100 * c.utilisation()));
        b.append(String.format(Locale.ROOT, "cost per million tokens: $%.4f at full utilisation, $%.4f at this utilisation "
                + "(seed 003: nominal / utilisation)%n", c.usdPerMillionTokens(), c.usdPerMillionTokensAtUtilisation()));
        return b.toString();
    }

    private static String ms(double v) {
        if (Double.isNaN(v)) return "-";
        return String.format(Locale.ROOT, v >= 100 ? "%.1f" : "%.3f", v);
    }

    private static String signedMs(double v) {
        return (v >= 0 ? "+" : "") + ms(v);
    }
}
