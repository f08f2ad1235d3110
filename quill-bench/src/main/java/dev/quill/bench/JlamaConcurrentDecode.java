package dev.quill.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Jlama 0.8.4 serving {@code clients} concurrent requests in a closed loop, the workload of
 * {@code quill bench engine} with its default prompts: each client thread generates greedily
 * (prompt prefill, then one token at a time) and takes the next prompt when it is done.
 * Prints aggregate output tokens per second, prefill included, in the line format of
 * {@code quill bench engine}, so {@code run-engine-vs-jlama.sh} can set the two side by side.
 *
 * <p>Jlama has no batching across requests: concurrency here means {@code clients} sessions
 * sharing Jlama's JVM-wide kernel threads. Each client loads its own {@code AbstractModel}
 * from the same directory, because Jlama's Panama path fails ({@code BAD M} in
 * {@code batchDotProduct}) when threads share one model (shared/research/limits.md); the
 * model's weights are memory-mapped, so the clients read one copy from the page cache. Run it
 * with {@code -Djlama.force_panama_tensor_operations=true} ({@link JlamaGreedyDecoder}).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED --enable-preview \
 *   -Djlama.force_panama_tensor_operations=true -cp quill-bench/target/benchmarks.jar \
 *   dev.quill.bench.JlamaConcurrentDecode MODEL_DIR [clients 8] [requests 48] [warmup 8] [max-tokens 32] [seed 1]
 * </pre>
 */
public final class JlamaConcurrentDecode {
    private JlamaConcurrentDecode() {}

    /** Prompt lengths of {@code quill bench engine}'s defaults (--min-prompt, --max-prompt). */
    private static final int MIN_PROMPT = 16;
    private static final int MAX_PROMPT = 96;
    /** Jlama's kernel threads: one per core of the reference machine, as quill uses. */
    private static final int KERNEL_THREADS = 2;

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: JlamaConcurrentDecode MODEL_DIR [clients] [requests] [warmup] [max-tokens] [seed]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int clients = arg(args, 1, 8);
        int requests = arg(args, 2, 48);
        int warmup = arg(args, 3, 8);
        int maxTokens = arg(args, 4, 32);
        long seed = arg(args, 5, 1);
        int vocab = BenchModels.benchShape().vocabSize();
        int[][] prompts = prompts(seed, warmup + requests, vocab);
        List<JlamaGreedyDecoder> decoders = new ArrayList<>();
        try {
            for (int c = 0; c < clients; c++) decoders.add(new JlamaGreedyDecoder(dir, KERNEL_THREADS));
            String ops = decoders.getFirst().tensorOperations();
            closedLoop(decoders, prompts, 0, warmup, maxTokens);
            long t0 = System.nanoTime();
            long[] totals = closedLoop(decoders, prompts, warmup, prompts.length, maxTokens);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "model %s, Jlama 0.8.4 (%s, %d kernel threads), %d concurrent clients, %d requests,"
                    + " prompts %d-%d tokens, %d output tokens each%n", dir, ops, KERNEL_THREADS, clients, requests,
                    MIN_PROMPT, MAX_PROMPT, maxTokens);
            System.out.printf(Locale.ROOT, "throughput   %.2f requests/s, %.1f output tokens/s, %.1f prompt tokens/s (%.2f s)%n",
                    requests / seconds, totals[0] / seconds, totals[1] / seconds, seconds);
        } finally {
            for (JlamaGreedyDecoder d : decoders) d.close();
        }
    }

    /**
     * The prompts {@code quill bench engine --seed S} draws with its default lengths and no
     * shared prefix: the same generator, calls and order, so both engines see the same ids.
     */
    static int[][] prompts(long seed, int n, int vocab) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[][] out = new int[n][];
        for (int r = 0; r < n; r++) {
            out[r] = new int[MIN_PROMPT + rnd.nextInt(MAX_PROMPT - MIN_PROMPT + 1)];
            for (int i = 0; i < out[r].length; i++) out[r][i] = rnd.nextInt(vocab);
        }
        return out;
    }

    /** Each client generates prompts[from..to) in turn until none is left; returns {output tokens, prompt tokens}. */
    private static long[] closedLoop(List<JlamaGreedyDecoder> decoders, int[][] prompts, int from, int to, int maxTokens)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger(from);
        AtomicLong outTokens = new AtomicLong();
        AtomicLong promptTokens = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (JlamaGreedyDecoder d : decoders) {
            threads.add(Thread.ofPlatform().name("jlama-client").start(() -> {
                try {
                    int i;
                    while ((i = next.getAndIncrement()) < to) {
                        outTokens.addAndGet(d.generate(prompts[i], maxTokens).tokens().length);
                        promptTokens.addAndGet(prompts[i].length);
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }));
        }
        for (Thread t : threads) t.join();
        if (failure.get() != null) throw new IllegalStateException("a Jlama client failed", failure.get());
        return new long[] {outTokens.get(), promptTokens.get()};
    }

    private static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }
}
