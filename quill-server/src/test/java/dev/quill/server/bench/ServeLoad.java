package dev.quill.server.bench;

import dev.quill.server.QuillServer;
import dev.quill.server.ServerConfig;
import dev.quill.server.ServerRunner;
import dev.quill.server.SettingSources;
import dev.quill.retrieval.RuleRetriever;
import dev.quill.server.observe.Telemetry;
import dev.quill.server.tutor.Tutor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small closed loop through the whole service (HTTP, validation, engine, edits), to see the
 * scheduling policy through the HTTP layer (seed 004): C virtual-thread clients each post a
 * correction, wait for it, post the next, for S seconds after a warm-up. Not the project's load
 * generator (that is quill-bench's issue); a check that the server adds little and batches.
 *
 * <pre>java ... dev.quill.server.bench.ServeLoad MODEL_DIR none|static|continuous CONCURRENCY SECONDS [key=value ...]</pre>
 *
 * Extra settings are the server's ({@code tracing=false metrics=false} measures the overhead of
 * traces and metrics, docs/benchmarks.md).
 */
public final class ServeLoad {
    private static final String[] SENTENCES = {"He goed to school yesterday", "She go to the market every days",
        "They was very happy with there results", "I has two cat and a dogs", "We is going to the cinema tonight"};

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        String policy = args[1];
        int concurrency = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        Map<String, String> settings = new HashMap<>(Map.of("port", "0", "host", "127.0.0.1", "policy", policy,
                "rate-limit-per-minute", "0", "kv-mb", "64", "model", model.toString()));
        for (int i = 4; i < args.length; i++) settings.put(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
        ServerConfig cfg = ServerConfig.from(new SettingSources(settings, Map.of(), new Properties()), () -> model);
        try (RuleRetriever retriever = ServerRunner.defaultRetriever(cfg.retrievalTopK());
                Telemetry telemetry = Telemetry.start(cfg.observability());
                Tutor tutor = Tutor.open(cfg.engine(), ServerRunner.defaultEditFinder(), retriever, telemetry, telemetry.cost());
                QuillServer server = startServer(cfg, tutor, telemetry);
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .executor(Executors.newVirtualThreadPerTaskExecutor()).build()) {
            tutor.warmUp();
            URI uri = URI.create("http://127.0.0.1:" + server.port() + "/v1/grammar/correct");
            run(client, uri, concurrency, 3);
            long[] lat = run(client, uri, concurrency, seconds);
            Arrays.sort(lat);
            System.out.printf(Locale.ROOT, "policy %s, concurrency %d, tracing %s, metrics %s: %.2f requests/s, e2e p50 %.1f ms, p95 %.1f ms, p99 %.1f ms (%d requests, 16 output tokens each)%n",
                    policy, concurrency, cfg.observability().tracing(), cfg.observability().metrics(), lat.length / (double) seconds,
                    lat[lat.length / 2] / 1e6, lat[(int) (lat.length * 0.95)] / 1e6, lat[(int) (lat.length * 0.99)] / 1e6, lat.length);
        }
    }

    private static QuillServer startServer(ServerConfig cfg, Tutor tutor, Telemetry telemetry) {
        telemetry.attach(tutor, cfg.engine().modelDir());
        return QuillServer.start(cfg, tutor, telemetry, line -> {});
    }

    private static long[] run(HttpClient client, URI uri, int concurrency, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long[][] latencies = new long[concurrency][];
        AtomicLong errors = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            int me = c;
            threads.add(Thread.ofVirtual().start(() -> {
                long[] mine = new long[1024];
                int n = 0;
                while (System.nanoTime() < end) {
                    String body = "{\"sentence\": \"" + SENTENCES[(me + n) % SENTENCES.length] + "\", \"max_tokens\": 16}";
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) errors.incrementAndGet();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    if (n == mine.length) mine = Arrays.copyOf(mine, n * 2);
                    mine[n++] = System.nanoTime() - t0;
                }
                latencies[me] = Arrays.copyOf(mine, n);
            }));
        }
        for (Thread t : threads) t.join();
        if (errors.get() > 0) System.out.println("errors: " + errors.get());
        return Arrays.stream(latencies).flatMapToLong(Arrays::stream).toArray();
    }
}
