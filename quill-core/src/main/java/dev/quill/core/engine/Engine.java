package dev.quill.core.engine;

import dev.quill.core.kv.KvCache;
import dev.quill.core.model.DecoderModel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The batching engine: requests go in from any thread, one engine thread runs the loop
 * <pre>
 *   plan   = scheduler.schedule()
 *   output = runner.execute(plan)
 *   scheduler.update(plan, output)
 * </pre>
 * and tokens come out through each request's {@link TokenListener} and {@link RequestHandle}.
 *
 * <p>Admission is bounded: requests not yet started may number at most
 * {@link EngineConfig#maxWaiting()} and hold at most {@link EngineConfig#maxQueuedPromptTokens()}
 * prompt tokens; past either bound {@link #submit} refuses at once with a typed reason.
 */
public final class Engine implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Engine.class.getName());
    private static final int STEP_HISTORY = 4096;

    private final EngineConfig config;
    private final ModelRunner runner;
    private final Scheduler scheduler;
    private final int maxPositions;
    private final Thread thread;
    private final Queue<Sequence> inbox = new ConcurrentLinkedQueue<>();
    private final Queue<Long> cancels = new ConcurrentLinkedQueue<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicInteger queuedRequests = new AtomicInteger();
    private final AtomicInteger queuedPromptTokens = new AtomicInteger();
    private final AtomicLong rejected = new AtomicLong();
    private final ArrayDeque<StepRecord> history = new ArrayDeque<>();
    private final List<Consumer<StepRecord>> stepListeners = new CopyOnWriteArrayList<>();
    private volatile EngineSnapshot snapshot;
    private volatile boolean accepting = true;
    private volatile boolean stopping;
    /** Tokens per second over recent steps, for Retry-After hints. */
    private volatile double recentTokensPerSecond = 1000;

    public Engine(DecoderModel model, int vocabLimit, EngineConfig config) {
        this.config = config;
        KvCache kv = KvCache.forBudget(model.config(), config.kvBudgetBytes(), config.blockSize());
        this.runner = new ModelRunner(model, kv, vocabLimit);
        this.maxPositions = model.config().maxPositionEmbeddings();
        KvCacheManager manager = new KvCacheManager(kv.numBlocks(), kv.blockSize(), config.prefixCaching());
        this.scheduler = new Scheduler(config.policy(), manager, maxPositions, config.stopToken(), new Scheduler.Events() {
            @Override
            public void started(Sequence seq) {
                leaveQueue(seq);
            }

            @Override
            public void finished(Sequence seq, FinishReason reason, boolean everStarted) {
                if (!everStarted) leaveQueue(seq);
                runner.release(seq.id);
                seq.handle.complete(seq, reason, System.nanoTime());
            }
        });
        this.snapshot = takeSnapshot();
        this.thread = Thread.ofPlatform().name("quill-engine").daemon().unstarted(this::loop);
        thread.start();
    }

    public EngineConfig config() {
        return config;
    }

    public SchedulingPolicy policy() {
        return config.policy();
    }

    public KvCache kvCache() {
        return runner.kv();
    }

    /**
     * Queues a request. Returns at once; tokens reach {@code listener} as they are decoded.
     *
     * @throws EngineRejectedException when the queue is full, the prompt can never fit, or the engine is stopping
     */
    public RequestHandle submit(EngineRequest request, TokenListener listener) {
        int promptLength = request.promptLength();
        if (!accepting) {
            throw reject(EngineRejectedException.Reason.SHUTTING_DOWN, "the engine is shutting down", 5);
        }
        if (promptLength + 1 > maxPositions) {
            throw reject(EngineRejectedException.Reason.PROMPT_TOO_LONG, "prompt of " + promptLength
                    + " tokens leaves no room for output in the model's context of " + maxPositions, 0);
        }
        int blocks = (promptLength + config.blockSize()) / config.blockSize();
        if (blocks > runner.kv().numBlocks()) {
            throw reject(EngineRejectedException.Reason.PROMPT_TOO_LONG, "prompt of " + promptLength
                    + " tokens needs more KV blocks than the cache has (" + runner.kv().numBlocks() + ")", 0);
        }
        if (queuedRequests.incrementAndGet() > config.maxWaiting()) {
            queuedRequests.decrementAndGet();
            throw reject(EngineRejectedException.Reason.QUEUE_FULL, "the waiting queue is full ("
                    + config.maxWaiting() + " requests)", retryAfterSeconds());
        }
        if (queuedPromptTokens.addAndGet(promptLength) > config.maxQueuedPromptTokens()) {
            queuedPromptTokens.addAndGet(-promptLength);
            queuedRequests.decrementAndGet();
            throw reject(EngineRejectedException.Reason.QUEUE_TOKENS_FULL, "the waiting queue holds its maximum of "
                    + config.maxQueuedPromptTokens() + " prompt tokens", retryAfterSeconds());
        }
        long id = nextId.getAndIncrement();
        RequestHandle handle = new RequestHandle(id, listener, this);
        inbox.add(new Sequence(id, id, request, handle, System.nanoTime()));
        LockSupport.unpark(thread);
        return handle;
    }

    /** The engine at the end of its last step. */
    public EngineSnapshot snapshot() {
        return snapshot;
    }

    /** The most recent steps, oldest first (at most a few thousand). */
    public List<StepRecord> recentSteps() {
        synchronized (history) {
            return new ArrayList<>(history);
        }
    }

    /** Called on the engine thread after every step; must be quick. */
    public void addStepListener(Consumer<StepRecord> listener) {
        stepListeners.add(listener);
    }

    /** Stops accepting requests; those already in finish normally. */
    public void stopAccepting() {
        accepting = false;
    }

    /** Waits until nothing is waiting or running; false on timeout. */
    public boolean awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
        long end = System.nanoTime() + unit.toNanos(timeout);
        while (!isIdle()) {
            if (System.nanoTime() - end >= 0) return false;
            Thread.sleep(2);
        }
        return true;
    }

    private boolean isIdle() {
        EngineSnapshot s = snapshot;
        return inbox.isEmpty() && queuedRequests.get() == 0 && s.running() == 0 && s.waiting() == 0;
    }

    /** Stops the loop; requests still in the engine end as {@link FinishReason#ERROR}. */
    @Override
    public void close() {
        accepting = false;
        stopping = true;
        LockSupport.unpark(thread);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void requestCancel(long id) {
        cancels.add(id);
        LockSupport.unpark(thread);
    }

    private void loop() {
        while (!stopping) {
            long now = System.nanoTime();
            drainInbox(now);
            scheduler.expireDeadlines(now);
            StepPlan plan = scheduler.schedule(now);
            if (plan.isEmpty()) {
                snapshot = takeSnapshot();
                if (inbox.isEmpty() && cancels.isEmpty()) {
                    long wake = scheduler.nextWakeupNanos();
                    if (wake >= 0) {
                        LockSupport.parkNanos(this, Math.max(1, wake - System.nanoTime()));
                    } else if (scheduler.hasWork()) {
                        // only deadlines can change things now; look again shortly
                        LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(5));
                    } else {
                        LockSupport.park(this);
                    }
                }
                continue;
            }
            StepOutput out;
            try {
                out = runner.execute(plan);
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.ERROR, "engine step " + plan.step() + " failed; failing its requests", e);
                scheduler.failAll(FinishReason.ERROR, System.nanoTime());
                snapshot = takeSnapshot();
                continue;
            }
            scheduler.update(plan, out, System.nanoTime());
            record(plan, out);
            snapshot = takeSnapshot();
        }
        drainInbox(System.nanoTime());
        scheduler.failAll(FinishReason.ERROR, System.nanoTime());
        snapshot = takeSnapshot();
    }

    private void drainInbox(long now) {
        Sequence seq;
        while ((seq = inbox.poll()) != null) scheduler.addWaiting(seq);
        Long id;
        while ((id = cancels.poll()) != null) scheduler.abort(id, FinishReason.CANCELLED, now);
    }

    private void leaveQueue(Sequence seq) {
        queuedRequests.decrementAndGet();
        queuedPromptTokens.addAndGet(-seq.promptLength);
    }

    private void record(StepPlan plan, StepOutput out) {
        List<StepPlan.Chunk> chunks = plan.chunks();
        long[] ids = new long[chunks.size()];
        int[] tokens = new int[chunks.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = chunks.get(i).requestId();
            tokens[i] = chunks.get(i).tokens().length;
        }
        StepRecord r = new StepRecord(plan.step(), chunks.size(), plan.prefillTokens(), plan.decodeTokens(),
                plan.draftTokens(), out.durationNanos(), ids, tokens);
        double rate = plan.totalTokens() / Math.max(1e-9, out.durationNanos() / 1e9);
        recentTokensPerSecond = 0.9 * recentTokensPerSecond + 0.1 * rate;
        synchronized (history) {
            if (history.size() == STEP_HISTORY) history.pollFirst();
            history.addLast(r);
        }
        for (Consumer<StepRecord> l : stepListeners) l.accept(r);
    }

    private EngineSnapshot takeSnapshot() {
        KvCacheManager kv = scheduler.kv();
        return new EngineSnapshot(scheduler.numRunning(), scheduler.numWaiting(), kv.usedBlocks(), kv.numBlocks(),
                kv.prefixQueriedTokens(), kv.prefixHitTokens(), scheduler.preemptionsTotal(), nextStep(),
                rejected.get(), scheduler.draftProposedTotal(), scheduler.draftAcceptedTotal());
    }

    private long nextStep() {
        synchronized (history) {
            return history.isEmpty() ? 0 : history.peekLast().step() + 1;
        }
    }

    private int retryAfterSeconds() {
        double seconds = queuedPromptTokens.get() / Math.max(1.0, recentTokensPerSecond);
        return (int) Math.max(1, Math.min(60, Math.ceil(seconds)));
    }

    private EngineRejectedException reject(EngineRejectedException.Reason reason, String message, int retryAfter) {
        rejected.incrementAndGet();
        return new EngineRejectedException(reason, message, retryAfter);
    }
}
