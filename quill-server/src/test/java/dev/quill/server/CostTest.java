package dev.quill.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Each engine step's time is shared among its requests by tokens, so their costs add up to busy time times price. */
class CostTest {

    @Test
    void costsOfAllRequestsAddUpToEngineBusyTimeTimesThePrice() throws Exception {
        double usdPerHour = 3.6; // $0.001 a second
        try (TestServers.Running server = TestServers.start(Map.of("rate-limit-per-minute", "0", "price-per-hour-usd", "3.6"))) {
            assertThat(server.engine().awaitIdle(10, TimeUnit.SECONDS)).isTrue();
            List<MetricsTest.Sample> before = scrape(server);
            double[] costs = burst(server);
            assertThat(server.engine().awaitIdle(10, TimeUnit.SECONDS)).isTrue();
            List<MetricsTest.Sample> after = scrape(server);
            double busySeconds = delta(before, after, "quill_engine_busy_seconds_total");
            double charged = 0;
            for (double c : costs) charged += c;
            double expected = busySeconds * usdPerHour / 3600;
            assertThat(expected).isPositive();
            assertThat(charged).isCloseTo(expected, within(expected * 0.01));
            assertThat(delta(before, after, "quill_request_cost_usd_total")).isCloseTo(charged, within(expected * 1e-6));
            // concurrent requests share steps: the batch histogram sees batches larger than one. A
            // burst can be served one request at a time when the engine outruns the clients, so
            // up to five bursts are sent until one shares a step.
            boolean shared = false;
            for (int attempt = 0; attempt < 5 && !shared; attempt++) {
                if (attempt > 0) {
                    burst(server);
                    assertThat(server.engine().awaitIdle(10, TimeUnit.SECONDS)).isTrue();
                    after = scrape(server);
                }
                double sequences = delta(before, after, "quill_engine_step_batch_size_sum");
                double steps = delta(before, after, "quill_engine_step_batch_size_count");
                shared = sequences > steps;
            }
            assertThat(shared).as("some step of five bursts of six concurrent requests held more than one").isTrue();
        }
    }

    private static double delta(List<MetricsTest.Sample> before, List<MetricsTest.Sample> after, String name) {
        return MetricsTest.value(after, name) - MetricsTest.value(before, name);
    }

    /** Six requests at once, one client each; their costs. */
    private static double[] burst(TestServers.Running server) throws InterruptedException {
        String[] sentences = {"He goed to school yesterday", "She go to the market every days", "They was happy",
            "I has two cat", "We is going home", "The dogs runs fast"};
        List<Thread> clients = new ArrayList<>();
        double[] costs = new double[sentences.length];
        for (int i = 0; i < sentences.length; i++) {
            int me = i;
            clients.add(Thread.ofVirtual().start(() -> {
                JsonNode u = server.http.postJson("/v1/grammar/correct",
                        "{\"sentence\": \"" + sentences[me] + "\", \"max_tokens\": 12}").json().get("usage");
                costs[me] = u.get("cost_usd").asDouble();
            }));
        }
        for (Thread t : clients) t.join();
        return costs;
    }

    private static List<MetricsTest.Sample> scrape(TestServers.Running server) throws Exception {
        var r = server.http.client.send(java.net.http.HttpRequest.newBuilder(server.http.uri("/metrics")).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return MetricsTest.parse(r.body());
    }
}
