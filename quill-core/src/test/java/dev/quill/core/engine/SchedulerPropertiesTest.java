package dev.quill.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quill.core.generate.SamplingParams;
import dev.quill.core.kernels.ScalarKernels;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The scheduler and the block pool under random submits (half of them with drafts to verify),
 * cancels, deadlines and steps, driven
 * on the test thread against a real (tiny) model: no block is leaked or freed twice, the pool
 * never gives out more than it has, and when everything has ended every block is free again.
 */
class SchedulerPropertiesTest {
    static final int VOCAB = 64;
    static final int STOP = 63;
    static LlamaModel model;
    static Path dir;

    @BeforeContainer
    static void writeModel() throws IOException {
        dir = Files.createTempDirectory("quill-scheduler-props");
        LlamaConfig c = new LlamaConfig("llama", 16, 24, 1, 2, 1, 8, 1e-5f, 10000f, VOCAB, 128, false, false, -1, STOP);
        RandomModelWriter.write(dir, c, DType.F32, 0.5, 5, 0);
        model = LlamaModel.load(dir, new ScalarKernels());
    }

    @AfterContainer
    static void closeModel() {
        model.close();
    }

    enum Op { SUBMIT, SUBMIT_SHARED_PREFIX, CANCEL, EXPIRE, STEP }

    @Provide
    Arbitrary<SchedulingPolicy> policies() {
        return Arbitraries.of(new SchedulingPolicy.None(), new SchedulingPolicy.Static(3, Duration.ZERO),
                new SchedulingPolicy.Continuous(24, 6), new SchedulingPolicy.Continuous(7, 3));
    }

    @Property(tries = 150)
    void blocksAreNeverLeakedDoubleFreedOrOverCommitted(@ForAll("policies") SchedulingPolicy policy,
            @ForAll boolean prefixCaching, @ForAll long seed) {
        Random rnd = new Random(seed);
        int numBlocks = 4 + rnd.nextInt(12);
        KvCache kv = new KvCache(model.config(), numBlocks, 4);
        ModelRunner runner = new ModelRunner(model, kv, VOCAB);
        KvCacheManager manager = new KvCacheManager(numBlocks, 4, prefixCaching);
        Map<Long, FinishReason> ended = new HashMap<>();
        Scheduler scheduler = new Scheduler(policy, manager, 128, STOP, new Scheduler.Events() {
            @Override
            public void started(Sequence seq) {}

            @Override
            public void finished(Sequence seq, FinishReason reason, boolean everStarted) {
                assertThat(ended.put(seq.id, reason)).as("sequence %d finished twice", seq.id).isNull();
                runner.release(seq.id);
            }
        });
        List<Long> ids = new ArrayList<>();
        int[] shared = randomTokens(rnd, 9);
        long nextId = 1;
        long clock = 0;
        Op[] ops = Op.values();
        for (int i = 0; i < 120; i++) {
            Op op = ops[rnd.nextInt(ops.length)];
            clock += 1_000;
            switch (op) {
                case SUBMIT, SUBMIT_SHARED_PREFIX -> {
                    int[] prompt = randomTokens(rnd, 1 + rnd.nextInt(numBlocks * 4 - 1));
                    if (op == Op.SUBMIT_SHARED_PREFIX) System.arraycopy(shared, 0, prompt, 0, Math.min(shared.length, prompt.length));
                    long deadline = rnd.nextInt(4) == 0 ? clock + rnd.nextInt(20_000) : Long.MAX_VALUE;
                    EngineRequest req = new EngineRequest(prompt, SamplingParams.greedy(), 1 + rnd.nextInt(12), deadline, rnd.nextInt(2));
                    // half speculate, with a draft the model will partly confirm (the prompt's own tokens) or not
                    if (rnd.nextBoolean()) req = req.withDraft(rnd.nextBoolean() ? prompt : randomTokens(rnd, 1 + rnd.nextInt(10)));
                    long id = nextId++;
                    scheduler.addWaiting(new Sequence(id, id, req, new RequestHandle(id, TokenListener.NONE, null), clock));
                    ids.add(id);
                }
                case CANCEL -> {
                    if (!ids.isEmpty()) scheduler.abort(ids.get(rnd.nextInt(ids.size())), FinishReason.CANCELLED, clock);
                }
                case EXPIRE -> scheduler.expireDeadlines(clock);
                case STEP -> step(scheduler, runner, clock);
            }
            assertInvariants(manager, scheduler, numBlocks);
        }
        // run everything to its end
        for (int guard = 0; scheduler.hasWork(); guard++) {
            assertThat(guard).as("scheduler made no progress").isLessThan(10_000);
            clock += 1_000;
            scheduler.expireDeadlines(clock);
            step(scheduler, runner, clock);
            assertInvariants(manager, scheduler, numBlocks);
        }
        assertThat(ended.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(manager.freeBlocks()).as("every block is free at the end").isEqualTo(numBlocks);
        assertThat(manager.usedBlocks()).isZero();
    }

    private static void step(Scheduler scheduler, ModelRunner runner, long clock) {
        StepPlan plan = scheduler.schedule(clock);
        if (plan.isEmpty()) return;
        for (StepPlan.Chunk c : plan.chunks()) {
            int capacity = c.blockTable().length * 4;
            assertThat(c.startPosition() + c.tokens().length).as("chunk fits its blocks").isLessThanOrEqualTo(capacity);
        }
        scheduler.update(plan, runner.execute(plan), clock);
    }

    private static void assertInvariants(KvCacheManager manager, Scheduler scheduler, int numBlocks) {
        assertThat(manager.checkInvariants(scheduler.live())).isNull();
        assertThat(manager.usedBlocks()).isBetween(0, numBlocks);
        assertThat(manager.freeBlocks() + manager.usedBlocks()).isEqualTo(numBlocks);
    }

    private static int[] randomTokens(Random rnd, int n) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) t[i] = rnd.nextInt(VOCAB - 1);
        return t;
    }
}
