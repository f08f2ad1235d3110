package dev.quill.core.engine;

import static dev.quill.core.engine.EngineLogprobsTest.concat;
import static dev.quill.core.engine.EngineLogprobsTest.run;
import static dev.quill.core.engine.EngineTest.VOCAB;
import static dev.quill.core.engine.EngineTest.alone;
import static dev.quill.core.engine.EngineTest.config;
import static dev.quill.core.engine.EngineTest.prompt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.quill.core.generate.SamplingParams;
import dev.quill.core.kv.KvCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Speculative decoding with a caller's draft ({@link EngineRequest#draft()}): whatever the draft,
 * the output is what greedy decoding alone gives, token for token; a right draft is accepted
 * whole and saves the steps; the draft's own log-probabilities come out while the output follows it.
 */
class EngineSpeculationTest extends OnEngineTestModel {
    /** Four kinds of draft for a request whose greedy output is {@code expected}. */
    static int[] draft(int kind, int[] expected, Random rnd) {
        return switch (kind) {
            case 0 -> expected.clone(); // right all along
            case 1 -> { // right but for a replaced token, a dropped one and an inserted one
                List<Integer> d = new ArrayList<>();
                for (int t : expected) d.add(t);
                if (d.size() > 2) d.set(1, (d.get(1) + 1) % (VOCAB - 1));
                if (d.size() > 5) d.remove(4);
                d.add(Math.min(d.size(), 7), rnd.nextInt(VOCAB - 1));
                yield d.stream().mapToInt(Integer::intValue).toArray();
            }
            case 2 -> prompt(rnd, 1 + rnd.nextInt(30)); // wrong from the start
            default -> { // right for half, then wrong
                int[] d = Arrays.copyOf(expected, expected.length);
                for (int i = expected.length / 2; i < d.length; i++) d[i] = rnd.nextInt(VOCAB - 1);
                yield d;
            }
        };
    }

    @Test
    void anyDraftUnderAnyPolicyGivesTheTokensOfGreedyDecodingAlone() throws Exception {
        Random rnd = new Random(31);
        int[][] prompts = new int[12][];
        for (int i = 0; i < prompts.length; i++) prompts[i] = prompt(rnd, 3 + rnd.nextInt(50));
        int maxTokens = 20;
        List<int[]> expected = new ArrayList<>();
        List<int[]> drafts = new ArrayList<>();
        for (int i = 0; i < prompts.length; i++) {
            expected.add(alone(prompts[i], maxTokens));
            drafts.add(draft(i % 4, expected.get(i), rnd));
        }
        long blockBytes = KvCache.bytesPerBlock(EngineTest.model.config(), 16);
        List<EngineConfig> configs = List.of(
                config(new SchedulingPolicy.None(), 64 * blockBytes, false),
                config(new SchedulingPolicy.Static(4, Duration.ofMillis(5)), 64 * blockBytes, true),
                // a step budget so small that drafts are cut short and some sequences get none
                config(new SchedulingPolicy.Continuous(12, 8), 64 * blockBytes, true),
                config(new SchedulingPolicy.Continuous(64, 8), 64 * blockBytes, false),
                // so few blocks that drafts give way and running sequences are preempted
                config(new SchedulingPolicy.Continuous(64, 8), 12 * blockBytes, true));
        for (EngineConfig cfg : configs) {
            try (Engine engine = new Engine(EngineTest.model, VOCAB, cfg)) {
                List<EngineRequest> requests = new ArrayList<>();
                for (int i = 0; i < prompts.length; i++) requests.add(EngineRequest.greedy(prompts[i], maxTokens).withDraft(drafts.get(i)));
                List<Completion> completions = EngineTest.completeAll(engine, requests, false);
                for (int i = 0; i < prompts.length; i++) {
                    Completion c = completions.get(i);
                    String what = cfg.policy() + " kv=" + cfg.kvBudgetBytes() / blockBytes + " request " + i + " draft kind " + i % 4;
                    assertThat(c.outputTokens()).as(what).containsExactly(expected.get(i));
                    Speculation s = c.speculation();
                    assertThat(s).as(what).isNotNull();
                    assertThat(s.accepted()).as(what).isBetween(0, Math.min(s.proposed(), c.outputTokens().length - 1));
                    // (continuous steps have a token budget, which may cut a draft to nothing in some step)
                    if (i % 4 == 0 && !(cfg.policy() instanceof SchedulingPolicy.Continuous)) {
                        assertThat(s.accepted()).as("a right draft is accepted whole: " + what).isEqualTo(c.outputTokens().length - 1);
                    }
                }
                EngineSnapshot snap = engine.snapshot();
                assertThat(snap.kvBlocksUsed()).as("blocks still referenced").isZero();
                assertThat(snap.draftAcceptedTokens()).isPositive().isLessThanOrEqualTo(snap.draftProposedTokens());
            }
        }
    }

    @Test
    void aRightDraftFinishesTheRequestInTheStepThatPrefillsIt() throws Exception {
        Random rnd = new Random(5);
        int[] prompt = prompt(rnd, 24);
        int[] expected = alone(prompt, 16);
        try (Engine engine = new Engine(EngineTest.model, VOCAB, config(new SchedulingPolicy.None(), 8 << 20, false))) {
            Completion plain = run(engine, EngineRequest.greedy(prompt, 16));
            Completion fast = run(engine, EngineRequest.greedy(prompt, 16).withDraft(expected));
            // a step is recorded after its requests complete: one more request makes sure the last one is
            run(engine, EngineRequest.greedy(prompt, 1));
            assertThat(plain.outputTokens()).containsExactly(expected);
            assertThat(fast.outputTokens()).containsExactly(expected);
            List<StepRecord> steps = engine.recentSteps();
            assertThat(steps.stream().filter(r -> r.requestIds()[0] == plain.requestId())).hasSize(expected.length);
            assertThat(steps.stream().filter(r -> r.requestIds()[0] == fast.requestId())).as("prompt and draft in one step").hasSize(1);
            StepRecord step = steps.stream().filter(r -> r.requestIds()[0] == fast.requestId()).findFirst().orElseThrow();
            assertThat(step.prefillTokens()).isEqualTo(prompt.length);
            assertThat(step.draftTokens()).isEqualTo(expected.length - 1); // room for one token after the draft
            assertThat(fast.timeline().tokenNanos()).hasSize(expected.length);
        }
    }

    @Test
    void theDraftsLogprobsAreItsOwnScoreWhileTheOutputFollowsIt() throws Exception {
        Random rnd = new Random(9);
        try (Engine engine = new Engine(EngineTest.model, VOCAB, config(new SchedulingPolicy.Continuous(256, 8), 8 << 20, true))) {
            for (int kind = 0; kind < 4; kind++) {
                int[] prompt = prompt(rnd, 10 + 7 * kind);
                int[] expected = alone(prompt, 20);
                int[] draft = draft(kind, expected, rnd);
                Completion c = run(engine, EngineRequest.greedy(prompt, 40).withLogprobs().withDraft(draft));
                assertThat(c.outputTokens()).containsExactly(alone(prompt, 40));
                Completion plain = run(engine, EngineRequest.greedy(prompt, 40).withLogprobs());
                for (int i = 0; i < c.outputLogprobs().length; i++) {
                    assertThat(c.outputLogprobs()[i]).as("kind %d token %d", kind, i).isCloseTo(plain.outputLogprobs()[i], within(1e-4f));
                }
                // the first step proposed the whole draft, so all of it was scored
                Speculation s = c.speculation();
                assertThat(s.scoresFrom(0)).as("kind %d", kind).isTrue();
                Completion scored = run(engine, EngineRequest.score(concat(prompt, draft), prompt.length, Long.MAX_VALUE));
                for (int i = 0; i < draft.length; i++) {
                    assertThat(s.draftLogprobs()[i]).as("kind %d draft token %d", kind, i)
                            .isCloseTo(scored.promptLogprobs()[i], within(1e-4f));
                }
                assertThat(s.draftLogprobSum(0)).isCloseTo(scored.promptLogprobSum(), within(1e-3));
            }
            assertThat(engine.awaitIdle(10, TimeUnit.SECONDS)).isTrue();
            assertThat(engine.snapshot().kvBlocksUsed()).isZero();
        }
    }

    @Test
    void aDraftNeedsGreedyDecodingAndAtLeastOneToken() {
        int[] prompt = {1, 2, 3};
        assertThatThrownBy(() -> new EngineRequest(prompt, new SamplingParams(0.8f, 0, 1f, 7L), 4, Long.MAX_VALUE, 0).withDraft(new int[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("greedy");
        assertThatThrownBy(() -> EngineRequest.greedy(prompt, 4).withDraft(new int[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one token");
        assertThatThrownBy(() -> EngineRequest.greedy(prompt, 4).withLogprobs(3).withDraft(new int[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("top log-probabilities");
        assertThatThrownBy(() -> EngineRequest.score(new int[] {1, 2, 3, 4}, 2, Long.MAX_VALUE).withDraft(new int[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prompt log-probabilities");
    }
}
