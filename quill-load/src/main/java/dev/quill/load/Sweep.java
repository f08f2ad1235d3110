package dev.quill.load;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quill.retrieval.RuleRetriever;
import dev.quill.server.ServerRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Seed 004's experiment as a tool: for each scheduling policy, a fresh quill server (in this
 * process, on a loopback port: the whole service, retrieval included; the retriever is built once
 * and shared), then a closed-loop load run at each concurrency. Writes {@code sweep.json},
 * {@code sweep.md} (the table) and the charts ({@link SweepCharts}).
 *
 * <p>The load generator runs in the same process and on the same cores as the server, as any
 * load test on one machine does; the numbers are the service's as seen through loopback HTTP.
 */
public final class Sweep {
    private Sweep() {}

    /**
     * @param durationPerPoint how long each concurrency runs (null: {@code requestsPerPoint} only)
     * @param warmupRequests requests sent (and not counted) after each server starts
     * @param serverSettings further {@code quill serve} settings for every server
     */
    public record Spec(Path model, List<String> policies, List<Integer> concurrencies, Duration durationPerPoint, long requestsPerPoint,
            boolean stream, Integer maxTokens, Slo slo, Dataset dataset, int warmupRequests, Map<String, String> serverSettings) {

        public Spec {
            policies = List.copyOf(policies);
            concurrencies = List.copyOf(concurrencies);
            serverSettings = Map.copyOf(serverSettings);
            if (policies.isEmpty() || concurrencies.isEmpty()) throw new IllegalArgumentException("a sweep needs policies and concurrencies");
            for (String p : policies) {
                if (!List.of("none", "static", "continuous").contains(p)) throw new IllegalArgumentException("unknown policy " + p + " (none, static, continuous)");
            }
            LocalServer.config(model, policies.getFirst(), serverSettings); // a malformed setting is refused now, not after the retriever's training
        }
    }

    /** Every point of a sweep. */
    public record Result(String model, Map<String, String> serverSettings, List<LoadResult> points) {
        public Result {
            points = List.copyOf(points);
            serverSettings = Map.copyOf(serverSettings);
        }

        public List<LoadResult> policy(String policy) {
            return points.stream().filter(p -> policy.equals(p.run().policy())).toList();
        }

        public List<String> policies() {
            return points.stream().map(p -> p.run().policy()).distinct().toList();
        }

        public void write(Path file) throws IOException {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            LoadResult.json().writeValue(file.toFile(), this);
        }

        /** Reads a sweep {@link #write} wrote; anything else is refused ({@link #of}). */
        public static Result read(Path file) throws IOException {
            return of(LoadResult.json().readTree(file.toFile()));
        }

        /**
         * The sweep in {@code json}: its points are load results ({@link LoadResult#of}).
         * @throws IllegalArgumentException saying in one line what is missing or malformed
         */
        public static Result of(JsonNode json) {
            if (json == null || !json.isObject()) throw new IllegalArgumentException("not a JSON object");
            JsonNode points = json.path("points");
            if (!points.isArray()) throw new IllegalArgumentException("\"points\" is not a list");
            if (points.isEmpty()) throw new IllegalArgumentException("\"points\" is empty");
            List<LoadResult> read = new ArrayList<>();
            for (JsonNode p : points) {
                try {
                    read.add(LoadResult.of(p));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("point " + read.size() + ": " + e.getMessage());
                }
            }
            Map<String, String> settings = new TreeMap<>();
            json.path("serverSettings").properties().forEach(e -> settings.put(e.getKey(), e.getValue().asText()));
            return new Result(json.path("model").asText(null), settings, read);
        }

        /** The markdown table: one row per policy and concurrency. */
        public String markdown() {
            StringBuilder s = new StringBuilder();
            s.append("| policy | concurrency | requests | req/s | output tok/s | e2e p50 ms | e2e p95 ms | e2e p99 ms | TTFT p50 ms | TTFT p95 ms | TPOT p50 ms | goodput req/s | errors |\n");
            s.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
            for (LoadResult r : points) {
                s.append(String.format(Locale.ROOT, "| %s | %d | %d | %.2f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f | %s |%n",
                        r.run().policy(), r.run().concurrency(), r.requests(), r.requestsPerSecond(), r.outputTokensPerSecond(), r.e2e().p50Ms(),
                        r.e2e().p95Ms(), r.e2e().p99Ms(), r.ttft().p50Ms(), r.ttft().p95Ms(), r.tpot().p50Ms(), r.goodputPerSecond(),
                        r.errors().isEmpty() ? "-" : r.errors().toString().replaceAll("[{}]", "")));
            }
            return s.toString();
        }
    }

    /** Runs the sweep and writes its files into {@code outDir}. */
    public static Result run(Spec spec, Path outDir, PrintStream log) throws Exception {
        Files.createDirectories(outDir);
        long t0 = System.nanoTime();
        List<LoadResult> points = new ArrayList<>();
        try (RuleRetriever retriever = ServerRunner.defaultRetriever(Integer.parseInt(spec.serverSettings().getOrDefault("retrieval-top-k", "5")))) {
            log.printf(Locale.ROOT, "sweep: retriever ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            for (String policy : spec.policies()) {
                try (LocalServer server = LocalServer.start(spec.model(), policy, retriever, spec.serverSettings())) {
                    if (spec.warmupRequests() > 0) {
                        LoadGenerator.run(spec(spec, server, 1).withStream(spec.stream()).withSlo(spec.slo()).withUrl(server.url())
                                .withMaxTokens(spec.maxTokens()), null); // JIT and caches, not counted
                    }
                    for (int c : spec.concurrencies()) {
                        log.printf("sweep: policy %s, concurrency %d%n", policy, c);
                        LoadResult r = LoadGenerator.run(pointSpec(spec, server, c), log).withPolicy(policy);
                        points.add(r);
                    }
                }
            }
        }
        Result result = new Result(spec.model().toString(), spec.serverSettings(), points);
        result.write(outDir.resolve("sweep.json"));
        Files.writeString(outDir.resolve("sweep.md"), result.markdown());
        SweepCharts.write(result, outDir);
        return result;
    }

    private static LoadSpec spec(Spec s, LocalServer server, int concurrency) {
        return LoadSpec.closed(server.url(), concurrency, null, s.warmupRequests()).withDataset(s.dataset());
    }

    private static LoadSpec pointSpec(Spec s, LocalServer server, int concurrency) {
        return LoadSpec.closed(server.url(), concurrency, s.durationPerPoint(), s.requestsPerPoint()).withDataset(s.dataset())
                .withStream(s.stream()).withMaxTokens(s.maxTokens()).withSlo(s.slo());
    }
}
