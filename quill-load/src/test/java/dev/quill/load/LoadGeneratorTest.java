package dev.quill.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.quill.retrieval.RuleRetriever;
import dev.quill.server.ServerRunner;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load generator against a real quill server (tiny random model, real retriever) on a loopback port. */
class LoadGeneratorTest {
    private static RuleRetriever retriever;
    private static LocalServer server;

    @BeforeAll
    static void start() throws Exception {
        retriever = ServerRunner.defaultRetriever(5);
        server = LocalServer.start(TinyModel.dir(), "continuous", retriever, Map.of("threads", "1", "kv-mb", "16", "max-output-tokens", "16"));
    }

    @AfterAll
    static void stop() {
        server.close();
        retriever.close();
    }

    @Test
    void aClosedLoopRunMeasuresEveryRequestAndWritesJsonThatReadsBack(@TempDir Path dir) throws Exception {
        LoadSpec spec = LoadSpec.closed(server.url(), 2, null, 12).withMaxTokens(8);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        LoadResult r = LoadGenerator.run(spec, new PrintStream(progress, true, StandardCharsets.UTF_8));
        assertThat(r.requests()).isEqualTo(12);
        assertThat(r.succeeded()).as("%s", r.errors()).isEqualTo(12);
        assertThat(r.errors()).isEmpty();
        assertThat(r.e2e().count()).isEqualTo(12);
        assertThat(r.ttft().count()).isEqualTo(12);
        assertThat(r.meanOutputTokens()).isBetween(1.0, 8.0);
        assertThat(r.meanPromptTokens()).isGreaterThan(1);
        assertThat(r.requestsPerSecond()).isPositive();
        assertThat(r.outputTokensPerSecond()).isCloseTo(r.requestsPerSecond() * r.meanOutputTokens(), org.assertj.core.data.Percentage.withPercentage(1e-6));
        assertThat(r.ttft().p50Ms()).isLessThanOrEqualTo(r.e2e().p50Ms());
        assertThat(r.table()).contains("closed loop, 2 clients", "time to first token", "requests 12: 12 ok");
        Path file = dir.resolve("run.json");
        r.write(file);
        LoadResult back = LoadResult.read(file);
        assertThat(back).isEqualTo(r);
    }

    @Test
    void anOpenLoopRunSendsExactlyTheScheduleDueWithinItsDuration() throws Exception {
        Duration d = Duration.ofMillis(1500);
        Arrivals schedule = Arrivals.poisson(10, 7);
        int due = 0;
        while (schedule.next() < d.toNanos()) due++;
        LoadResult r = LoadGenerator.run(LoadSpec.open(server.url(), 10, d, 0).withArrivals(true, 7).withMaxTokens(4).withStream(false), null);
        assertThat(r.requests()).isEqualTo(due);
        assertThat(r.succeeded()).isEqualTo(due);
        assertThat(r.run().mode()).isEqualTo("open loop, Poisson 10.00 req/s");
        assertThat(r.itl().count()).isZero(); // not streamed: no token events
    }

    @Test
    void errorsAreCountedByStatus() throws Exception {
        try (LocalServer limited = LocalServer.start(TinyModel.dir(), "continuous", retriever,
                Map.of("threads", "1", "kv-mb", "16", "rate-limit-per-minute", "1", "rate-limit-burst", "2"))) {
            LoadResult r = LoadGenerator.run(LoadSpec.closed(limited.url(), 1, null, 5).withMaxTokens(2), null);
            assertThat(r.succeeded()).isEqualTo(2);
            assertThat(r.errors()).containsExactly(Map.entry("429", 3L));
            assertThat(r.failureReasons()).containsExactly(Map.entry("HTTP 429", 3L));
            assertThat(r.table()).contains("3 x HTTP 429");
            assertThat(r.sloMet()).isLessThanOrEqualTo(0.4);
        }
    }

    @Test
    void onlyLoopbackServersAreLoaded() {
        assertThatThrownBy(() -> new TutorClient(URI.create("http://192.0.2.1:8080"), true, null, Duration.ofSeconds(1)))
                .hasMessageContaining("not a loopback address");
    }

    /**
     * A server that stalls 600 ms on its first request and answers the rest at once, one at a time.
     * Requests due during the stall go out late; counted from when they were due, their latency
     * shows the stall (coordinated omission corrected), counted from when they went out it would not.
     */
    @Test
    void latencyCountsFromTheIntendedSendTimeSoAStallIsNotHidden() throws Exception {
        HttpServer stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger seen = new AtomicInteger();
        byte[] answer = "{\"usage\": {\"prompt_tokens\": 5, \"output_tokens\": 3}}".getBytes(StandardCharsets.UTF_8);
        stub.createContext("/v1/grammar/correct", ex -> {
            ex.getRequestBody().readAllBytes();
            if (seen.getAndIncrement() == 0) {
                try {
                    Thread.sleep(600);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, answer.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(answer);
            }
        });
        stub.setExecutor(Executors.newSingleThreadExecutor());
        stub.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + stub.getAddress().getPort());
            // one request every 20 ms for 1 s, at most one outstanding (the client is held up by the stall too)
            LoadSpec spec = LoadSpec.open(url, 50, Duration.ofSeconds(1), 0).withArrivals(false, 1).withStream(false).withMaxInFlight(1);
            LoadResult r = LoadGenerator.run(spec, null);
            assertThat(r.succeeded()).isEqualTo(50);
            // the first request took at least 600 ms; the ones due at 20, 40, ..., 580 ms waited until it was answered
            assertThat(r.e2e().maxMs()).isGreaterThanOrEqualTo(600);
            assertThat(r.e2e().distribution().stream().filter(p -> p.percentile() == 70).findFirst().orElseThrow().ms())
                    .as("at least 15 of 50 requests were due before 300 ms and answered after 600 ms").isGreaterThanOrEqualTo(300 * 0.999);
            assertThat(r.e2e().p50Ms()).isGreaterThanOrEqualTo(r.e2eUncorrected().p50Ms());
            assertThat(r.e2eUncorrected().maxMs()).isGreaterThanOrEqualTo(600);
        } finally {
            stub.stop(0);
        }
    }

    @Test
    void theBundledDatasetHasAboutTwoHundredDistinctSentences() {
        Dataset d = Dataset.bundled();
        assertThat(d.sentences()).hasSizeGreaterThanOrEqualTo(200).doesNotHaveDuplicates().noneMatch(s -> s.startsWith("#"));
        assertThat(d.sentence(d.sentences().size())).isEqualTo(d.sentence(0));
    }

    @Test
    void aDatasetFileHasOneSentencePerLine(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("s.txt"), "# comment\nHe goed home.\n\n  She go.  \n");
        assertThat(Dataset.file(f).sentences()).containsExactly("He goed home.", "She go.");
    }

    @Test
    void aServerIsReachableAndAPortNobodyListensOnIsNot() throws Exception {
        LoadGenerator.requireReachable(LoadSpec.closed(server.url(), 1, null, 1));
        URI dead;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
        URI url = dead;
        assertThatThrownBy(() -> LoadGenerator.requireReachable(LoadSpec.closed(url, 1, null, 1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot connect to " + url + ": ");
    }
}
