package dev.quill.cli;

import static dev.quill.cli.OptionChecks.require;

import dev.quill.load.Dataset;
import dev.quill.load.LoadGenerator;
import dev.quill.load.LoadResult;
import dev.quill.load.LoadSpec;
import dev.quill.load.Slo;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code quill loadgen}: load on a running quill server, measured (issue 8). */
@Command(
        name = "loadgen",
        mixinStandardHelpOptions = true,
        description = {
            "Loads a quill server on this machine with POST /v1/grammar/correct and measures it: closed loop",
            "(--concurrency N clients) or open loop (--rate R requests/s, Poisson arrivals; latency counted from each",
            "request's intended send time, so stalls are not hidden). Reports p50/p90/p95/p99/max of end-to-end",
            "latency, time to first token, time per output token and inter-token latency (HdrHistogram),",
            "requests/s, output tokens/s, goodput under --slo, and errors by status; a table and a JSON file.",
            "Example: quill loadgen --url http://127.0.0.1:8080 --concurrency 8 --duration 30s"
        })
final class LoadgenCommand implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "The server (loopback only; default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--concurrency", description = "Closed loop: this many clients.")
    Integer concurrency;

    @Option(names = "--rate", description = "Open loop: mean requests per second.")
    Double rate;

    @Option(names = "--arrivals", defaultValue = "poisson", description = "Open loop: poisson or uniform (default: ${DEFAULT-VALUE}).")
    String arrivals;

    @Option(names = "--duration", description = "Stop sending after this long, e.g. 30s, 2m, 500ms (default: 30s unless --requests is given).")
    String duration;

    @Option(names = "--requests", defaultValue = "0", description = "Stop sending after this many requests (0: no count bound).")
    long requests;

    @Option(names = "--stream", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Stream the answers (Server-Sent Events; needed for TTFT, TPOT and ITL). --no-stream: one JSON answer each.")
    boolean stream;

    @Option(names = "--max-tokens", description = "Output cap each request asks for (default: the server's).")
    Integer maxTokens;

    @Option(names = "--slo", defaultValue = "ttft=700ms,e2e=5s", description = "Goodput's objective per request, e.g. ttft=700ms,e2e=5s,tpot=50ms (default: ${DEFAULT-VALUE}).")
    String slo;

    @Option(names = "--dataset", description = "Sentences, one per line (default: the bundled learner sentences).")
    Path dataset;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the Poisson schedule (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--max-in-flight", defaultValue = "1024", description = "Open loop: most requests outstanding (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(names = "--out", defaultValue = "loadgen.json", description = "The JSON result (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if ((concurrency == null) == (rate == null)) throw new IllegalArgumentException("give --concurrency N (closed loop) or --rate R (open loop)");
        require(concurrency == null || concurrency >= 1, "--concurrency", concurrency, "at least 1");
        require(rate == null || rate > 0 && Double.isFinite(rate), "--rate", rate, "a positive number of requests per second");
        require(ARRIVALS.contains(arrivals.toLowerCase(Locale.ROOT)), "--arrivals", arrivals, "one of " + String.join(", ", ARRIVALS));
        require(requests >= 0, "--requests", requests, "0 (no count bound) or more");
        require(maxTokens == null || maxTokens >= 1, "--max-tokens", maxTokens, "at least 1");
        require(maxInFlight >= 1, "--max-in-flight", maxInFlight, "at least 1");
        Duration d = duration != null ? parseDuration(duration) : requests > 0 ? null : Duration.ofSeconds(30);
        require(d == null || d.isPositive(), "--duration", duration, "longer than 0");
        if (dataset != null && !Files.isRegularFile(dataset)) throw new IllegalArgumentException("--dataset: no such file: " + dataset);
        // written after the run: a directory or an unwritable place there is found now, not after it
        OutputFiles.checkWritable(out, "--out");

        LoadSpec spec = concurrency != null ? LoadSpec.closed(url, concurrency, d, requests) : LoadSpec.open(url, rate, d, requests);
        spec = spec.withStream(stream).withMaxTokens(maxTokens).withSlo(Slo.parse(slo))
                .withDataset(dataset == null ? Dataset.bundled() : Dataset.file(dataset))
                .withArrivals(arrivals.equalsIgnoreCase("poisson"), seed).withMaxInFlight(maxInFlight);
        LoadGenerator.requireReachable(spec);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        err.printf("loadgen: %s against %s%s%n", spec.describe(), url, d == null ? "" : " for " + d.toMillis() / 1000.0 + " s");
        LoadResult r = LoadGenerator.run(spec, err);
        System.out.print(r.table());
        r.write(out);
        System.out.println("wrote " + out);
        return r.succeeded() > 0 ? 0 : 1;
    }

    private static final List<String> ARRIVALS = List.of("poisson", "uniform");

    /** "30s", "2m", "500ms", or a number of seconds. */
    static Duration parseDuration(String s) {
        String v = s.strip().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            if (v.endsWith("s")) return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            if (v.endsWith("m")) return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60_000));
            return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: " + s + " (e.g. 30s, 2m, 500ms)");
        }
    }
}
