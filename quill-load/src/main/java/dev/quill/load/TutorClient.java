package dev.quill.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;

/**
 * Sends one sentence to {@code POST /v1/grammar/correct} and times it: streamed (Server-Sent
 * Events: a {@code token} event per piece of text, then {@code correction} or {@code error}) or
 * not (one JSON answer; its first token is the whole answer). Loopback addresses only: load tests
 * are for the server on this machine.
 */
public final class TutorClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI endpoint;
    private final boolean stream;
    private final Integer maxTokens;
    private final Duration timeout;

    /**
     * @param baseUrl   e.g. {@code http://127.0.0.1:8080}
     * @param maxTokens the output cap each request asks for, or null for the server's default
     */
    public TutorClient(URI baseUrl, boolean stream, Integer maxTokens, Duration timeout) {
        requireLoopback(baseUrl);
        this.endpoint = baseUrl.resolve("/v1/grammar/correct");
        this.stream = stream;
        this.maxTokens = maxTokens;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).connectTimeout(Duration.ofSeconds(5)).build();
    }

    static void requireLoopback(URI url) {
        if (url.getHost() == null || !"http".equals(url.getScheme())) throw new IllegalArgumentException("expected an http:// URL, got " + url);
        if (url.getPort() == 0 || url.getPort() > 65535) throw new IllegalArgumentException("port must be 1-65535, got " + url.getPort() + " in " + url);
        try {
            for (InetAddress a : InetAddress.getAllByName(url.getHost())) {
                if (!a.isLoopbackAddress()) {
                    throw new IllegalArgumentException(url.getHost() + " is not a loopback address; quill's load tools only load a server on this machine");
                }
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host " + url.getHost(), e);
        }
    }

    /** Sends {@code sentence}, its latency counted from {@code intendedNanos}; never throws for a failed request. */
    public RequestOutcome send(String sentence, long intendedNanos) {
        ObjectNode body = JSON.createObjectNode().put("sentence", sentence).put("stream", stream);
        if (maxTokens != null) body.put("max_tokens", maxTokens);
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout).header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        long sent = System.nanoTime();
        try {
            return stream ? streamed(request, intendedNanos, sent) : whole(request, intendedNanos, sent);
        } catch (IOException e) {
            return new RequestOutcome(intendedNanos, sent, -1, -1, 0, 0, 0, new long[0],
                    e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new RequestOutcome(intendedNanos, sent, -1, -1, 0, 0, 0, new long[0], "interrupted");
        }
    }

    private RequestOutcome whole(HttpRequest request, long intended, long sent) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        long done = System.nanoTime();
        if (r.statusCode() != 200) return failed(intended, sent, done, r.statusCode());
        JsonNode usage = JSON.readTree(r.body()).path("usage");
        return new RequestOutcome(intended, sent, done, done, 200, usage.path("output_tokens").asInt(), usage.path("prompt_tokens").asInt(),
                new long[0], null);
    }

    private RequestOutcome streamed(HttpRequest request, long intended, long sent) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200 || !r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
            try (InputStream in = r.body()) {
                in.readAllBytes();
            }
            return failed(intended, sent, System.nanoTime(), r.statusCode());
        }
        long first = -1;
        long last = -1;
        long[] gaps = new long[16];
        int nGaps = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String event = "";
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    long now = System.nanoTime();
                    switch (event) {
                        case "token" -> {
                            if (first < 0) first = now;
                            else {
                                if (nGaps == gaps.length) gaps = Arrays.copyOf(gaps, 2 * nGaps);
                                gaps[nGaps++] = now - last;
                            }
                            last = now;
                        }
                        case "correction" -> {
                            JsonNode usage = JSON.readTree(line.substring(6)).path("usage");
                            // an answer with no text (the model stopped at once) has its first token with the answer
                            return new RequestOutcome(intended, sent, first < 0 ? now : first, now, 200, usage.path("output_tokens").asInt(),
                                    usage.path("prompt_tokens").asInt(), Arrays.copyOf(gaps, nGaps), null);
                        }
                        case "error" -> {
                            int status = JSON.readTree(line.substring(6)).path("status").asInt(500);
                            return new RequestOutcome(intended, sent, first, now, status, 0, 0, Arrays.copyOf(gaps, nGaps), "stream error " + status);
                        }
                        default -> { }
                    }
                    event = "";
                }
            }
        }
        return new RequestOutcome(intended, sent, first, -1, 200, 0, 0, Arrays.copyOf(gaps, nGaps), "stream ended without an answer");
    }

    private static RequestOutcome failed(long intended, long sent, long done, int status) {
        return new RequestOutcome(intended, sent, -1, done, status, 0, 0, new long[0], "HTTP " + status);
    }

    @Override
    public void close() {
        http.close();
    }
}
