package dev.quill.load;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives a quill server with load (issue 8, in the manner of vLLM's benchmark_serving and wrk2):
 * closed loop (N clients, each sending again once answered) or open loop (requests due on a
 * schedule, sent whether or not earlier ones were answered). Every request runs on its own
 * virtual thread; each outcome goes into HdrHistograms. Latencies count from when a request was
 * due, so a stall anywhere shows up in the percentiles rather than thinning the sample.
 */
public final class LoadGenerator {
    private LoadGenerator() {}

    /**
     * Sends {@code spec}'s first sentence once, not measured, so that a run against an address where
     * nothing listens fails at once rather than after its whole duration of refused connections.
     * An HTTP answer of any status passes: a busy server is still a server.
     */
    public static void requireReachable(LoadSpec spec) {
        try (TutorClient client = new TutorClient(spec.url(), false, 1, spec.requestTimeout())) {
            RequestOutcome r = client.send(spec.dataset().sentence(0), System.nanoTime());
            if (r.status() == 0) throw new IllegalArgumentException("cannot connect to " + spec.url() + ": " + r.error() + " (is quill serve running there?)");
        }
    }

    /**
     * Runs {@code spec} to its bound (time or count; requests in flight then finish), printing a
     * progress line about once a second to {@code progress} (null: none).
     */
    public static LoadResult run(LoadSpec spec, PrintStream progress) throws InterruptedException {
        Collector c = new Collector(spec.slo());
        long start = System.nanoTime();
        long stopAt = spec.duration() == null ? Long.MAX_VALUE : start + spec.duration().toNanos();
        long maxRequests = spec.requests() > 0 ? spec.requests() : Long.MAX_VALUE;
        AtomicLong issued = new AtomicLong();
        Thread reporter = progress == null ? null : Thread.ofPlatform().daemon().name("loadgen-progress").start(() -> report(c, start, progress));
        try (TutorClient client = new TutorClient(spec.url(), spec.stream(), spec.maxTokens(), spec.requestTimeout());
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            if (spec.openLoop()) {
                Arrivals arrivals = spec.poisson() ? Arrivals.poisson(spec.ratePerSecond(), spec.seed()) : Arrivals.uniform(spec.ratePerSecond());
                Semaphore slots = new Semaphore(spec.maxInFlight());
                for (long i = 0; i < maxRequests; i++) {
                    long due = start + arrivals.next();
                    if (due - stopAt >= 0) break;
                    parkUntil(due);
                    slots.acquire(); // held up here, the request is late; its latency still counts from `due`
                    long n = issued.getAndIncrement();
                    c.started();
                    threads.submit(() -> {
                        try {
                            c.add(client.send(spec.dataset().sentence(n), due));
                        } finally {
                            slots.release();
                        }
                    });
                }
            } else {
                for (int w = 0; w < spec.concurrency(); w++) {
                    threads.submit(() -> {
                        while (true) {
                            long now = System.nanoTime();
                            if (now - stopAt >= 0) return;
                            long n = issued.getAndIncrement();
                            if (n >= maxRequests) return;
                            c.started();
                            c.add(client.send(spec.dataset().sentence(n), now));
                        }
                    });
                }
            }
        } finally {
            if (reporter != null) {
                reporter.interrupt();
                reporter.join();
                progress.println();
            }
        }
        return c.result(spec, start);
    }

    private static void parkUntil(long nanoTime) {
        for (long wait; (wait = nanoTime - System.nanoTime()) > 0; ) LockSupport.parkNanos(wait);
    }

    private static void report(Collector c, long start, PrintStream out) {
        boolean terminal = System.console() != null;
        try {
            while (true) {
                Thread.sleep(1000);
                out.print((terminal ? "\r" : "") + c.progressLine(start) + (terminal ? "" : System.lineSeparator()));
                out.flush();
            }
        } catch (InterruptedException e) {
            out.print((terminal ? "\r" : "") + c.progressLine(start));
        }
    }

    /** Everything measured so far; thread-safe. */
    static final class Collector {
        private final Slo slo;
        final LatencyHistogram e2e = new LatencyHistogram();
        final LatencyHistogram e2eUncorrected = new LatencyHistogram();
        final LatencyHistogram ttft = new LatencyHistogram();
        final LatencyHistogram tpot = new LatencyHistogram();
        final LatencyHistogram itl = new LatencyHistogram();
        private final LongAdder sent = new LongAdder();
        private final LongAdder ok = new LongAdder();
        private final LongAdder good = new LongAdder();
        private final LongAdder outputTokens = new LongAdder();
        private final LongAdder promptTokens = new LongAdder();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicLong lastDone = new AtomicLong(Long.MIN_VALUE);
        private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        private final Map<String, LongAdder> reasons = new ConcurrentHashMap<>();

        Collector(Slo slo) {
            this.slo = slo;
        }

        void started() {
            sent.increment();
            inFlight.incrementAndGet();
        }

        void add(RequestOutcome r) {
            inFlight.decrementAndGet();
            long done = r.doneNanos() >= 0 ? r.doneNanos() : System.nanoTime();
            lastDone.accumulateAndGet(done, (a, b) -> a == Long.MIN_VALUE || b - a > 0 ? b : a);
            if (!r.ok()) {
                errors.computeIfAbsent(Integer.toString(r.status()), k -> new LongAdder()).increment();
                String why = r.error() != null ? r.error() : "HTTP " + r.status();
                reasons.computeIfAbsent(why, k -> new LongAdder()).increment();
                return;
            }
            ok.increment();
            if (slo.met(r)) good.increment();
            outputTokens.add(r.outputTokens());
            promptTokens.add(r.promptTokens());
            e2e.recordNanos(r.e2eNanos());
            e2eUncorrected.recordNanos(r.uncorrectedE2eNanos());
            ttft.recordNanos(r.ttftNanos());
            tpot.recordNanos(r.tpotNanos());
            for (long g : r.itlNanos()) itl.recordNanos(g);
        }

        String progressLine(long start) {
            double s = (System.nanoTime() - start) / 1e9;
            long done = ok.sum();
            return String.format(Locale.ROOT, "%6.1f s  sent %d  ok %d  failed %d  in flight %d  %.1f req/s  e2e p50 %.0f ms  ttft p50 %.0f ms   ",
                    s, sent.sum(), done, errors.values().stream().mapToLong(LongAdder::sum).sum(), inFlight.get(), done / Math.max(s, 1e-9),
                    e2e.summary().p50Ms(), ttft.summary().p50Ms());
        }

        LoadResult result(LoadSpec spec, long start) {
            long end = lastDone.get() == Long.MIN_VALUE ? System.nanoTime() : lastDone.get();
            double seconds = Math.max((end - start) / 1e9, 1e-9);
            long n = sent.sum();
            long answered = ok.sum();
            Map<String, Long> errs = new java.util.TreeMap<>();
            errors.forEach((k, v) -> errs.put(k, v.sum()));
            Map<String, Long> why = new java.util.TreeMap<>();
            reasons.forEach((k, v) -> why.put(k, v.sum()));
            return new LoadResult(LoadResult.Run.of(spec, null), seconds, n, answered, errs, answered / seconds, outputTokens.sum() / seconds,
                    good.sum() / seconds, n == 0 ? 0 : (double) good.sum() / n,
                    answered == 0 ? 0 : (double) promptTokens.sum() / answered, answered == 0 ? 0 : (double) outputTokens.sum() / answered,
                    e2e.summary(), e2eUncorrected.summary(), ttft.summary(), tpot.summary(), itl.summary(), why);
        }
    }
}
