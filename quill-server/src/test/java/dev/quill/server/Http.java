package dev.quill.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A real HTTP client (java.net.http) for one test server. Every answer it gets is checked
 * against the JSON Schema that the server's own /openapi.json publishes for that path, status
 * and media type (stream events included), with networknt's validator.
 */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOC = "https://quill.test/openapi.json";

    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor()).connectTimeout(Duration.ofSeconds(5)).build();
    final int port;
    private JsonNode openApi;
    private SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    Http(int port) {
        this.port = port;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    record Reply(int status, HttpHeaders headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            return JSON.readTree(body);
        }

        String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    /** One Server-Sent Event: its name ("" for none) and data. */
    record Event(String name, String data) {
        JsonNode json() {
            return JSON.readTree(data);
        }
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build(), path);
    }

    Reply postJson(String path, String json, String... headers) {
        return post(path, "application/json", json.getBytes(StandardCharsets.UTF_8), headers);
    }

    Reply post(String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) b.header("Content-Type", contentType);
        if (headers.length > 0) b.headers(headers);
        return send(b.build(), path);
    }

    Reply send(HttpRequest request, String path) {
        try {
            HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            Reply reply = new Reply(r.statusCode(), r.headers(), r.body());
            check(path, request.method(), reply);
            return reply;
        } catch (IOException e) {
            throw new IllegalStateException("request to " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Posts and reads the answer as a stream of events, handing each to {@code onEvent} as it
     * arrives (before the next is read); returns them all. Every event is checked against the
     * schema. Non-stream answers (problems) come back as one event named "problem".
     */
    List<Event> stream(String path, String json, Consumer<Event> onEvent, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (headers.length > 0) b.headers(headers);
        HttpResponse<InputStream> r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        List<Event> events = new ArrayList<>();
        if (!r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
            byte[] body;
            try (InputStream in = r.body()) {
                body = in.readAllBytes();
            }
            check(path, "POST", new Reply(r.statusCode(), r.headers(), body));
            events.add(new Event("problem", new String(body, StandardCharsets.UTF_8)));
            return events;
        }
        assertThat(r.statusCode()).isEqualTo(200);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String name = "";
            StringBuilder data = null;
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null) {
                        Event e = new Event(name, data.toString());
                        checkEvent(path, e);
                        events.add(e);
                        onEvent.accept(e);
                    }
                    name = "";
                    data = null;
                } else if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
                }
            }
        }
        return events;
    }

    // ---------------------------------------------------------------- schema checks

    private synchronized void loadSchemas() {
        if (registry != null) return;
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri("/openapi.json")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            openApi = JSON.readTree(r.body());
            registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                    builder -> builder.schemas(Map.of(DOC, r.body())));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Validates {@code json} against the schema at {@code pointer} in /openapi.json (e.g. {@code /components/schemas/Problem}). */
    void validate(String pointer, String json) {
        loadSchemas();
        Schema s = schemas.computeIfAbsent(pointer, p -> registry.getSchema(SchemaLocation.of(DOC + "#" + p)));
        List<Error> errors = s.validate(JSON.readTree(json));
        assertThat(errors).as("%s against %s", json.length() > 500 ? json.substring(0, 500) : json, pointer).isEmpty();
    }

    private String operation(String path, String method) {
        String p = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        String template = p.startsWith("/problems/") ? "/problems/{slug}" : p.startsWith("/v1/rules/") ? "/v1/rules/{id}"
                : p.startsWith("/assets/") ? "/assets/{file}" : p;
        return "/paths/" + template.replace("~", "~0").replace("/", "~1") + "/" + method.toLowerCase();
    }

    private void check(String path, String method, Reply r) {
        loadSchemas();
        String ct = r.contentType();
        if (ct.startsWith("application/problem+json")) {
            assertThat(r.status()).isBetween(400, 599);
            validate("/components/schemas/Problem", r.text());
            assertThat(r.json().get("status").asInt()).isEqualTo(r.status());
            return;
        }
        assertThat(r.status()).as("a non-problem answer %s", r.text()).isLessThan(300);
        JsonNode op = openApi.at(operation(path, method));
        assertThat(op.isMissingNode()).as("%s %s is in /openapi.json", method, path).isFalse();
        JsonNode resp = op.path("responses").path(Integer.toString(r.status()));
        assertThat(resp.isMissingNode()).as("status %d of %s %s is documented", r.status(), method, path).isFalse();
        if (ct.startsWith("application/json")) {
            JsonNode schema = resp.path("content").path("application/json").path("schema");
            String ref = schema.path("$ref").asString(null);
            if (ref != null) validate(ref.substring(1), r.text());
        } else if (ct.startsWith("text/event-stream")) {
            for (Event e : parseEvents(r.text())) checkEvent(path, e);
        } else if (!resp.path("content").has(ct.split(";")[0].strip())) {
            throw new AssertionError("undocumented media type " + ct + " from " + path);
        }
    }

    private void checkEvent(String path, Event e) {
        loadSchemas();
        if (e.data().equals("[DONE]")) return;
        JsonNode events = openApi.at(operation(path, "POST") + "/responses/200/content/text~1event-stream/x-quill-events");
        boolean isProblem = e.name().equals("error") || e.data().startsWith("{\"type\":\"/problems/");
        JsonNode ref = isProblem ? events.path("error") : events.path(e.name().isEmpty() ? "data" : e.name());
        assertThat(ref.isMissingNode()).as("event '%s' of %s is documented", e.name(), path).isFalse();
        validate(ref.path("$ref").asString().substring(1), e.data());
    }

    static List<Event> parseEvents(String text) {
        List<Event> out = new ArrayList<>();
        for (String block : text.split("\n\n")) {
            String name = "";
            StringBuilder data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) name = line.substring(7);
                else if (line.startsWith("data: ")) data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
            }
            if (data != null) out.add(new Event(name, data.toString()));
        }
        return out;
    }
}
