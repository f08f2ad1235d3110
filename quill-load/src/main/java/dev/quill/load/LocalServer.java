package dev.quill.load;

import dev.quill.retrieval.RuleRetriever;
import dev.quill.server.QuillServer;
import dev.quill.server.ServerConfig;
import dev.quill.server.ServerRunner;
import dev.quill.server.SettingSources;
import dev.quill.server.observe.Telemetry;
import dev.quill.server.tutor.Tutor;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A quill server started in this process on a loopback ephemeral port, the whole service
 * (guards, retrieval, engine) as {@code quill serve} runs it, for sweeps and tests. The
 * retriever is the caller's and may be shared by servers started one after another (training
 * its encoder takes seconds). No rate limit unless {@code settings} set one.
 */
public final class LocalServer implements AutoCloseable {
    private final Tutor tutor;
    private final QuillServer server;

    private LocalServer(Tutor tutor, QuillServer server) {
        this.tutor = tutor;
        this.server = server;
    }

    /** @param settings further {@code quill serve} settings by key ({@code kv-mb}, {@code threads}, ...) */
    public static LocalServer start(Path model, String policy, RuleRetriever retriever, Map<String, String> settings) throws Exception {
        ServerConfig config = config(model, policy, settings);
        Telemetry telemetry = Telemetry.start(config.observability());
        Tutor tutor = Tutor.open(config.engine(), ServerRunner.defaultEditFinder(), retriever, telemetry, telemetry.cost());
        try {
            telemetry.attach(tutor, model);
            QuillServer server = QuillServer.start(config, tutor, telemetry, line -> {});
            tutor.warmUp();
            return new LocalServer(tutor, server);
        } catch (Exception e) {
            tutor.close();
            telemetry.close();
            throw e;
        }
    }

    /**
     * The configuration {@link #start} serves with; cheap, so a caller can check {@code settings}
     * (a malformed value throws {@link IllegalArgumentException}) before anything is started.
     */
    public static ServerConfig config(Path model, String policy, Map<String, String> settings) {
        Map<String, String> flags = new HashMap<>(Map.of("port", "0", "host", "127.0.0.1", "rate-limit-per-minute", "0", "tracing", "false"));
        flags.putAll(settings);
        flags.put("model", model.toString());
        flags.put("policy", policy);
        return ServerConfig.from(new SettingSources(flags, Map.of(), new Properties()), () -> model);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    public Tutor tutor() {
        return tutor;
    }

    @Override
    public void close() {
        server.close();
        tutor.close();
        server.telemetry().close();
    }
}
