package dev.quill.server;

import dev.quill.server.observe.ObservabilityConfig;
import dev.quill.server.tutor.Degradation;
import dev.quill.server.tutor.EngineSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Everything {@code quill serve} can be told, with its default. Each setting has a key used as
 * flag ({@code --max-body-bytes}), environment variable ({@code QUILL_MAX_BODY_BYTES}) and
 * config-file key ({@code max-body-bytes}); see {@link SettingSources} for the precedence.
 *
 * @param maxBodyBytes      request bodies over this are refused (413) before they are read
 * @param maxSentenceChars  longest sentence accepted (after normalisation), in characters
 * @param maxOutputTokens   most tokens a request may ask the model for
 * @param deadline          a request still unanswered after this gets 504
 * @param drainTimeout      on SIGTERM, how long requests in flight may take to finish
 * @param idleTimeout       how long a connection may send nothing: a body that stops arriving gets 408
 * @param rateLimitPerMinute requests a client may make a minute (0 = no limit)
 * @param rateLimitBurst    requests a client may make at once
 * @param apiKeys           when not empty, every /v1 request needs one of these keys
 * @param latencyBudget     the end-to-end time a request should fit in (seed 000: 5 s); the
 *                          predicted queue wait is held against it for graceful degradation
 * @param degradeOrder      what busy-time requests give up, in order (seed 003); empty: nothing
 * @param retrievalTopK     rule cards retrieved per edit, the best one its explanation (seed 000: 5);
 *                          also the default {@code k} of {@code GET /v1/rules}
 * @param observability     traces, metrics and the instance price ({@link ObservabilityConfig})
 */
public record ServerConfig(String host, int port, EngineSettings engine, int maxBodyBytes, int maxSentenceChars,
        int maxOutputTokens, Duration deadline, Duration drainTimeout, Duration idleTimeout, long rateLimitPerMinute, long rateLimitBurst,
        Set<String> apiKeys, Duration latencyBudget, List<Degradation.Step> degradeOrder,
        int retrievalTopK,
        ObservabilityConfig observability) {

    public ServerConfig {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0-65535, got " + port);
        checkHost(host);
        if (maxBodyBytes < 64) throw new IllegalArgumentException("max-body-bytes must be at least 64, got " + maxBodyBytes);
        if (maxSentenceChars < 1) throw new IllegalArgumentException("max-sentence-chars must be at least 1");
        if (maxOutputTokens < 1) throw new IllegalArgumentException("max-output-tokens must be at least 1");
        if (deadline.isNegative() || deadline.isZero()) throw new IllegalArgumentException("deadline-ms must be positive");
        if (drainTimeout.isNegative()) throw new IllegalArgumentException("drain-timeout-ms must not be negative, got " + drainTimeout.toMillis());
        if (latencyBudget.isNegative() || latencyBudget.isZero()) {
            throw new IllegalArgumentException("latency-budget-ms must be positive, got " + latencyBudget.toMillis());
        }
        if (idleTimeout.toMillis() < 100) throw new IllegalArgumentException("idle-timeout-ms must be at least 100, got " + idleTimeout.toMillis());
        if (retrievalTopK < 1 || retrievalTopK > MAX_RULES) {
            throw new IllegalArgumentException("retrieval-top-k must be 1-" + MAX_RULES + ", got " + retrievalTopK);
        }
        apiKeys = Set.copyOf(apiKeys);
        degradeOrder = List.copyOf(degradeOrder);
    }

    /**
     * Fails unless {@code host} names an address of this machine: Jetty reports any bind failure
     * as "port already in use", which sends a user after the wrong setting.
     */
    private static void checkHost(String host) {
        java.net.InetAddress address;
        try {
            address = java.net.InetAddress.getByName(host);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("host '" + host + "' is not an address or a name that resolves");
        }
        try {
            if (!address.isAnyLocalAddress() && java.net.NetworkInterface.getByInetAddress(address) == null) {
                throw new IllegalArgumentException("host " + host + " is not an address of this machine (0.0.0.0 for all, 127.0.0.1 for loopback)");
            }
        } catch (java.net.SocketException e) {
            throw new IllegalArgumentException("host " + host + ": " + e.getMessage());
        }
    }

    /** Most rule cards one retrieval may return (per edit, or per {@code GET /v1/rules}). */
    public static final int MAX_RULES = 20;

    /** Reads every setting from {@code s}; {@code defaultModel} is asked only when no model is given. */
    public static ServerConfig from(SettingSources s, Supplier<Path> defaultModel) {
        int cores = Runtime.getRuntime().availableProcessors();
        EngineSettings engine = new EngineSettings(
                s.get("model").map(Path::of).orElseGet(defaultModel),
                s.string("policy", "continuous"),
                s.integer("max-batch", 16),
                Duration.ofMillis(s.number("static-wait-ms", 20)),
                s.integer("step-tokens", 512),
                s.number("kv-mb", 256) << 20,
                s.integer("max-waiting", 256),
                s.integer("max-queued-prompt-tokens", 65_536),
                s.integer("threads", cores),
                s.string("min-gain", "model"),
                s.flag("speculate", true),
                s.flag("spelling", true));
        Set<String> keys = new LinkedHashSet<>();
        s.get("api-keys").ifPresent(v -> {
            Arrays.stream(v.split(",")).map(String::strip).filter(k -> !k.isEmpty()).forEach(keys::add);
            // asked for keys but gave none: serving without authentication would be the wrong surprise
            if (keys.isEmpty()) throw new IllegalArgumentException("api-keys '" + v + "' holds no key; give one or more, comma-separated");
        });
        return new ServerConfig(
                s.string("host", "0.0.0.0"),
                s.integer("port", 8080),
                engine,
                s.integer("max-body-bytes", 8192),
                s.integer("max-sentence-chars", 1000),
                s.integer("max-output-tokens", 128),
                Duration.ofMillis(s.number("deadline-ms", 10_000)),
                Duration.ofMillis(s.number("drain-timeout-ms", 30_000)),
                Duration.ofMillis(s.number("idle-timeout-ms", 30_000)),
                s.number("rate-limit-per-minute", 600),
                s.number("rate-limit-burst", 100),
                keys,
                Duration.ofMillis(s.number("latency-budget-ms", 5_000)),
                degradeOrder(s.string("degrade-order", "fewer-cards,no-retrieval,short-output")),
                s.integer("retrieval-top-k", 5),
                ObservabilityConfig.from(s));
    }

    private static List<Degradation.Step> degradeOrder(String v) {
        if (v.isBlank() || v.strip().equals("none")) return List.of();
        List<Degradation.Step> out = new ArrayList<>();
        for (String part : v.split(",")) {
            try {
                Degradation.Step step = Degradation.Step.parse(part);
                if (!out.contains(step)) out.add(step);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("degrade-order: unknown step '" + part.strip()
                        + "' (fewer-cards, no-retrieval, short-output, or none)");
            }
        }
        return out;
    }
}
