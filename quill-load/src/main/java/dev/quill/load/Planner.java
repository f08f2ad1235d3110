package dev.quill.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Answers seed 003's capacity questions from a measured run ({@code quill plan}). A replica is
 * modelled as one queue whose service rate is its measured capacity (the most requests/s it
 * answered), so one request's share of it is {@code S = 1 / capacity}; a request's time is its
 * unloaded latency (measured at the lowest load) plus the queue wait the model predicts.
 */
public final class Planner {
    private Planner() {}

    /**
     * What was measured. @param unloadedLatencySeconds mean end to end at the lowest load measured
     * @param capacityPerSecond most requests/s answered @param outputTokensPerSecond at that point
     */
    public record Measured(String source, double unloadedLatencySeconds, double capacityPerSecond, double outputTokensPerSecond,
            double e2eP95Millis, double ttftP95Millis, double tpotP50Millis, double meanPromptTokens, double meanOutputTokens) {

        public double serviceSeconds() {
            return 1 / capacityPerSecond;
        }

        /**
         * From a loadgen or sweep JSON file (a sweep's {@code policy}).
         * @throws IllegalArgumentException when the file is neither, saying why in one line
         */
        public static Measured read(Path file, String policy) throws IOException {
            JsonNode json;
            try {
                json = LoadResult.json().readTree(file.toFile());
            } catch (JsonProcessingException e) {
                throw notAResult(file, "not JSON: line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
            }
            if (json == null || json.isMissingNode()) throw notAResult(file, "the file is empty");
            if (json.has("points")) return of(parsed(file, () -> Sweep.Result.of(json)), policy);
            return of(parsed(file, () -> LoadResult.of(json)));
        }

        private static <T> T parsed(Path file, Supplier<T> reader) {
            try {
                return reader.get();
            } catch (IllegalArgumentException e) {
                throw notAResult(file, e.getMessage());
            }
        }

        private static IllegalArgumentException notAResult(Path file, String why) {
            return new IllegalArgumentException(file + " is not a loadgen or sweep result (" + why + ")");
        }

        /** From one load run: its own numbers. */
        public static Measured of(LoadResult r) {
            if (r.succeeded() == 0) throw noSuccesses("the run", List.of(r));
            return new Measured(r.run().mode() + (r.run().policy() == null ? "" : ", policy " + r.run().policy()), r.e2e().meanMs() / 1000,
                    r.requestsPerSecond(), r.outputTokensPerSecond(), r.e2e().p95Ms(), r.ttft().p95Ms(), r.tpot().p50Ms(), r.meanPromptTokens(),
                    r.meanOutputTokens());
        }

        /** From a sweep's policy: unloaded latency at its lowest concurrency answered, the rest at its highest throughput. */
        public static Measured of(Sweep.Result sweep, String policy) {
            List<LoadResult> pts = sweep.policy(policy);
            if (pts.isEmpty()) throw new IllegalArgumentException("the sweep has no policy " + policy + " (it has " + sweep.policies() + ")");
            List<LoadResult> answered = pts.stream().filter(r -> r.succeeded() > 0).toList();
            if (answered.isEmpty()) throw noSuccesses("policy " + policy + " of the sweep", pts);
            LoadResult low = answered.stream().min(Comparator.comparingInt(r -> r.run().concurrency())).orElseThrow();
            LoadResult best = answered.stream().max(Comparator.comparingDouble(LoadResult::requestsPerSecond)).orElseThrow();
            return new Measured("sweep, policy " + policy + " (capacity at " + best.run().concurrency() + " clients)", low.e2e().meanMs() / 1000,
                    best.requestsPerSecond(), best.outputTokensPerSecond(), best.e2e().p95Ms(), best.ttft().p95Ms(), best.tpot().p50Ms(),
                    best.meanPromptTokens(), best.meanOutputTokens());
        }

        private static IllegalArgumentException noSuccesses(String what, List<LoadResult> runs) {
            Map<String, Long> reasons = new TreeMap<>();
            runs.forEach(r -> r.failureReasons().forEach((why, n) -> reasons.merge(why, n, Long::sum)));
            String failures = reasons.entrySet().stream().map(e -> e.getValue() + " x " + e.getKey()).collect(Collectors.joining(", "));
            return new IllegalArgumentException(what + " has no successful requests (" + runs.stream().mapToLong(LoadResult::requests).sum()
                    + " sent, all failed" + (failures.isEmpty() ? "" : ": " + failures) + "), so there is no capacity to plan from");
        }
    }

    /** The what-ifs. @param kvBytesPerBlock the model's KV bytes per block of {@code blockTokens} */
    public record Inputs(double arrivalsPerSecond, int replicas, int promptTokens, int outputTokens, long kvBudgetBytes, long kvBytesPerBlock,
            int blockTokens, double pricePerHour, double utilisation, double targetUtilisation, double sloTarget, long windowRequests,
            double sloMillis) {}

    public static String report(Measured m, Inputs in) {
        StringBuilder s = new StringBuilder();
        double lambda = in.arrivalsPerSecond();
        double service = m.serviceSeconds();
        line(s, "measured (%s): unloaded latency %.1f ms, capacity %.2f req/s per replica (S = %.2f ms), %.1f output tok/s, "
                + "e2e p95 %.1f ms, TTFT p95 %.1f ms, TPOT p50 %.2f ms, %.1f prompt + %.1f output tokens per request",
                m.source(), 1000 * m.unloadedLatencySeconds(), m.capacityPerSecond(), 1000 * service, m.outputTokensPerSecond(),
                m.e2eP95Millis(), m.ttftP95Millis(), m.tpotP50Millis(), m.meanPromptTokens(), m.meanOutputTokens());
        s.append('\n');
        line(s, "Little's law: at %.2f req/s, %.2f requests are in the system on average (L = lambda x W, W = %.1f ms unloaded)",
                lambda, CapacityPlan.littlesLaw(lambda, m.unloadedLatencySeconds()), 1000 * m.unloadedLatencySeconds());
        double rho1 = CapacityPlan.utilisation(lambda, service, 1);
        double wq1 = CapacityPlan.mm1QueueSeconds(lambda, service);
        line(s, "one replica (M/M/1): utilisation %.1f%%, mean queue wait %s, mean latency %s", 100 * rho1, ms(wq1),
                ms(wq1 + m.unloadedLatencySeconds()));
        double rhoC = CapacityPlan.utilisation(lambda, service, in.replicas());
        double wqC = CapacityPlan.mmcQueueSeconds(lambda, service, in.replicas());
        line(s, "%d replicas (M/M/c): utilisation %.1f%%, chance to wait %.3f, mean queue wait %s, mean latency %s", in.replicas(), 100 * rhoC,
                CapacityPlan.erlangC(in.replicas(), lambda * service), ms(wqC), ms(wqC + m.unloadedLatencySeconds()));
        int n = CapacityPlan.replicas(lambda, m.capacityPerSecond(), in.targetUtilisation());
        line(s, "replicas for %.0f%% utilisation at %.2f req/s: %d (each then at %.1f%%)", 100 * in.targetUtilisation(), lambda, n,
                100 * CapacityPlan.utilisation(lambda, service, n));
        int tokens = in.promptTokens() + in.outputTokens();
        long perSeq = CapacityPlan.bytesPerSequence(tokens, in.blockTokens(), in.kvBytesPerBlock());
        line(s, "KV cache: %d + %d tokens = %d blocks of %d tokens, %s per sequence; a %s budget holds %d concurrent sequences",
                in.promptTokens(), in.outputTokens(), (tokens + in.blockTokens() - 1) / in.blockTokens(), in.blockTokens(), bytes(perSeq),
                bytes(in.kvBudgetBytes()), CapacityPlan.maxSequences(in.kvBudgetBytes(), perSeq));
        double cpm = CapacityPlan.costPerMillionTokens(in.pricePerHour(), m.outputTokensPerSecond());
        line(s, "cost: at $%.2f/hour and %.1f output tok/s, $%.4f per million output tokens at full use; $%.4f at %.0f%% utilisation",
                in.pricePerHour(), m.outputTokensPerSecond(), cpm, CapacityPlan.utilisationAdjustedCost(cpm, in.utilisation()),
                100 * in.utilisation());
        line(s, "error budget: an SLO of %.2f%% over %,d requests allows %,d bad requests", 100 * in.sloTarget(), in.windowRequests(),
                CapacityPlan.errorBudget(in.windowRequests(), in.sloTarget()));
        List<CapacityPlan.Option> options = degradations(m);
        s.append(String.format(Locale.ROOT, "degradation to keep e2e p95 within %.0f ms (predicted p95; quality shares assumed as in seed 003):%n",
                in.sloMillis()));
        for (CapacityPlan.Option o : options) {
            s.append(String.format(Locale.ROOT, "  %-18s %9.1f ms  quality %.2f%s%n", o.name(), o.latencyMillis(), o.quality(),
                    o.latencyMillis() <= in.sloMillis() ? "" : "  (over)"));
        }
        line(s, "choice: %s", CapacityPlan.bestWithin(options, in.sloMillis()).map(CapacityPlan.Option::name)
                .orElse("none fits: add replicas"));
        return s.toString();
    }

    /**
     * Predicted p95 for each degradation, from the measured p95 split into first token and the
     * rest: shorter answers halve the decode part; a smaller model (a quarter of the work per
     * token, as 4x fewer parameters would be) quarters both. Retrieval (a few ms, docs/benchmarks.md)
     * is too small a share to be a lever, so fewer cards is not offered here.
     */
    static List<CapacityPlan.Option> degradations(Measured m) {
        double decode = Math.max(0, m.e2eP95Millis() - m.ttftP95Millis());
        List<CapacityPlan.Option> out = new ArrayList<>();
        out.add(new CapacityPlan.Option("keep full", m.e2eP95Millis(), 1.00));
        out.add(new CapacityPlan.Option("shorter answers", m.ttftP95Millis() + decode / 2, 0.95));
        out.add(new CapacityPlan.Option("smaller model", m.e2eP95Millis() / 4, 0.92));
        return out;
    }

    private static void line(StringBuilder s, String format, Object... args) {
        s.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    private static String ms(double seconds) {
        return Double.isInfinite(seconds) ? "unbounded (utilisation >= 100%)" : String.format(Locale.ROOT, "%.1f ms", 1000 * seconds);
    }

    private static String bytes(long b) {
        return b >= 1 << 20 ? String.format(Locale.ROOT, "%.2f MiB", b / 1048576.0) : String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
    }
}
