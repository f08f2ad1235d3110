package dev.quill.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quill.core.kernels.ScalarKernels;
import dev.quill.core.model.LlamaModel;
import dev.quill.core.tensor.DType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JMH JSON results ({@code -rf json}) and prints the figures worth comparing: FMA peak,
 * DRAM bandwidth, matmul GFLOP/s, tokenizer encode MB/s of quill and Hugging Face, and decode
 * tokens/s of quill and Jlama next to the batch-1 bandwidth bound (measured GB/s divided by the
 * weight bytes one decode step streams).
 *
 * <p>{@code java -cp quill-bench/target/benchmarks.jar dev.quill.bench.BenchmarkSummary results/*.json}
 */
public final class BenchmarkSummary {
    private BenchmarkSummary() {}

    /** One benchmark result: short name (Class.method), its params, primary score and secondary metrics. */
    record Row(String name, Map<String, String> params, double score, String unit, Map<String, Double> secondary,
               Map<String, Double> percentiles) {
        String param(String key) {
            return params.getOrDefault(key, "");
        }
    }

    public static void main(String[] args) throws IOException {
        List<Row> rows = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String file : args) {
            for (JsonNode r : json.readTree(Path.of(file).toFile())) rows.add(row(r));
        }
        Map<String, Double> bandwidthGbPerSecByThreads = new HashMap<>();
        for (Row r : rows) {
            switch (r.name()) {
                case "PeakFlopsBenchmark.fmaOneThread" -> System.out.printf("FMA peak, 1 thread:  %7.1f GFLOP/s%n", r.score());
                case "PeakFlopsBenchmark.fmaTwoThreads" -> System.out.printf("FMA peak, 2 threads: %7.1f GFLOP/s%n", r.score());
                case "MemoryBandwidthBenchmark.sum" -> {
                    bandwidthGbPerSecByThreads.put(r.param("threads"), r.score());
                    System.out.printf("DRAM read (1 GiB sum), %s thread(s): %6.1f GB/s%n", r.param("threads"), r.score());
                }
                case "MatmulBenchmark.matmul" -> System.out.printf("matmul %-9s %s rows=%-2s threads=%s: %7.1f GFLOP/s%n",
                        r.param("shape"), r.param("dtype"), r.param("rows"), r.param("threads"),
                        r.secondary().getOrDefault("gflop", Double.NaN));
                case "TokenizerBenchmark.quill", "TokenizerBenchmark.huggingFace" -> System.out.printf(
                        "tokenizer encode %-12s input=%-5s: %7.1f MB/s%n",
                        r.name().equals("TokenizerBenchmark.quill") ? "quill" : "Hugging Face", r.param("input"),
                        r.secondary().getOrDefault("mb", Double.NaN));
                case "RetrievalBenchmark.retrieve" -> System.out.printf(
                        "retrieval %-6s cache=%-4s cards=%s members=%s: p50 %.0f, p95 %.0f, p99 %.0f %s per query%n",
                        r.param("mode"), r.param("cache"), r.param("cards"), r.param("members"), r.percentiles().getOrDefault("50.0", Double.NaN),
                        r.percentiles().getOrDefault("95.0", Double.NaN), r.percentiles().getOrDefault("99.0", Double.NaN), r.unit());
                default -> {}
            }
        }
        for (Row r : rows) {
            String engine = switch (r.name()) {
                case "DecodeBenchmark.generate" -> "quill";
                case "JlamaDecodeBenchmark.generate" -> "Jlama";
                default -> null;
            };
            if (engine == null) continue;
            double decodeOnly = r.secondary().get("decodedTokens") / r.secondary().get("decodeNanos") * 1e9;
            long bytes = decodeWeightBytes(DType.valueOf(r.param("dtype")));
            Double bandwidth = bandwidthGbPerSecByThreads.get(r.param("threads"));
            String bound = bandwidth == null ? "no bandwidth result for " + r.param("threads") + " threads"
                    : String.format("bound %.0f tok/s (%.1f GB/s / %.1f MB), %.0f%% of it",
                            bandwidth * 1e9 / bytes, bandwidth, bytes / 1e6, 100 * decodeOnly / (bandwidth * 1e9 / bytes));
            System.out.printf("decode %-5s %-4s threads=%s: %6.1f tok/s decode-only, %6.1f tok/s with prefill; %s%n",
                    engine, r.param("dtype"), r.param("threads"), decodeOnly, r.score(), bound);
        }
    }

    private static Row row(JsonNode r) {
        String[] parts = r.get("benchmark").asText().split("\\.");
        String name = parts[parts.length - 2] + "." + parts[parts.length - 1];
        Map<String, String> params = new HashMap<>();
        r.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
        Map<String, Double> secondary = new HashMap<>();
        r.path("secondaryMetrics").properties().forEach(e -> secondary.put(e.getKey(), e.getValue().get("score").asDouble()));
        JsonNode primary = r.get("primaryMetric");
        Map<String, Double> percentiles = new HashMap<>();
        primary.path("scorePercentiles").properties().forEach(e -> percentiles.put(e.getKey(), e.getValue().asDouble()));
        return new Row(name, params, primary.get("score").asDouble(), primary.get("scoreUnit").asText(), secondary, percentiles);
    }

    private static long decodeWeightBytes(DType dtype) throws IOException {
        try (LlamaModel model = LlamaModel.load(BenchModels.benchShape(dtype), new ScalarKernels())) {
            return model.weights().decodeWeightBytes();
        }
    }
}
