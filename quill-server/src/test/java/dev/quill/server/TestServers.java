package dev.quill.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quill.core.engine.Engine;
import dev.quill.core.model.LlamaConfig;
import dev.quill.core.model.RandomModelWriter;
import dev.quill.core.tensor.DType;
import dev.quill.retrieval.RuleRetriever;
import dev.quill.server.observe.Telemetry;
import dev.quill.server.tutor.Tutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** Real servers on ephemeral ports over a tiny random-weight model (its text is noise; tests pin the contract only). */
final class TestServers {
    private static Path modelDir;
    private static Running shared;
    private static RuleRetriever retriever;
    private static Path spanDir;

    private TestServers() {}

    /** A 2-layer, 64-wide model with a 512-token BPE vocabulary trained on English plus some accented and CJK text. */
    static synchronized Path modelDir() {
        if (modelDir == null) {
            try {
                Path dir = Files.createTempDirectory("quill-server-test-model");
                List<String> corpus = new ArrayList<>(RandomModelWriter.seedCorpus());
                for (int i = 0; i < 20; i++) {
                    corpus.add("Ça coûte cher, naïve café crème brûlée — déjà vu à la carte.");
                    corpus.add("日本語の文章です。東京は大きい都市です。");
                    corpus.add("Grüße aus München, schöne Größe, Ärger über Öl.");
                }
                LlamaConfig shape = new LlamaConfig("llama", 64, 128, 2, 4, 2, 16, 1e-5f, 10000f, 512, 256, false, false, -1, -1);
                RandomModelWriter.writeDirectory(dir, shape, DType.F32, 0.02, 7, 0, corpus);
                modelDir = dir;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return modelDir;
    }

    /**
     * The service's real retriever (bundled cards, trained encoder, Lucene index), built once for
     * every test server in this JVM: training the encoder takes seconds. Top k 5, as served by default.
     */
    static synchronized RuleRetriever retriever() {
        if (retriever == null) retriever = ServerRunner.defaultRetriever(5);
        return retriever;
    }

    /** A temporary directory for the test servers' span files. */
    static synchronized Path spanDir() {
        if (spanDir == null) {
            try {
                spanDir = Files.createTempDirectory("quill-server-test-spans");
                Path dir = spanDir;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return spanDir;
    }

    /** One server shared by the test classes that need no special settings: generous limits, no keys. */
    static synchronized Running shared() {
        if (shared == null) {
            // a deadline well past the default: 64 requests at once on a busy 2-core CI machine must not
            // meet 504s meant for stuck requests (LifecycleTest pins the 504 with its own tight server)
            shared = start(Map.of("rate-limit-per-minute", "0", "max-output-tokens", "24", "deadline-ms", "60000"));
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** A server with these settings over the test model (port 0, 1 kernel thread, 16 MiB of KV unless given). */
    static Running start(Map<String, String> settings) {
        Map<String, String> flags = new HashMap<>(Map.of("port", "0", "host", "127.0.0.1", "threads", "1", "kv-mb", "16",
                "model", modelDir().toString(), "span-file", spanDir().resolve("spans-" + System.nanoTime() + ".jsonl").toString()));
        flags.putAll(settings);
        ServerConfig config = ServerConfig.from(new SettingSources(flags, Map.of(), new Properties()), TestServers::modelDir);
        try {
            RuleRetriever cards = config.retrievalTopK() == retriever().settings().topK() ? retriever()
                    : retriever().withSettings(retriever().settings().withTopK(config.retrievalTopK()));
            Telemetry telemetry = Telemetry.start(config.observability());
            Tutor tutor = Tutor.open(config.engine(), ServerRunner.defaultEditFinder(), cards, telemetry, telemetry.cost());
            telemetry.attach(tutor, config.engine().modelDir());
            List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>(); // tests stream it while the server appends
            Running r = new Running(QuillServer.start(config, tutor, telemetry, log::add), tutor, log);
            tutor.engine().addStepListener(step -> r.pauseIfSlowed());
            tutor.warmUp();
            return r;
        } catch (Exception e) {
            throw new IllegalStateException("test server failed to start", e);
        }
    }

    /** A running server, with a way to slow its engine down (each step sleeps) so tests can act mid-request. */
    static final class Running implements AutoCloseable {
        final QuillServer server;
        final Tutor tutor;
        final List<String> accessLog;
        final Http http;
        private volatile long stepSleepMillis;

        Running(QuillServer server, Tutor tutor, List<String> accessLog) {
            this.server = server;
            this.tutor = tutor;
            this.accessLog = accessLog;
            this.http = new Http(server.port());
        }

        Engine engine() {
            return tutor.engine();
        }

        Telemetry telemetry() {
            return server.telemetry();
        }

        /**
         * Waits (at most 5 s) until every model request sent so far is counted: its client may
         * read the answer before the server's after-handler counts it.
         */
        void awaitCounted() {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (telemetry().requestsBeingAnswered() > 0 && System.nanoTime() < end) {
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            assertThat(telemetry().requestsBeingAnswered()).as("model requests not yet counted").isZero();
        }

        /** Every engine step sleeps this long (0: full speed). */
        void slowSteps(long millis) {
            stepSleepMillis = millis;
        }

        private void pauseIfSlowed() {
            long ms = stepSleepMillis;
            if (ms > 0) {
                try {
                    Thread.sleep(ms);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void close() {
            stepSleepMillis = 0;
            server.close();
            tutor.close();
            server.telemetry().close();
        }
    }

    private static void delete(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
