package dev.quill.cli;

import static dev.quill.cli.OptionChecks.require;

import dev.quill.load.Dataset;
import dev.quill.load.Slo;
import dev.quill.load.Sweep;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/** {@code quill sweep}: seed 004's experiment, p50/p95 against concurrency for each scheduling policy (issue 8). */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        description = {
            "Starts a quill server per scheduling policy (in this process, loopback, the whole service), runs",
            "closed-loop load at each concurrency, and writes sweep.json, sweep.md (the table) and charts",
            "latency.png (p50 and p95 against concurrency), throughput.png and ttft.png into --out.",
            "Example: quill sweep --duration 20s --out docs/sweep"
        })
final class SweepCommand implements Callable<Integer> {

    @Option(names = "--model", description = "Model directory (default: as quill serve).")
    Path model;

    @Option(names = "--policies", split = ",", defaultValue = "none,static,continuous", description = "Policies (default: ${DEFAULT-VALUE}).")
    List<String> policies;

    @Option(names = "--concurrency", split = ",", defaultValue = "1,2,4,8,16,32", description = "Concurrencies (default: ${DEFAULT-VALUE}).")
    List<Integer> concurrencies;

    @Option(names = "--duration", defaultValue = "20s", description = "Per point (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--requests", defaultValue = "0", description = "Per point, at most this many requests (0: duration only).")
    long requests;

    @Option(names = "--stream", negatable = true, defaultValue = "true", fallbackValue = "true", description = "Stream the answers (default: true).")
    boolean stream;

    @Option(names = "--max-tokens", description = "Output cap each request asks for (default: the server's).")
    Integer maxTokens;

    @Option(names = "--slo", defaultValue = "ttft=700ms,e2e=5s", description = "Goodput's objective (default: ${DEFAULT-VALUE}).")
    String slo;

    @Option(names = "--warmup", defaultValue = "8", description = "Requests each new server gets before measuring (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--set", description = "A quill serve setting for every server, key=value (repeatable), e.g. --set kv-mb=64 --set threads=2.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--out", defaultValue = "sweep", description = "Directory for the files (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        // all of it before the retriever is trained and a server started (seconds each), not after
        for (int c : concurrencies) require(c >= 1, "--concurrency", c, "at least 1 (each value)");
        Duration d = LoadgenCommand.parseDuration(duration);
        require(d.isPositive(), "--duration", duration, "longer than 0");
        require(requests >= 0, "--requests", requests, "0 (duration only) or more");
        require(warmup >= 0, "--warmup", warmup, "0 or more");
        require(maxTokens == null || maxTokens >= 1, "--max-tokens", maxTokens, "at least 1");
        Set<String> known = serverSettingKeys();
        for (String key : settings.keySet()) {
            if (!known.contains(key)) throw new IllegalArgumentException("--set " + key + ": no such setting (quill serve's: " + String.join(", ", known) + ")");
        }
        OutputFiles.checkWritableDirectory("--out", out, out);
        Path m = model != null ? model : ServeCommand.defaultModel();
        Sweep.Spec spec = new Sweep.Spec(m, policies, concurrencies, d, requests, stream, maxTokens, Slo.parse(slo), Dataset.bundled(), warmup,
                settings);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        Sweep.Result r = Sweep.run(spec, out, err);
        System.out.print(r.markdown());
        System.out.println("wrote " + out.resolve("sweep.json") + ", sweep.md, latency.png, throughput.png, ttft.png");
        return 0;
    }

    /** What --set may name: quill serve's options, less those the sweep sets itself (model, policy) or has no use for. */
    private static Set<String> serverSettingKeys() {
        Set<String> keys = new TreeSet<>();
        for (OptionSpec o : new CommandLine(new ServeCommand()).getCommandSpec().options()) keys.add(o.longestName().replaceFirst("^--", ""));
        keys.removeAll(List.of("help", "version", "config", "model", "policy"));
        return keys;
    }
}
