package dev.quill.server.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The measurement behind the choice of HTTP server (docs/benchmarks.md): the same trivial JSON
 * endpoint (parse a small JSON body with Jackson, answer a small JSON object) on Javalin 7
 * (Jetty 12, virtual threads) and on Helidon SE 4 (its own virtual-thread server), driven by a
 * closed loop of {@code C} virtual-thread clients on one {@link HttpClient} in the same JVM.
 *
 * <pre>java ... dev.quill.server.bench.HttpServerComparison javalin|helidon CONCURRENCY SECONDS</pre>
 */
public final class HttpServerComparison {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] BODY = "{\"sentence\":\"Yesterday I goed to the store\"}".getBytes();

    public static void main(String[] args) throws Exception {
        String server = args[0];
        int concurrency = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        AutoCloseable stop;
        int port;
        switch (server) {
            case "javalin" -> {
                Javalin app = Javalin.create(c -> {
                    c.concurrency.useVirtualThreads = true;
                    c.startup.showJavalinBanner = false;
                    c.routes.post("/echo", ctx -> ctx.contentType("application/json").result(answer(ctx.bodyAsBytes())));
                }).start(0);
                port = app.port();
                stop = app::stop;
            }
            case "helidon" -> {
                WebServer ws = WebServer.builder().port(0).routing(r -> r.post("/echo", (req, res) -> {
                    byte[] in = req.content().as(byte[].class);
                    res.header(HeaderNames.CONTENT_TYPE, "application/json").send(answer(in));
                })).build().start();
                port = ws.port();
                stop = ws::stop;
            }
            default -> throw new IllegalArgumentException("javalin or helidon");
        }
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build()) {
            URI uri = URI.create("http://127.0.0.1:" + port + "/echo");
            run(client, uri, concurrency, 3); // warm-up, not reported
            long[] lat = run(client, uri, concurrency, seconds);
            Arrays.sort(lat);
            System.out.printf(Locale.ROOT, "%s concurrency %d: %.0f requests/s, p50 %.3f ms, p99 %.3f ms (%d requests in %d s)%n",
                    server, concurrency, lat.length / (double) seconds, lat[lat.length / 2] / 1e6,
                    lat[(int) (lat.length * 0.99)] / 1e6, lat.length, seconds);
        } finally {
            stop.close();
        }
    }

    private static byte[] answer(byte[] body) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> in = JSON.readValue(body, Map.class);
        return JSON.writeValueAsBytes(Map.of("corrected", in.get("sentence"), "changed", false));
    }

    /** Each client sends, waits for the answer, sends again, until time is up; returns every latency in ns. */
    private static long[] run(HttpClient client, URI uri, int concurrency, int seconds) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        HttpRequest req = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(BODY)).build();
        AtomicLong errors = new AtomicLong();
        long[][] latencies = new long[concurrency][];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            int client_ = c;
            threads.add(Thread.ofVirtual().start(() -> {
                long[] mine = new long[1 << 14];
                int n = 0;
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try {
                        if (client.send(req, HttpResponse.BodyHandlers.ofByteArray()).statusCode() != 200) errors.incrementAndGet();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    if (n == mine.length) mine = Arrays.copyOf(mine, n * 2);
                    mine[n++] = System.nanoTime() - t0;
                }
                latencies[client_] = Arrays.copyOf(mine, n);
            }));
        }
        for (Thread t : threads) t.join();
        if (errors.get() > 0) System.out.println("errors: " + errors.get());
        return Arrays.stream(latencies).flatMapToLong(Arrays::stream).toArray();
    }
}
