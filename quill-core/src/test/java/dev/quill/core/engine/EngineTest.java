package dev.quill.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quill.core.generate.Generator;
import dev.quill.core.generate.SamplingParams;
import dev.quill.core.kernels.VectorKernels;
import dev.quill.core.kernels.WorkerPool;
import dev.quill.core.kv.KvCache;
import dev.quill.core.model.LlamaConfig;
import dev.quill.core.model.LlamaModel;
import dev.quill.core.model.RandomModelWriter;
import dev.quill.core.tensor.DType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EngineTest {
    static final int VOCAB = 300;
    static final int STOP = 299;
    static WorkerPool pool;
    static LlamaModel model;
    static Path dir;

    @BeforeAll
    static void writeModel() throws IOException {
        dir = Files.createTempDirectory("quill-engine-test");
        LlamaConfig c = new LlamaConfig("llama", 64, 96, 2, 4, 2, 16, 1e-5f, 10000f, VOCAB, 256, false, false, -1, STOP);
        RandomModelWriter.write(dir, c, DType.F32, 0.3, 11, 0);
        pool = new WorkerPool(2);
        model = LlamaModel.load(dir, new VectorKernels(pool));
    }

    @AfterAll
    static void close() throws IOException {
        model.close();
        pool.close();
        try (var files = Files.walk(dir)) {
            files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static int[] prompt(Random rnd, int n) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) t[i] = rnd.nextInt(VOCAB - 1);
        return t;
    }

    /** What one sequence alone produces, through the single-sequence generator. */
    static int[] alone(int[] prompt, int maxTokens) {
        KvCache kv = new KvCache(model.config(), 32, 16);
        return new Generator(model, kv).generate(prompt, SamplingParams.greedy(), maxTokens, VOCAB, STOP, t -> {}).tokens();
    }

    static EngineConfig config(SchedulingPolicy policy, long kvBytes, boolean prefix) {
        return new EngineConfig(policy, kvBytes, 16, prefix, 256, 1 << 20, STOP);
    }

    /** Submits the prompts with staggered arrivals (some while others decode) and returns every output. */
    static List<int[]> runAll(Engine engine, int[][] prompts, int maxTokens) throws Exception {
        return runAll(engine, prompts, maxTokens, false);
    }

    /**
     * @param allAtOnce hold the engine thread (with a one-token request whose listener waits)
     *                  until every prompt is queued, so they all compete for the cache from the start
     */
    static List<int[]> runAll(Engine engine, int[][] prompts, int maxTokens, boolean allAtOnce) throws Exception {
        List<EngineRequest> requests = new ArrayList<>();
        for (int[] p : prompts) requests.add(EngineRequest.greedy(p, maxTokens));
        List<int[]> outputs = new ArrayList<>();
        for (Completion c : completeAll(engine, requests, allAtOnce)) outputs.add(c.outputTokens());
        return outputs;
    }

    /** As {@link #runAll(Engine, int[][], int, boolean)}, for any requests, returning their completions. */
    static List<Completion> completeAll(Engine engine, List<EngineRequest> requests, boolean allAtOnce) throws Exception {
        CountDownLatch queued = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        RequestHandle gate = null;
        if (allAtOnce) {
            gate = engine.submit(EngineRequest.greedy(new int[] {1}, 1), (t, i) -> {
                holding.countDown();
                await(queued);
            });
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        }
        List<RequestHandle> handles = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            handles.add(engine.submit(requests.get(i), TokenListener.NONE));
            if (!allAtOnce && i % 3 == 2) Thread.sleep(3); // let the running ones decode a little before the next arrive
        }
        queued.countDown();
        if (gate != null) gate.completion().get(10, TimeUnit.SECONDS);
        List<Completion> completions = new ArrayList<>();
        for (RequestHandle h : handles) {
            Completion c = h.completion().get(60, TimeUnit.SECONDS);
            assertThat(c.finishReason()).isIn(FinishReason.STOP, FinishReason.LENGTH);
            completions.add(c);
        }
        assertThat(engine.awaitIdle(10, TimeUnit.SECONDS)).isTrue();
        return completions;
    }

    @Test
    void everyPolicyGivesTheTokensEachRequestGetsAlone() throws Exception {
        Random rnd = new Random(4);
        int[][] prompts = new int[10][];
        for (int i = 0; i < prompts.length; i++) prompts[i] = prompt(rnd, 3 + rnd.nextInt(60));
        prompts[0] = prompt(rnd, 50);
        // a shared 40-token prefix on some, so prefix caching has something to share
        for (int i = 0; i < prompts.length; i += 2) System.arraycopy(prompts[0], 0, prompts[i], 0, Math.min(prompts[i].length, 40));
        int maxTokens = 24;
        List<int[]> expected = new ArrayList<>();
        for (int[] p : prompts) expected.add(alone(p, maxTokens));

        long blockBytes = KvCache.bytesPerBlock(model.config(), 16);
        List<EngineConfig> configs = List.of(
                config(new SchedulingPolicy.None(), 64 * blockBytes, false),
                config(new SchedulingPolicy.Static(4, Duration.ofMillis(5)), 64 * blockBytes, true),
                config(new SchedulingPolicy.Continuous(32, 8), 64 * blockBytes, false),
                config(new SchedulingPolicy.Continuous(32, 8), 64 * blockBytes, true),
                // so few blocks that running sequences must be preempted and recomputed
                config(new SchedulingPolicy.Continuous(64, 8), 12 * blockBytes, true));
        for (EngineConfig cfg : configs) {
            try (Engine engine = new Engine(model, VOCAB, cfg)) {
                boolean smallCache = cfg.kvBudgetBytes() == 12 * blockBytes;
                // the small cache gets every prompt at once, so preemption cannot depend on timing
                List<int[]> got = runAll(engine, prompts, maxTokens, smallCache);
                for (int i = 0; i < prompts.length; i++) {
                    assertThat(got.get(i)).as("%s prefix=%s request %d", cfg.policy(), cfg.prefixCaching(), i)
                            .containsExactly(expected.get(i));
                }
                EngineSnapshot s = engine.snapshot();
                assertThat(s.kvBlocksUsed()).as("blocks still referenced").isZero();
                if (smallCache) {
                    assertThat(s.preemptions()).as("the small cache forces preemption").isPositive();
                }
            }
        }
    }

    @Test
    void continuousBatchingPutsSeveralSequencesInOneStep() throws Exception {
        Random rnd = new Random(8);
        int[][] prompts = new int[6][];
        for (int i = 0; i < prompts.length; i++) prompts[i] = prompt(rnd, 10);
        try (Engine none = new Engine(model, VOCAB, config(new SchedulingPolicy.None(), 8 << 20, false));
                Engine cont = new Engine(model, VOCAB, config(new SchedulingPolicy.Continuous(256, 16), 8 << 20, false))) {
            runAll(none, prompts, 16);
            // all queued before the first step: the engine can outrun a submitter that sends one at a time
            runAll(cont, prompts, 16, true);
            assertThat(none.recentSteps()).allMatch(s -> s.sequences() == 1);
            assertThat(cont.recentSteps()).anyMatch(s -> s.sequences() > 1);
            assertThat(cont.recentSteps().size()).isLessThan(none.recentSteps().size());
        }
    }

    @Test
    void sharedPrefixIsComputedOnce() throws Exception {
        Random rnd = new Random(9);
        int[] prefix = prompt(rnd, 64);
        int[] a = concat(prefix, prompt(rnd, 5));
        int[] b = concat(prefix, prompt(rnd, 7));
        try (Engine engine = new Engine(model, VOCAB, config(new SchedulingPolicy.Continuous(512, 8), 8 << 20, true))) {
            Completion first = engine.submit(EngineRequest.greedy(a, 4), TokenListener.NONE).completion().get(30, TimeUnit.SECONDS);
            Completion second = engine.submit(EngineRequest.greedy(b, 4), TokenListener.NONE).completion().get(30, TimeUnit.SECONDS);
            assertThat(first.prefixHitTokens()).isZero();
            assertThat(second.prefixHitTokens()).isEqualTo(64);
            List<StepRecord> steps = engine.recentSteps();
            assertThat(steps.get(0).prefillTokens()).isEqualTo(a.length);
            StepRecord secondPrefill = steps.stream().filter(s -> s.requestIds()[0] == second.requestId()).findFirst().orElseThrow();
            assertThat(secondPrefill.prefillTokens()).isEqualTo(b.length - 64);
            assertThat(engine.snapshot().prefixHitTokens()).isEqualTo(64);
            assertThat(second.outputTokens()).containsExactly(alone(b, 4));
        }
    }

    @Test
    void fullQueueRefusesWithATypedReason() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch firstToken = new CountDownLatch(1);
        EngineConfig cfg = new EngineConfig(new SchedulingPolicy.None(), 8 << 20, 16, false, 2, 100, STOP);
        try (Engine engine = new Engine(model, VOCAB, cfg)) {
            // the first request's listener holds the engine thread, so nothing else starts
            RequestHandle running = engine.submit(EngineRequest.greedy(new int[] {1, 2, 3}, 5), (t, i) -> {
                firstToken.countDown();
                await(release);
            });
            assertThat(firstToken.await(10, TimeUnit.SECONDS)).isTrue();
            engine.submit(EngineRequest.greedy(new int[] {4, 5}, 5), TokenListener.NONE);
            engine.submit(EngineRequest.greedy(new int[] {6, 7}, 5), TokenListener.NONE);
            assertThatThrownBy(() -> engine.submit(EngineRequest.greedy(new int[] {8}, 5), TokenListener.NONE))
                    .isInstanceOfSatisfying(EngineRejectedException.class, e -> {
                        assertThat(e.reason()).isEqualTo(EngineRejectedException.Reason.QUEUE_FULL);
                        assertThat(e.retryAfterSeconds()).isPositive();
                    });
            assertThatThrownBy(() -> engine.submit(EngineRequest.greedy(new int[101], 5), TokenListener.NONE))
                    .isInstanceOfSatisfying(EngineRejectedException.class,
                            e -> assertThat(e.reason()).isIn(EngineRejectedException.Reason.QUEUE_FULL,
                                    EngineRejectedException.Reason.QUEUE_TOKENS_FULL));
            release.countDown();
            assertThat(running.completion().get(10, TimeUnit.SECONDS).finishReason()).isEqualTo(FinishReason.LENGTH);
            assertThat(engine.awaitIdle(10, TimeUnit.SECONDS)).isTrue();
            assertThat(engine.snapshot().rejected()).isEqualTo(2);
        }
    }

    @Test
    void promptsThatCanNeverFitAreRefusedAtOnce() throws Exception {
        long oneBlock = KvCache.bytesPerBlock(model.config(), 16);
        try (Engine engine = new Engine(model, VOCAB, config(new SchedulingPolicy.Continuous(64, 4), 4 * oneBlock, false))) {
            assertThatThrownBy(() -> engine.submit(EngineRequest.greedy(new int[256], 1), TokenListener.NONE))
                    .isInstanceOfSatisfying(EngineRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo(EngineRejectedException.Reason.PROMPT_TOO_LONG));
            assertThatThrownBy(() -> engine.submit(EngineRequest.greedy(new int[100], 1), TokenListener.NONE))
                    .isInstanceOfSatisfying(EngineRejectedException.class,
                            e -> assertThat(e.getMessage()).contains("KV blocks"));
        }
    }

    @Test
    void requestPastItsDeadlineWhileWaitingIsDroppedBeforePrefill() throws Exception {
        try (Engine engine = new Engine(model, VOCAB, config(new SchedulingPolicy.Continuous(64, 4), 8 << 20, false))) {
            EngineRequest late = new EngineRequest(new int[] {1, 2, 3}, SamplingParams.greedy(), 5, System.nanoTime() - 1, 0);
            Completion c = engine.submit(late, TokenListener.NONE).completion().get(10, TimeUnit.SECONDS);
            assertThat(c.finishReason()).isEqualTo(FinishReason.DEADLINE);
            assertThat(c.outputTokens()).isEmpty();
            assertThat(c.timeline().scheduledNanos()).isEqualTo(-1);
            assertThat(engine.recentSteps()).isEmpty();
        }
    }

    @Test
    void requestPastItsDeadlineWhileRunningIsStoppedAndFreesItsBlocks() throws Exception {
        try (Engine engine = new Engine(model, VOCAB, config(new SchedulingPolicy.Continuous(64, 4), 8 << 20, false))) {
            AtomicInteger seen = new AtomicInteger();
            // generous enough that the first token comes before it even on a loaded machine; the
            // listener then holds the engine loop past it, so the deadline passes while running
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            EngineRequest req = new EngineRequest(new int[] {1, 2, 3}, SamplingParams.greedy(), 200, deadline, 0);
            RequestHandle h = engine.submit(req, (t, i) -> {
                if (seen.incrementAndGet() == 1) sleep(Math.max(0, (deadline - System.nanoTime()) / 1_000_000 + 20));
            });
            Completion c = h.completion().get(10, TimeUnit.SECONDS);
            assertThat(c.finishReason()).isEqualTo(FinishReason.DEADLINE);
            assertThat(c.outputTokens().length).isBetween(1, 199).isEqualTo(seen.get());
            assertThat(engine.awaitIdle(5, TimeUnit.SECONDS)).isTrue();
            assertThat(engine.snapshot().kvBlocksUsed()).isZero();
        }
    }

    @Test
    void cancelStopsWithinAStepFreesBlocksAndNoTokenFollows() throws Exception {
        try (Engine engine = new Engine(model, VOCAB, config(new SchedulingPolicy.Continuous(64, 4), 8 << 20, false))) {
            AtomicInteger tokens = new AtomicInteger();
            CountDownLatch three = new CountDownLatch(3);
            RequestHandle h = engine.submit(EngineRequest.greedy(new int[] {5, 6, 7, 8}, 200), (t, i) -> {
                tokens.incrementAndGet();
                three.countDown();
                sleep(1);
            });
            assertThat(three.await(10, TimeUnit.SECONDS)).isTrue();
            h.cancel();
            Completion c = h.completion().get(10, TimeUnit.SECONDS);
            int atCompletion = tokens.get();
            assertThat(c.finishReason()).isEqualTo(FinishReason.CANCELLED);
            assertThat(c.outputTokens().length).isEqualTo(atCompletion).isLessThan(200);
            Thread.sleep(20);
            assertThat(tokens.get()).as("no token after the cancellation completed").isEqualTo(atCompletion);
            assertThat(engine.snapshot().kvBlocksUsed()).isZero();
        }
    }

    @Test
    void priorityRunsFirstAmongWaitingRequests() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        try (Engine engine = new Engine(model, VOCAB, config(new SchedulingPolicy.None(), 8 << 20, false))) {
            engine.submit(EngineRequest.greedy(new int[] {1}, 2), (t, i) -> {
                started.countDown();
                await(release);
            });
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            RequestHandle low = engine.submit(new EngineRequest(new int[] {2}, SamplingParams.greedy(), 2, Long.MAX_VALUE, 5), TokenListener.NONE);
            RequestHandle high = engine.submit(new EngineRequest(new int[] {3}, SamplingParams.greedy(), 2, Long.MAX_VALUE, 0), TokenListener.NONE);
            release.countDown();
            Completion l = low.completion().get(10, TimeUnit.SECONDS);
            Completion h = high.completion().get(10, TimeUnit.SECONDS);
            assertThat(h.timeline().scheduledNanos()).isLessThan(l.timeline().scheduledNanos());
        }
    }

    @Test
    void timelineAndAccountingAreFilledIn() throws Exception {
        try (Engine engine = new Engine(model, VOCAB, config(new SchedulingPolicy.Continuous(64, 4), 8 << 20, false))) {
            Completion c = engine.submit(EngineRequest.greedy(new int[] {9, 8, 7, 6, 5}, 6), TokenListener.NONE)
                    .completion().get(10, TimeUnit.SECONDS);
            RequestTimeline t = c.timeline();
            assertThat(c.promptTokens()).isEqualTo(5);
            assertThat(t.tokenNanos()).hasSize(c.outputTokens().length);
            assertThat(t.queueNanos()).isNotNegative();
            assertThat(t.ttftNanos()).isPositive().isLessThanOrEqualTo(t.e2eNanos());
            assertThat(c.computeShareNanos()).isPositive().isLessThanOrEqualTo(t.e2eNanos());
            for (int i = 1; i < t.tokenNanos().length; i++) assertThat(t.tokenNanos()[i]).isGreaterThanOrEqualTo(t.tokenNanos()[i - 1]);
        }
    }

    static int[] concat(int[] a, int[] b) {
        int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
