package dev.quill.core.engine;

import static dev.quill.core.engine.EngineTest.VOCAB;
import static dev.quill.core.engine.EngineTest.config;
import static dev.quill.core.engine.EngineTest.prompt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.quill.core.kv.KvCache;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Log-probabilities out of the engine: of each generated token, and of a given continuation
 * scored as part of the prompt. The two must agree, since they are the same conditional
 * probabilities computed along two paths (decode steps one token at a time, or one prefill).
 */
class EngineLogprobsTest extends OnEngineTestModel {
    static Completion run(Engine engine, EngineRequest request) throws Exception {
        return engine.submit(request, TokenListener.NONE).completion().get(60, TimeUnit.SECONDS);
    }

    static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void scoringAGeneratedContinuationGivesTheLogprobsItWasGeneratedWith() throws Exception {
        Random rnd = new Random(21);
        for (boolean prefix : new boolean[] {false, true}) {
            try (Engine engine = new Engine(EngineTest.model, VOCAB, config(new SchedulingPolicy.Continuous(24, 8), 8 << 20, prefix))) {
                for (int len : new int[] {5, 17, 40}) {
                    int[] prompt = prompt(rnd, len);
                    Completion generated = run(engine, EngineRequest.greedy(prompt, 20).withLogprobs());
                    int[] out = generated.outputTokens();
                    assertThat(generated.outputLogprobs()).hasSize(out.length);
                    for (float lp : generated.outputLogprobs()) assertThat(lp).isLessThanOrEqualTo(0f).isGreaterThan(-50f);

                    // the same tokens, scored as the end of a prompt (chunked over several steps at a budget of 24)
                    Completion scored = run(engine, EngineRequest.score(concat(prompt, out), prompt.length, Long.MAX_VALUE));
                    assertThat(scored.promptLogprobs()).hasSize(out.length);
                    for (int i = 0; i < out.length; i++) {
                        assertThat(scored.promptLogprobs()[i]).as("prefix=%s len=%d token %d", prefix, len, i)
                                .isCloseTo(generated.outputLogprobs()[i], within(1e-4f));
                    }
                    assertThat(scored.promptLogprobSum()).isCloseTo(generated.outputLogprobSum(), within(1e-3));
                    assertThat(scored.outputLogprobs()).isEmpty(); // not asked for
                    if (prefix) {
                        // the prompt was cached by the generation, but the scored rows are recomputed
                        assertThat(scored.prefixHitTokens()).isLessThanOrEqualTo(prompt.length - 1);
                    }
                }
                assertThat(engine.awaitIdle(10, TimeUnit.SECONDS)).isTrue();
                assertThat(engine.snapshot().kvBlocksUsed()).isZero();
            }
        }
    }

    @Test
    void greedyTokensAreTheMostLikelyAndADifferentContinuationScoresLower() throws Exception {
        Random rnd = new Random(22);
        int[] prompt = prompt(rnd, 12);
        try (Engine engine = new Engine(EngineTest.model, VOCAB, config(new SchedulingPolicy.Continuous(512, 8), 8 << 20, true))) {
            Completion generated = run(engine, EngineRequest.greedy(prompt, 1).withLogprobs());
            int greedy = generated.outputTokens()[0];
            int other = (greedy + 1) % (VOCAB - 1);
            Completion a = run(engine, EngineRequest.score(concat(prompt, new int[] {greedy}), prompt.length, Long.MAX_VALUE));
            Completion b = run(engine, EngineRequest.score(concat(prompt, new int[] {other}), prompt.length, Long.MAX_VALUE));
            assertThat(a.promptLogprobs()[0]).isGreaterThan(b.promptLogprobs()[0]);
            assertThat(a.promptLogprobs()[0]).isCloseTo(generated.outputLogprobs()[0], within(1e-4f));
        }
    }

    @Test
    void logprobsSurvivePreemptionAndMixedBatches() throws Exception {
        Random rnd = new Random(23);
        long blockBytes = KvCache.bytesPerBlock(EngineTest.model.config(), 16);
        int[][] prompts = new int[8][];
        for (int i = 0; i < prompts.length; i++) prompts[i] = prompt(rnd, 10 + rnd.nextInt(30));
        List<float[]> alone = new ArrayList<>();
        List<int[]> aloneTokens = new ArrayList<>();
        try (Engine engine = new Engine(EngineTest.model, VOCAB, config(new SchedulingPolicy.None(), 8 << 20, false))) {
            for (int[] p : prompts) {
                Completion c = run(engine, EngineRequest.greedy(p, 24).withLogprobs());
                alone.add(c.outputLogprobs());
                aloneTokens.add(c.outputTokens());
            }
        }
        // so few blocks that sequences are preempted and recomputed; every request is in flight at once
        try (Engine engine = new Engine(EngineTest.model, VOCAB, config(new SchedulingPolicy.Continuous(64, 8), 12 * blockBytes, true))) {
            List<RequestHandle> handles = new ArrayList<>();
            for (int[] p : prompts) handles.add(engine.submit(EngineRequest.greedy(p, 24).withLogprobs(), TokenListener.NONE));
            for (int i = 0; i < prompts.length; i++) {
                Completion c = handles.get(i).completion().get(60, TimeUnit.SECONDS);
                assertThat(c.outputTokens()).containsExactly(aloneTokens.get(i));
                assertThat(c.outputLogprobs()).hasSize(alone.get(i).length);
                for (int t = 0; t < c.outputLogprobs().length; t++) {
                    assertThat(c.outputLogprobs()[t]).as("request %d token %d", i, t).isCloseTo(alone.get(i)[t], within(1e-4f));
                }
            }
            assertThat(engine.snapshot().preemptions()).isPositive();
        }
    }

    @Test
    void requestsWithoutLogprobsCarryNone() throws Exception {
        try (Engine engine = new Engine(EngineTest.model, VOCAB, config(new SchedulingPolicy.Continuous(512, 8), 8 << 20, true))) {
            Completion c = run(engine, EngineRequest.greedy(prompt(new Random(24), 9), 5));
            assertThat(c.outputLogprobs()).isEmpty();
            assertThat(c.promptLogprobs()).isEmpty();
        }
    }

    @Test
    void scoringPositionsOutsideThePromptAreRefused() {
        assertThatThrownBy(() -> EngineRequest.score(new int[] {1, 2, 3}, 3, Long.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1, 3)");
        assertThatThrownBy(() -> EngineRequest.score(new int[] {1, 2, 3}, 0, Long.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void topLogprobsListTheMostLikelyTokensAndGreedyPicksTheFirst() throws Exception {
        try (Engine engine = new Engine(EngineTest.model, VOCAB, config(new SchedulingPolicy.Continuous(512, 8), 8 << 20, true))) {
            Completion c = run(engine, EngineRequest.greedy(prompt(new Random(25), 11), 6).withLogprobs(5));
            assertThat(c.outputTopLogprobs()).hasSize(c.outputTokens().length);
            for (int i = 0; i < c.outputTokens().length; i++) {
                TopLogprobs top = c.outputTopLogprobs().get(i);
                assertThat(top.size()).isEqualTo(5);
                assertThat(top.ids()[0]).isEqualTo(c.outputTokens()[i]);
                assertThat(top.logprobs()[0]).isEqualTo(c.outputLogprobs()[i]);
                for (int j = 1; j < 5; j++) assertThat(top.logprobs()[j]).isLessThanOrEqualTo(top.logprobs()[j - 1]);
                assertThat(java.util.Arrays.stream(top.ids()).distinct().count()).isEqualTo(5);
            }
            // asked for the chosen tokens only: no alternatives
            assertThat(run(engine, EngineRequest.greedy(prompt(new Random(25), 11), 6).withLogprobs()).outputTopLogprobs()).isEmpty();
        }
        assertThatThrownBy(() -> EngineRequest.greedy(new int[] {1}, 1).withLogprobs(21)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void topKAgreesWithSortingAllLogits() {
        Random rnd = new Random(26);
        for (int trial = 0; trial < 50; trial++) {
            int n = 1 + rnd.nextInt(200);
            float[] logits = new float[n + 3];
            for (int i = 0; i < logits.length; i++) logits[i] = rnd.nextInt(40) / 4f; // ties happen
            int k = 1 + rnd.nextInt(25);
            Integer[] ids = new Integer[n];
            for (int i = 0; i < n; i++) ids[i] = i;
            java.util.Arrays.sort(ids, (a, b) -> Float.compare(logits[3 + b], logits[3 + a]) != 0
                    ? Float.compare(logits[3 + b], logits[3 + a]) : Integer.compare(a, b));
            int[] expected = java.util.Arrays.stream(ids).limit(k).mapToInt(Integer::intValue).toArray();
            assertThat(dev.quill.core.generate.Sampler.topK(logits, 3, n, k)).as("trial %d", trial).containsExactly(expected);
        }
    }
}
