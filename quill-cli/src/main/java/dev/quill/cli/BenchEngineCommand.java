package dev.quill.cli;

import dev.quill.core.engine.Completion;
import dev.quill.core.engine.Engine;
import dev.quill.core.engine.EngineConfig;
import dev.quill.core.engine.EngineRequest;
import dev.quill.core.engine.EngineSnapshot;
import dev.quill.core.engine.FinishReason;
import dev.quill.core.engine.SchedulingPolicy;
import dev.quill.core.engine.StepRecord;
import dev.quill.core.engine.TokenListener;
import dev.quill.core.generate.SamplingParams;
import dev.quill.core.kernels.VectorKernels;
import dev.quill.core.kernels.WorkerPool;
import dev.quill.core.model.DecoderModel;
import dev.quill.core.model.LlamaConfig;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `quill bench engine`: drives the engine directly (no HTTP) with a closed loop of
 * {@code --concurrency} clients, each submitting its next request when the last one ends, and
 * prints throughput and per-request latency percentiles.
 */
@Command(
        name = "engine",
        mixinStandardHelpOptions = true,
        description = {
            "Benchmarks the batching engine in-process: a closed loop of --concurrency clients over",
            "prompts of mixed lengths (random token ids), with the chosen scheduling policy."
        })
final class BenchEngineCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "Model directory.")
    Path model;

    @Option(names = "--policy", defaultValue = "continuous", description = "none, static or continuous (default: ${DEFAULT-VALUE}).")
    String policy;

    @Option(names = "--concurrency", defaultValue = "8", description = "Clients in the closed loop (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--requests", defaultValue = "64", description = "Requests in all (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--min-prompt", defaultValue = "16", description = "Shortest prompt in tokens (default: ${DEFAULT-VALUE}).")
    int minPrompt;

    @Option(names = "--max-prompt", defaultValue = "96", description = "Longest prompt in tokens (default: ${DEFAULT-VALUE}).")
    int maxPrompt;

    @Option(names = "--shared-prefix", defaultValue = "0", description = "Tokens every prompt starts with (default: ${DEFAULT-VALUE}).")
    int sharedPrefix;

    @Option(names = "--max-tokens", defaultValue = "32", description = "Tokens generated per request; EOS is ignored (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--min-tokens", paramLabel = "N", description = {
            "With it, each request generates a seeded random count from N to --max-tokens, so requests end at",
            "different steps as real answers do (default: every request generates --max-tokens)."})
    Integer minTokens;

    @Option(names = "--batch", defaultValue = "16", description = "static: batch size; continuous: most running sequences (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--static-wait-ms", defaultValue = "20", description = "static: longest wait for a batch to fill (default: ${DEFAULT-VALUE}).")
    long staticWaitMs;

    @Option(names = "--step-tokens", defaultValue = "512", description = "continuous: token budget per step (default: ${DEFAULT-VALUE}).")
    int stepTokens;

    @Option(names = "--kv-mb", defaultValue = "512", description = "KV cache budget in MiB (default: ${DEFAULT-VALUE}).")
    long kvMb;

    @Option(names = "--no-prefix-caching", description = "Turn prefix caching off.")
    boolean noPrefixCaching;

    @Option(names = "--warmup", defaultValue = "32", description = {
            "Requests run (and not counted) before measuring, at least; then rounds of more at the measured concurrency until",
            "the JIT has settled: two rounds in a row in which it compiled for under 5%% of the round's time (on 2 cores C2",
            "recompiles the kernels for seconds after the first 30-100 requests, halving the rate while it does)",
            "(default: ${DEFAULT-VALUE})."})
    int warmup;

    @Option(names = "--warmup-max-seconds", defaultValue = "60", description = "Longest wait for the JIT to settle after the --warmup"
            + " requests; 0 measures right after them (default: ${DEFAULT-VALUE}).")
    int warmupMaxSeconds;

    @Option(names = "--seed", defaultValue = "1", description = "Seed for prompt lengths and tokens (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", description = "Kernel threads (default: one per core).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        if (concurrency < 1 || requests < 1) throw new IllegalArgumentException("--concurrency and --requests must be at least 1");
        if (minPrompt < 1 || maxPrompt < minPrompt) throw new IllegalArgumentException("need 1 <= --min-prompt <= --max-prompt");
        if (sharedPrefix > minPrompt) throw new IllegalArgumentException("--shared-prefix must not exceed --min-prompt");
        if (maxTokens < 1) throw new IllegalArgumentException("--max-tokens must be at least 1");
        if (kvMb < 1) throw new IllegalArgumentException("--kv-mb must be at least 1, got " + kvMb);
        if (minTokens != null && (minTokens < 1 || minTokens > maxTokens)) {
            throw new IllegalArgumentException("need 1 <= --min-tokens <= --max-tokens");
        }
        SchedulingPolicy p = SchedulingPolicy.parse(policy, batch, Duration.ofMillis(staticWaitMs), stepTokens);
        try (WorkerPool pool = new WorkerPool(threads != null ? threads : Runtime.getRuntime().availableProcessors());
                DecoderModel m = DecoderModel.load(model, new VectorKernels(pool))) {
            int vocab = m.config().vocabSize();
            int context = m.config().maxPositionEmbeddings();
            // a request whose output reaches the context ends there (finish reason length); a prompt must leave room for one token
            if (maxPrompt >= context) {
                throw new IllegalArgumentException("--max-prompt " + maxPrompt + " leaves no room in the model's context of " + context + " tokens");
            }
            EngineConfig cfg = new EngineConfig(p, kvMb << 20, 16, !noPrefixCaching, Math.max(256, concurrency * 2),
                    1 << 24, -1);
            int[][] prompts = prompts(vocab, requests, 0);
            int[] outputs = outputLengths(requests, 0);
            try (Engine engine = new Engine(m, vocab, cfg)) {
                warmUp(engine, vocab);
                EngineSnapshot before = engine.snapshot();
                StepTotals totals = new StepTotals();
                engine.addStepListener(totals::add);
                long t0 = System.nanoTime();
                List<Completion> done = runClosedLoop(engine, prompts, outputs, concurrency);
                double seconds = (System.nanoTime() - t0) / 1e9;
                awaitIdle(engine);
                report(engine, done, seconds, before, totals, m);
            }
        }
        return 0;
    }

    /** A JIT that spent less than this share of a warm-up round compiling has settled, if it did so twice in a row. */
    private static final double SETTLED_COMPILE_SHARE = 0.05;

    /**
     * Runs warm-up requests (prompts of their own streams, so the measured ones do not depend on
     * how many there were) in rounds at the measured concurrency until at least --warmup have run
     * and the JIT has settled or --warmup-max-seconds have passed; says how it went on stderr.
     */
    private void warmUp(Engine engine, int vocab) throws Exception {
        if (warmup < 0 || warmupMaxSeconds < 0) throw new IllegalArgumentException("--warmup and --warmup-max-seconds must not be negative");
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean timed = jit != null && jit.isCompilationTimeMonitoringSupported();
        int round = Math.max(16, 2 * concurrency);
        int ran = 0;
        int quietRounds = 0;
        long start = System.nanoTime();
        long jitStart = timed ? jit.getTotalCompilationTime() : 0;
        long until = start + TimeUnit.SECONDS.toNanos(warmupMaxSeconds);
        for (int r = 1; ran < warmup || (timed && quietRounds < 2 && System.nanoTime() < until); r++) {
            int n = ran < warmup ? Math.min(round, warmup - ran) : round;
            long t0 = System.nanoTime();
            long c0 = timed ? jit.getTotalCompilationTime() : 0;
            runClosedLoop(engine, prompts(vocab, n, r), outputLengths(n, r), Math.min(concurrency, n));
            awaitIdle(engine);
            double wallMs = (System.nanoTime() - t0) / 1e6;
            double compileMs = timed ? jit.getTotalCompilationTime() - c0 : 0;
            quietRounds = compileMs < SETTLED_COMPILE_SHARE * wallMs ? quietRounds + 1 : 0;
            ran += n;
            if (Boolean.getBoolean("quill.bench.warmupTrace")) {
                long gc = ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> b.getCollectionTime()).sum();
                System.err.printf(Locale.ROOT, "warm-up round %d: %d requests, %.0f ms, JIT compiling %.0f ms, GC total %d ms%n", r, n, wallMs, compileMs, gc);
            }
        }
        System.err.printf(Locale.ROOT, "bench engine: warm-up %d requests in %.1f s (JIT compiling %s)%s%n", ran,
                (System.nanoTime() - start) / 1e9, timed ? String.format(Locale.ROOT, "%.1f s", (jit.getTotalCompilationTime() - jitStart) / 1e3) : "time unknown",
                timed && quietRounds < 2 ? "; the JIT had not settled within --warmup-max-seconds" : "");
    }

    /**
     * {@code n} prompts: stream 0 the measured requests, the others warm-up rounds. Every prompt
     * starts with the same --shared-prefix tokens.
     */
    private int[][] prompts(int vocab, int n, int stream) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] prefix = new int[sharedPrefix];
        for (int i = 0; i < prefix.length; i++) prefix[i] = rnd.nextInt(vocab);
        if (stream != 0) rnd = new SplittableRandom(seed * 0x9E37_79B9_7F4A_7C15L + stream);
        int[][] out = new int[n][];
        for (int r = 0; r < n; r++) {
            int len = minPrompt + rnd.nextInt(maxPrompt - minPrompt + 1);
            out[r] = new int[len];
            System.arraycopy(prefix, 0, out[r], 0, prefix.length);
            for (int i = prefix.length; i < len; i++) out[r][i] = rnd.nextInt(vocab);
        }
        return out;
    }

    /** Tokens each request generates: --max-tokens, or drawn from its own seeded stream so the prompts stay the same. */
    private int[] outputLengths(int n, int stream) {
        int[] out = new int[n];
        SplittableRandom rnd = new SplittableRandom((seed ^ 0x6F75_7470_7574L) + 31L * stream);
        int low = minTokens != null ? minTokens : maxTokens;
        for (int r = 0; r < n; r++) out[r] = low + rnd.nextInt(maxTokens - low + 1);
        return out;
    }

    /**
     * Waits for the step that delivered the last completion to be recorded (completions are
     * delivered just before): the snapshot taken after it is the first to show the engine empty.
     */
    private static void awaitIdle(Engine engine) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < until) {
            EngineSnapshot s = engine.snapshot();
            if (s.running() + s.waiting() == 0) return;
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200)); // leave the cores to the engine's last step
        }
    }

    /** Each client submits, waits for the end, submits the next, until the prompts run out. */
    private List<Completion> runClosedLoop(Engine engine, int[][] prompts, int[] outputs, int clients) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Completion> done = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicReference<String> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            threads.add(Thread.ofVirtual().start(() -> {
                int i;
                while (failure.get() == null && (i = next.getAndIncrement()) < prompts.length) {
                    EngineRequest req = new EngineRequest(prompts[i], SamplingParams.greedy(), outputs[i], Long.MAX_VALUE, 0);
                    try {
                        Completion finished = engine.submit(req, TokenListener.NONE).completion().get(10, TimeUnit.MINUTES);
                        if (finished.finishReason() == FinishReason.ERROR) throw new IllegalStateException("the engine failed on it");
                        done.add(finished);
                    } catch (Exception e) {
                        // the first failure ends the run: a report over the requests that happened to succeed would mislead
                        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                        failure.compareAndSet(null, "request " + i + " failed: " + cause.getMessage());
                    }
                }
            }));
        }
        for (Thread t : threads) t.join();
        if (failure.get() != null) throw new IllegalStateException(failure.get());
        return done;
    }

    private void report(Engine engine, List<Completion> done, double seconds, EngineSnapshot before, StepTotals totals,
            DecoderModel m) {
        List<LlamaConfig> shapes = m.networkConfigs();
        long outTokens = 0;
        long promptTokens = 0;
        double[] e2e = new double[done.size()];
        double[] ttft = new double[done.size()];
        double[] tpot = new double[done.size()];
        for (int i = 0; i < done.size(); i++) {
            Completion c = done.get(i);
            outTokens += c.outputTokens().length;
            promptTokens += c.promptTokens();
            e2e[i] = c.timeline().e2eNanos() / 1e6;
            ttft[i] = c.timeline().ttftNanos() / 1e6;
            tpot[i] = Math.max(0, c.timeline().tpotNanos()) / 1e6;
        }
        EngineSnapshot snap = engine.snapshot();
        System.out.printf(Locale.ROOT, "model %s (%,d parameters), policy %s, concurrency %d, %d requests, prompts %d-%d tokens"
                        + " (shared prefix %d), %s output tokens each%n",
                model, shapes.stream().mapToLong(LlamaConfig::parameterCount).sum(), engine.policy().label(), concurrency, done.size(), minPrompt, maxPrompt,
                sharedPrefix, minTokens == null || minTokens == maxTokens ? String.valueOf(maxTokens) : minTokens + "-" + maxTokens);
        System.out.printf(Locale.ROOT, "throughput   %.2f requests/s, %.1f output tokens/s, %.1f prompt tokens/s (%.2f s)%n",
                done.size() / seconds, outTokens / seconds, promptTokens / seconds, seconds);
        System.out.printf(Locale.ROOT, "latency ms   e2e p50 %.1f p95 %.1f p99 %.1f | ttft p50 %.1f p95 %.1f | tpot p50 %.2f p95 %.2f%n",
                pct(e2e, 50), pct(e2e, 95), pct(e2e, 99), pct(ttft, 50), pct(ttft, 95), pct(tpot, 50), pct(tpot, 95));
        System.out.printf(Locale.ROOT, "engine       %d steps, mean batch %.1f sequences, %d preemptions, prefix hits %d of %d prompt tokens%n",
                totals.steps, totals.meanBatch(), snap.preemptions() - before.preemptions(),
                snap.prefixHitTokens() - before.prefixHitTokens(), snap.prefixQueriedTokens() - before.prefixQueriedTokens());
        System.out.printf(Locale.ROOT, "tokens       %d prompt, %d output%n", promptTokens, outTokens);
        // Every row computed (prefill, decode, draft) went through the layers' matmuls; each output
        // token came from one row of logits. Attention and the rest are not counted.
        double flop = 0; // an ensemble's members each compute every row
        for (LlamaConfig c : shapes) flop += (double) totals.rows * c.layerMatmulFlopsPerRow() + (double) outTokens * c.headFlopsPerRow();
        double busySeconds = totals.busyNanos / 1e9;
        System.out.printf(Locale.ROOT, "compute      %.1f GFLOP/s of weight matmuls over the run, %.1f while stepping"
                        + " (engine busy %.0f%% of the time; %d rows, %.1f per step)%n",
                flop / seconds / 1e9, busySeconds > 0 ? flop / busySeconds / 1e9 : 0, 100 * busySeconds / seconds,
                totals.rows, totals.steps > 0 ? (double) totals.rows / totals.steps : 0);
    }

    /** Sums over the measured steps, fed by the engine thread, read after the run. */
    private static final class StepTotals {
        volatile long steps;
        volatile long sequences;
        volatile long rows;
        volatile long busyNanos;

        // only the engine thread writes
        void add(StepRecord r) {
            steps++;
            sequences += r.sequences();
            rows += r.prefillTokens() + r.decodeTokens() + r.draftTokens();
            busyNanos += r.durationNanos();
        }

        double meanBatch() {
            return steps > 0 ? (double) sequences / steps : 0;
        }
    }

    static double pct(double[] values, double p) {
        if (values.length == 0) return Double.NaN;
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }
}
