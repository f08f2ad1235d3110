package dev.quill.server;

import dev.quill.server.tutor.EditFinder;
import dev.quill.server.observe.SpanFileExporter;
import dev.quill.server.observe.Telemetry;
import dev.quill.server.tutor.Tutor;
import dev.quill.grammar.edits.EditExtractor;
import dev.quill.retrieval.EncoderTrainer;
import dev.quill.retrieval.RuleCards;
import dev.quill.retrieval.RuleRetriever;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Runs the service until SIGTERM or SIGINT: loads the tutor, starts the server (alive at once),
 * warms the model up (ready after), and on the signal drains: readiness off, new requests 503,
 * requests in flight given up to the drain timeout, then the process exits 0.
 *
 * <p>{@code quill serve} calls {@link #run}; {@link #main} takes {@code --key=value} settings
 * directly (used by the tests that send real signals to a child process).
 */
public final class ServerRunner {
    private ServerRunner() {}

    /** The service's edits: quill-grammar's word alignment, typed with the morphological dictionary. */
    public static EditFinder defaultEditFinder() {
        EditExtractor extractor = EditExtractor.english();
        return extractor::extract;
    }

    /**
     * The service's rule-card retriever: the bundled cards, the encoder trained on them (a few
     * seconds, seeded: the same weights every start) and the Lucene index, with {@code topK} cards per query.
     */
    public static RuleRetriever defaultRetriever(int topK) {
        RuleCards cards = RuleCards.bundled();
        return RuleRetriever.build(cards, EncoderTrainer.train(cards), RuleRetriever.Settings.defaults().withTopK(topK));
    }

    public static int run(ServerConfig config, PrintStream log) throws Exception {
        // what can be checked is, before the encoder's seconds of training
        Tutor.checkModelDirectory(config.engine().modelDir());
        if (config.observability().tracing()) SpanFileExporter.checkWritable(config.observability().spanFile().toAbsolutePath());
        long r0 = System.nanoTime();
        RuleRetriever retriever = defaultRetriever(config.retrievalTopK());
        log.printf("quill: %d rule cards indexed (encoder trained) in %.0f ms%n", retriever.cards().size(), (System.nanoTime() - r0) / 1e6);
        log.printf("quill: loading %s (policy %s)%n", config.engine().modelDir(), config.engine().policy());
        Telemetry telemetry = Telemetry.start(config.observability());
        Tutor tutor;
        QuillServer server;
        try {
            tutor = Tutor.open(config.engine(), defaultEditFinder(), retriever, telemetry, telemetry.cost());
        } catch (Exception e) {
            telemetry.close();
            retriever.close();
            throw e;
        }
        try {
            telemetry.attach(tutor, config.engine().modelDir());
            server = QuillServer.start(config, tutor, telemetry);
        } catch (RuntimeException e) {
            tutor.close();
            telemetry.close();
            retriever.close();
            throw e;
        }
        if (config.observability().tracing()) log.printf("quill: spans to %s%s%n", config.observability().spanFile(),
                config.observability().otlpEndpoint().map(e -> " and OTLP " + e).orElse(""));
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        long t0 = System.nanoTime();
        tutor.warmUp();
        log.printf("quill: serving %s on http://%s:%d (warm-up %.0f ms); listening on port %d%n", tutor.modelName(),
                config.host(), server.port(), (System.nanoTime() - t0) / 1e6, server.port());
        log.flush();
        stop.await();
        log.printf("quill: draining (%d in flight, up to %d ms)%n", server.inFlight(), config.drainTimeout().toMillis());
        boolean drained = server.drain(config.drainTimeout());
        if (!drained) log.printf("quill: drain timeout passed with %d requests in flight; stopping anyway%n", server.inFlight());
        server.close();
        tutor.close();
        telemetry.close();
        retriever.close();
        log.println("quill: stopped");
        log.flush();
        return 0;
    }

    /** {@code --key=value} settings (as {@code quill serve} takes them), then the environment and config file. */
    public static void main(String[] args) throws Exception {
        Map<String, String> flags = new HashMap<>();
        for (String a : args) {
            if (!a.startsWith("--") || !a.contains("=")) throw new IllegalArgumentException("expected --key=value, got " + a);
            flags.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        ServerConfig config = ServerConfig.from(SettingSources.of(flags, System.getenv()), () -> Path.of("models/quill-tutor"));
        System.exit(run(config, System.out));
    }
}
