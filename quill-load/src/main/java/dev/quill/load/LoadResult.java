package dev.quill.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a load run measured; written as JSON ({@link #write}) and read back by {@code quill plan}.
 *
 * @param run            how the load was made
 * @param elapsedSeconds from the first request due to the last answer
 * @param requests       requests sent
 * @param succeeded      requests answered 200 with a complete answer
 * @param errors         failed requests by HTTP status ("0" for a connection failure or timeout)
 * @param requestsPerSecond answered requests per second
 * @param outputTokensPerSecond generated tokens of answered requests per second
 * @param goodputPerSecond answered requests per second that met the SLO
 * @param sloMet         share of all requests sent that met the SLO
 * @param e2e            end to end, from the intended send time (coordinated omission corrected)
 * @param e2eUncorrected end to end from the actual send (what a naive client reports)
 * @param ttft           time to first token, from the intended send time
 * @param tpot           time per output token after the first, per request
 * @param itl            gaps between consecutive tokens, over all requests
 * @param failureReasons failed requests by what went wrong ("HTTP 503", "IOException: ...", "stream ended without an answer")
 */
public record LoadResult(Run run, double elapsedSeconds, long requests, long succeeded, Map<String, Long> errors,
        double requestsPerSecond, double outputTokensPerSecond, double goodputPerSecond, double sloMet,
        double meanPromptTokens, double meanOutputTokens,
        LatencyHistogram.Summary e2e, LatencyHistogram.Summary e2eUncorrected, LatencyHistogram.Summary ttft,
        LatencyHistogram.Summary tpot, LatencyHistogram.Summary itl, Map<String, Long> failureReasons) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public LoadResult {
        errors = new TreeMap<>(errors);
        failureReasons = failureReasons == null ? Map.of() : new TreeMap<>(failureReasons); // absent in older results
    }

    /** The run's settings as they go into the result. @param policy the server's scheduling policy when known (sweeps), else null */
    public record Run(String url, String mode, int concurrency, double ratePerSecond, boolean stream, Integer maxTokens, String slo,
            String dataset, String policy) {

        static Run of(LoadSpec s, String policy) {
            return new Run(s.url().toString(), s.describe(), s.concurrency(), s.ratePerSecond(), s.stream(), s.maxTokens(), s.slo().toString(),
                    s.dataset().name(), policy);
        }
    }

    public long failed() {
        return requests - succeeded;
    }

    public LoadResult withPolicy(String policy) {
        Run r = new Run(run.url(), run.mode(), run.concurrency(), run.ratePerSecond(), run.stream(), run.maxTokens(), run.slo(), run.dataset(), policy);
        return new LoadResult(r, elapsedSeconds, requests, succeeded, errors, requestsPerSecond, outputTokensPerSecond, goodputPerSecond,
                sloMet, meanPromptTokens, meanOutputTokens, e2e, e2eUncorrected, ttft, tpot, itl, failureReasons);
    }

    public void write(Path file) throws IOException {
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        JSON.writeValue(file.toFile(), this);
    }

    /** Reads a result {@link #write} wrote; anything else is refused ({@link #of}). */
    public static LoadResult read(Path file) throws IOException {
        return of(JSON.readTree(file.toFile()));
    }

    /** The fields without which a result means nothing ({@code failureReasons} is absent in older results). */
    private static final List<String> REQUIRED = List.of("run", "requests", "succeeded", "errors", "requestsPerSecond",
            "outputTokensPerSecond", "e2e", "e2eUncorrected", "ttft", "tpot", "itl");

    /**
     * The result in {@code json}. @throws IllegalArgumentException saying in one line what is
     * missing or malformed, when {@code json} is not a load result
     */
    public static LoadResult of(JsonNode json) {
        if (json == null || json.isMissingNode()) throw new IllegalArgumentException("no JSON in it");
        if (!json.isObject()) throw new IllegalArgumentException("not a JSON object");
        for (String field : REQUIRED) {
            if (!json.hasNonNull(field)) throw new IllegalArgumentException("no \"" + field + "\"");
        }
        try {
            return JSON.treeToValue(json, LoadResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unexpected value at " + where(e));
        }
    }

    /** Where in the JSON a value could not be read, as a path: {@code e2e.distribution[0]}. */
    static String where(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException m) || m.getPath().isEmpty()) return "the top level";
        StringBuilder s = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) s.append(s.isEmpty() ? "" : ".").append('"').append(r.getFieldName()).append('"');
            else s.append('[').append(r.getIndex()).append(']');
        }
        return s.toString();
    }

    static ObjectMapper json() {
        return JSON;
    }

    /** The result as a table for people. */
    public String table() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%s against %s (%s%s), %.1f s%n", run.mode(), run.url(), run.stream() ? "streaming" : "not streaming",
                run.policy() == null ? "" : ", policy " + run.policy(), elapsedSeconds));
        s.append(String.format(Locale.ROOT, "requests %d: %d ok, %d failed%s%n", requests, succeeded, failed(),
                errors.isEmpty() ? "" : " " + errors.toString().replace("{", "(status ").replace("}", ")")));
        failureReasons.forEach((why, n) -> s.append(String.format(Locale.ROOT, "  %d x %s%n", n, why)));
        s.append(String.format(Locale.ROOT, "throughput %.2f req/s, %.1f output tok/s; goodput %.2f req/s (%.1f%% met %s)%n",
                requestsPerSecond, outputTokensPerSecond, goodputPerSecond, 100 * sloMet, run.slo()));
        s.append(String.format(Locale.ROOT, "tokens per request: %.1f prompt, %.1f output%n%n", meanPromptTokens, meanOutputTokens));
        s.append(String.format(Locale.ROOT, "%-22s %9s %9s %9s %9s %9s %9s%n", "ms", "p50", "p90", "p95", "p99", "max", "mean"));
        row(s, "end to end", e2e);
        row(s, "  (uncorrected)", e2eUncorrected);
        row(s, "time to first token", ttft);
        row(s, "time per output token", tpot);
        row(s, "inter-token latency", itl);
        return s.toString();
    }

    private static void row(StringBuilder s, String name, LatencyHistogram.Summary x) {
        if (x.count() == 0) {
            s.append(String.format(Locale.ROOT, "%-22s %9s%n", name, "-"));
            return;
        }
        s.append(String.format(Locale.ROOT, "%-22s %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f%n", name, x.p50Ms(), x.p90Ms(), x.p95Ms(), x.p99Ms(),
                x.maxMs(), x.meanMs()));
    }
}
