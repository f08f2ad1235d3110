package dev.quill.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quill.server.tutor.Degradation;
import dev.quill.server.tutor.Degradation.Step;
import dev.quill.server.tutor.DegradationPolicy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Graceful degradation (seed 003): the ladder, and a busy server refusing on prediction. */
class DegradationTest {

    @Test
    void stepsAreTakenInOrderAsThePredictedWaitNearsTheBudgetThenRequestsAreRefused() {
        DegradationPolicy p = new DegradationPolicy(List.of(Step.FEWER_CARDS, Step.NO_RETRIEVAL, Step.SHORT_OUTPUT), 1000);
        assertThat(p.decide(0).degradation().labels()).isEmpty();
        assertThat(p.decide(499).degradation().labels()).isEmpty();
        assertThat(p.decide(500).degradation().labels()).containsExactly("fewer_cards");
        assertThat(p.decide(700).degradation().labels()).containsExactly("fewer_cards", "no_retrieval");
        assertThat(p.decide(900).degradation().labels()).containsExactly("fewer_cards", "no_retrieval", "short_output");
        assertThat(p.decide(900).refuse()).isFalse();
        assertThat(p.decide(1001).refuse()).isTrue();
        assertThat(p.counts()).containsEntry(Step.FEWER_CARDS, 4L).containsEntry(Step.SHORT_OUTPUT, 2L);
        assertThat(p.refusals()).isEqualTo(1);
        assertThat(new DegradationPolicy(List.of(Step.SHORT_OUTPUT), 1000).decide(600).degradation().labels()).containsExactly("short_output");
        assertThat(new DegradationPolicy(List.of(), 1000).decide(5000).refuse()).isFalse();
    }

    @Test
    void eachStepDoesLess() {
        Degradation all = new Degradation(Set.of(Step.SHORT_OUTPUT, Step.FEWER_CARDS));
        assertThat(all.maxTokens(64)).isEqualTo(32);
        assertThat(all.maxTokens(5)).isEqualTo(4);
        assertThat(all.ruleCards(3)).isEqualTo(1);
        assertThat(new Degradation(Set.of(Step.NO_RETRIEVAL)).ruleCards(3)).isZero();
        assertThat(Degradation.NONE.maxTokens(64)).isEqualTo(64);
    }

    @Test
    void aBusyServerRefusesWhenThePredictedWaitBreaksTheBudgetAndSaysNothingWasDegradedWhenIdle() throws Exception {
        try (TestServers.Running busy = TestServers.start(Map.of("policy", "none", "latency-budget-ms", "1",
                "rate-limit-per-minute", "0", "max-output-tokens", "100"))) {
            busy.slowSteps(20); // so the service time the prediction learns from is well over the 1 ms budget
            Http.Reply idle = busy.http.postJson("/v1/grammar/correct", "{\"sentence\": \"He goed\", \"max_tokens\": 3}");
            assertThat(idle.status()).isEqualTo(200);
            assertThat(idle.json().at("/usage/degraded")).isEmpty();
            long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (busy.tutor.predictedQueueWaitMillis() > 0 && System.nanoTime() < settle) Thread.sleep(5); // "idle" fully counted out
            CompletableFuture<Http.Reply> running = CompletableFuture.supplyAsync(
                    () -> busy.http.postJson("/v1/grammar/correct", "{\"sentence\": \"one\", \"max_tokens\": 60}"));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            // wait until "one" is in the engine (the engine's snapshot may lag a step behind)
            while (busy.tutor.predictedQueueWaitMillis() == 0 && System.nanoTime() < end) Thread.sleep(5);
            double predicted = busy.tutor.predictedQueueWaitMillis();
            Http.Reply refused = busy.http.postJson("/v1/grammar/correct", "{\"sentence\": \"two\"}");
            // the random model may end "one" early on its end token; then there was nothing to wait for
            org.junit.jupiter.api.Assumptions.assumeTrue(refused.status() == 503 || busy.engine().snapshot().running() == 1);
            assertThat(refused.status()).as("predicted %.1f ms before sending; %s", predicted, busy.accessLog).isEqualTo(503);
            assertThat(refused.json().get("detail").asString()).contains("predicted queue wait", "latency budget of 1 ms");
            assertThat(refused.header("Retry-After")).isNotNull();
            assertThat(busy.server.degradationPolicy().refusals()).isPositive();
            busy.slowSteps(0);
            assertThat(running.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
    }
}
