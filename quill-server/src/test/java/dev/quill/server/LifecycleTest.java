package dev.quill.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quill.core.engine.EngineSnapshot;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hang-ups, deadlines, a full queue and SIGTERM, each on a real server whose engine is slowed so the moment can be caught. */
class LifecycleTest {
    private static final String CORRECT = "/v1/grammar/correct";
    private static TestServers.Running roomy;
    private static TestServers.Running tight;

    @BeforeAll
    static void start() {
        roomy = TestServers.start(Map.of("max-output-tokens", "200", "rate-limit-per-minute", "0"));
        // one request at a time, one more may wait, one second to answer
        tight = TestServers.start(Map.of("policy", "none", "max-waiting", "1", "deadline-ms", "1000", "max-output-tokens", "200",
                "rate-limit-per-minute", "0"));
    }

    @AfterAll
    static void stop() {
        roomy.close();
        tight.close();
    }

    @AfterEach
    void fullSpeed() {
        roomy.slowSteps(0);
        tight.slowSteps(0);
    }

    private static Socket send(TestServers.Running server, String json) throws Exception {
        Socket s = new Socket("127.0.0.1", server.http.port);
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        OutputStream out = s.getOutputStream();
        out.write(("POST " + CORRECT + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return s;
    }

    /** Waits until the engine holds no request and no KV block; returns how long that took, or -1 after {@code limitMillis}. */
    private static long millisUntilIdle(TestServers.Running server, long limitMillis) throws InterruptedException {
        long t0 = System.nanoTime();
        while ((System.nanoTime() - t0) / 1_000_000 < limitMillis) {
            EngineSnapshot s = server.engine().snapshot();
            if (s.running() == 0 && s.waiting() == 0 && s.kvBlocksUsed() == 0) return (System.nanoTime() - t0) / 1_000_000;
            Thread.sleep(5);
        }
        return -1;
    }

    private static void awaitRunning(TestServers.Running server, int running) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.engine().snapshot().running() < running && System.nanoTime() < end) Thread.sleep(5);
        assertThat(server.engine().snapshot().running()).isGreaterThanOrEqualTo(running);
    }

    @Test
    void clientHangingUpMidStreamFreesItsKvBlocksWithinASecond() throws Exception {
        roomy.slowSteps(20); // 200 tokens would take 4 s
        try (Socket s = send(roomy, "{\"sentence\": \"He goed to school yesterday\", \"stream\": true, \"max_tokens\": 200}")) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("event: token")) { /* headers, then the first event */ }
            assertThat(line).isEqualTo("event: token");
            awaitRunning(roomy, 1);
            assertThat(roomy.engine().snapshot().kvBlocksUsed()).isPositive();
        }
        assertThat(millisUntilIdle(roomy, 1000)).as("ms until the KV pool is full again").isBetween(0L, 1000L);
    }

    @Test
    void clientHangingUpBeforeAPlainAnswerCancelsItsRequest() throws Exception {
        roomy.slowSteps(20);
        Socket s = send(roomy, "{\"sentence\": \"She go to school\", \"max_tokens\": 200}");
        awaitRunning(roomy, 1);
        s.close();
        assertThat(millisUntilIdle(roomy, 1000)).isBetween(0L, 1000L);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (roomy.accessLog.stream().noneMatch(l -> l.contains("status=499")) && System.nanoTime() < end) Thread.sleep(5);
        assertThat(roomy.accessLog).anyMatch(l -> l.contains("status=499"));
    }

    @Test
    void passingTheDeadlineIs504AndStopsTheRequest() throws Exception {
        tight.slowSteps(30); // 200 tokens would take 6 s; the deadline is 1 s
        Http.Reply r = tight.http.postJson(CORRECT, "{\"sentence\": \"They was happy\", \"max_tokens\": 200}");
        assertThat(r.status()).isEqualTo(504);
        assertThat(r.json().get("type").asString()).isEqualTo("/problems/deadline-exceeded");
        assertThat(millisUntilIdle(tight, 1000)).isBetween(0L, 1000L);
        List<Http.Event> events = tight.http.stream(CORRECT, "{\"sentence\": \"They was happy\", \"max_tokens\": 200}", e -> {});
        assertThat(events.getLast().name()).isEqualTo("error");
        assertThat(events.getLast().json().get("status").asInt()).isEqualTo(504);
    }

    @Test
    void fullEngineQueueIs503WithRetryAfter() throws Exception {
        tight.slowSteps(20);
        CompletableFuture<Http.Reply> running = CompletableFuture.supplyAsync(
                () -> tight.http.postJson(CORRECT, "{\"sentence\": \"one\", \"max_tokens\": 200}"));
        awaitRunning(tight, 1);
        CompletableFuture<Http.Reply> waiting = CompletableFuture.supplyAsync(
                () -> tight.http.postJson(CORRECT, "{\"sentence\": \"two\", \"max_tokens\": 200}"));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (tight.engine().snapshot().waiting() < 1 && System.nanoTime() < end) Thread.sleep(5);
        Http.Reply refused = tight.http.postJson(CORRECT, "{\"sentence\": \"three\"}");
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.json().get("type").asString()).isEqualTo("/problems/overloaded");
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isPositive();
        tight.slowSteps(0);
        assertThat(running.get(10, TimeUnit.SECONDS).status()).isIn(200, 504);
        assertThat(waiting.get(10, TimeUnit.SECONDS).status()).isIn(200, 504);
    }

    @Test
    void sigtermDrainsInFlightRequestsRefusesNewOnesAndExitsZero() throws Exception {
        // a static batch of 8 waits up to 3 s to fill: a lone request stays in flight that long
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(javaBin.toString(), "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), ServerRunner.class.getName(), "--port=0", "--host=127.0.0.1",
                "--model=" + TestServers.modelDir(), "--threads=1", "--kv-mb=16", "--policy=static", "--max-batch=8",
                "--static-wait-ms=3000", "--max-output-tokens=8", "--drain-timeout-ms=20000",
                "--span-file=" + TestServers.spanDir().resolve("lifecycle.jsonl"))
                .redirectErrorStream(true).start();
        try {
            // one reader for the child's whole output (a second reader races the stream's close at exit)
            List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread reader = Thread.ofVirtual().start(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null) lines.add(line);
                } catch (java.io.IOException ignored) {
                    // the child is gone
                }
            });
            Pattern listening = Pattern.compile("listening on port (\\d+)");
            int port = -1;
            // start-up trains the rule-card encoder and warms the model: seconds on a quiet machine, more on a busy one
            long startEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (port < 0 && System.nanoTime() < startEnd) {
                synchronized (lines) {
                    for (String l : lines) {
                        Matcher m = listening.matcher(l);
                        if (m.find()) port = Integer.parseInt(m.group(1));
                    }
                }
                Thread.sleep(20);
            }
            assertThat(port).as(String.join("\n", lines)).isPositive();
            Http http = new Http(port);
            // a stream's headers come back as soon as its handler runs: then it is surely in flight
            HttpResponse<InputStream> inFlight = http.client.send(HttpRequest.newBuilder(http.uri(CORRECT))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"sentence\": \"He goed home\", \"stream\": true}")).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(inFlight.statusCode()).isEqualTo(200);
            p.destroy(); // SIGTERM
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            Http.Reply ready;
            do {
                ready = http.get("/readyz");
            } while (ready.status() == 200 && System.nanoTime() < end);
            assertThat(ready.status()).isEqualTo(503);
            Http.Reply refused = http.postJson(CORRECT, "{\"sentence\": \"too late\"}");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().get("type").asString()).isEqualTo("/problems/shutting-down");
            String stream;
            try (InputStream in = inFlight.body()) {
                stream = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            List<Http.Event> events = Http.parseEvents(stream);
            assertThat(events.getLast().name()).as(stream).isEqualTo("correction");
            http.validate("/components/schemas/CorrectResponse", events.getLast().data());
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            reader.join(5000);
            assertThat(p.exitValue()).as(String.join("\n", lines)).isZero();
        } finally {
            p.destroyForcibly();
        }
    }
}
