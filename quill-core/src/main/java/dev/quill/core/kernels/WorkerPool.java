package dev.quill.core.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of platform threads that split one loop at a time with the calling thread.
 *
 * <p>A decode step calls into the pool some sixty times (one per matmul or attention), each
 * job lasting tens of microseconds, so hand-off latency matters more than generality: idle
 * workers spin briefly on the volatile job reference before parking, and the caller works on chunks
 * itself instead of waiting. Only one job runs at a time; {@link #parallelFor} is meant to be
 * called from a single thread (the engine loop); calls from other threads are serialised.
 */
public final class WorkerPool implements AutoCloseable {

    /** The body of a parallel loop over chunk indices {@code [0, chunks)}. */
    @FunctionalInterface
    public interface ChunkBody {
        void run(int chunk);
    }

    private static final long SPIN_NANOS = 200_000;

    /** One parallel loop; its counters belong to it, so a worker that wakes late cannot touch the next loop. */
    private static final class Job {
        final ChunkBody body;
        final int chunks;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;

        Job(ChunkBody body, int chunks) {
            this.body = body;
            this.chunks = chunks;
        }

        void work() {
            int c;
            while ((c = next.getAndIncrement()) < chunks) {
                try {
                    body.run(c);
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    done.incrementAndGet();
                }
            }
        }
    }

    private final Thread[] workers;
    /**
     * Most threads a pool may have: kernels gain nothing past the cores, and each thread is a
     * platform thread with its own stack (100,000 asked for took a minute to fail with an OOM).
     */
    public static final int MAX_PARALLELISM = 1024;

    private final int parallelism;
    private volatile Job job;
    private volatile boolean closed;
    private final AtomicIntegerArray parked;

    /** A pool whose loops use {@code parallelism} threads in all, the caller included. */
    public WorkerPool(int parallelism) {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("threads must be 1-" + MAX_PARALLELISM + ", got " + parallelism
                    + " (this machine has " + Runtime.getRuntime().availableProcessors() + " cores)");
        }
        this.parallelism = parallelism;
        this.workers = new Thread[parallelism - 1];
        this.parked = new AtomicIntegerArray(workers.length);
        for (int i = 0; i < workers.length; i++) {
            int id = i;
            workers[i] = Thread.ofPlatform().daemon().name("quill-kernel-" + (i + 1)).unstarted(() -> workerLoop(id));
            workers[i].start();
        }
    }

    /** One thread per available core. */
    public static WorkerPool forAvailableCores() {
        return new WorkerPool(Runtime.getRuntime().availableProcessors());
    }

    public int parallelism() {
        return parallelism;
    }

    /** Runs {@code body.run(c)} for every chunk c in [0, chunks), spread over the pool; returns when all are done. */
    public synchronized void parallelFor(int chunks, ChunkBody body) {
        if (chunks <= 0) return;
        if (closed) throw new IllegalStateException("worker pool is closed");
        if (chunks == 1 || workers.length == 0) {
            for (int c = 0; c < chunks; c++) body.run(c);
            return;
        }
        Job j = new Job(body, chunks);
        job = j;
        for (int i = 0; i < workers.length; i++) {
            if (parked.get(i) == 1) LockSupport.unpark(workers[i]);
        }
        j.work();
        while (j.done.get() < chunks) {
            Thread.onSpinWait();
        }
        Throwable t = j.failure;
        if (t != null) {
            if (t instanceof RuntimeException re) throw re;
            if (t instanceof Error err) throw err;
            throw new IllegalStateException(t);
        }
    }

    private void workerLoop(int id) {
        Job seen = null;
        while (!closed) {
            long spinStart = System.nanoTime();
            Job j;
            while ((j = job) == seen && !closed) {
                if (System.nanoTime() - spinStart < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    parked.set(id, 1);
                    if (job == seen && !closed) LockSupport.park(this);
                    parked.set(id, 0);
                }
            }
            if (closed) return;
            seen = j;
            j.work();
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) LockSupport.unpark(w);
    }
}
