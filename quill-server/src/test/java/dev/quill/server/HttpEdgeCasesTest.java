package dev.quill.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The HTTP exchange at its edges, through real sockets: bodies that are cut short, badly framed
 * or stop arriving, headers and query strings the framework would otherwise read wrongly, HEAD
 * and OPTIONS, text with nothing visible in it, and clients that reuse a request id or leave a
 * stream. Each is answered with its exact status and problem, and counted as what it was.
 */
class HttpEdgeCasesTest {
    private static final String CORRECT = "/v1/grammar/correct";
    private static TestServers.Running server;
    private static Http http;

    @BeforeAll
    static void start() {
        server = TestServers.start(Map.of("rate-limit-per-minute", "0", "max-output-tokens", "24", "deadline-ms", "60000",
                "idle-timeout-ms", "500"));
        http = server.http;
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode problem(Http.Reply r, int status, String slug) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.get("type").asString()).isEqualTo("/problems/" + slug);
        return p;
    }

    /** Sends raw bytes, optionally half-closing, and returns the whole response as text. */
    private static String raw(String request, boolean halfClose) throws Exception {
        try (Socket s = new Socket("127.0.0.1", http.port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (halfClose) s.shutdownOutput();
            return new String(BadInputTest.readResponse(s.getInputStream()), StandardCharsets.UTF_8);
        }
    }

    private static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    @ParameterizedTest
    @ValueSource(strings = {";", ";;", " ; charset=utf-8", ""})
    void contentTypeWithoutAMediaTypeIs415(String contentType) {
        problem(http.post(CORRECT, contentType, "{\"sentence\": \"He go home\"}".getBytes(StandardCharsets.UTF_8)), 415,
                "unsupported-media-type");
    }

    @Test
    void bodyCutShortIs400() throws Exception {
        String response = raw("POST " + CORRECT + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                + "{\"sentence\":\"He go\"}", true);
        assertThat(response).startsWith("HTTP/1.1 400");
        http.validate("/components/schemas/Problem", body(response));
        assertThat(body(response)).contains("/problems/http-protocol").contains("cut short");
    }

    @Test
    void badlyFramedChunksAre400() throws Exception {
        String response = raw("POST " + CORRECT + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\nzz\r\n{\"sen\r\n0\r\n\r\n", false);
        assertThat(response).startsWith("HTTP/1.1 400");
        assertThat(body(response)).contains("/problems/http-protocol");
    }

    @Test
    void bodyThatStopsArrivingIs408AfterTheIdleTimeout() throws Exception {
        try (Socket s = new Socket("127.0.0.1", http.port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("POST " + CORRECT + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"sentence\":\"He go\"}").getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush(); // and nothing more, the connection left open
            String response = new String(BadInputTest.readResponse(s.getInputStream()), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 408");
            http.validate("/components/schemas/Problem", body(response));
            assertThat(body(response)).contains("/problems/body-timeout");
        }
        server.awaitCounted();
        assertThat(server.accessLog).anyMatch(l -> l.contains("status=408"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\u200b\\u200b", "\\ufeff", "\\u00a0 \\u00a0", "\\ud800", "\\u200d\\u00ad", " \\u2060\\t"})
    void sentenceWithNothingVisibleIs422(String escaped) {
        JsonNode p = problem(http.postJson(CORRECT, "{\"sentence\": \"" + escaped + "\"}"), 422, "invalid-request");
        assertThat(p.get("field").asString()).isEqualTo("/sentence");
        assertThat(p.get("detail").asString()).contains("'sentence' is empty");
    }

    @Test
    void chatMessageWithNothingVisibleIs422() {
        JsonNode p = problem(http.postJson("/v1/chat/completions", "{\"messages\": [{\"role\": \"user\", \"content\": \"\\u200b\"}]}"),
                422, "invalid-request");
        assertThat(p.get("field").asString()).isEqualTo("/messages/0/content");
    }

    @Test
    void noBreakSpacesInsideASentenceAreSpaces() {
        Http.Reply r = http.postJson(CORRECT, "{\"sentence\": \"She\\u00a0goes\\u200b home.\"}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("sentence").asString()).isEqualTo("She goes home.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/rules?q=ab%zzcd", "/v1/rules?q=verb&k=%zz", "/v1/rules?q=ab%ffcd", "/v1/rules?q=verb%", "/v1/rules/x?q=%c3%28"})
    void malformedQueryStringIs400(String pathAndQuery) throws Exception {
        // java.net.URI refuses such queries, so they go out raw
        String response = raw("GET " + pathAndQuery + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", false);
        assertThat(response).startsWith("HTTP/1.1 400").containsIgnoringCase("content-type: application/problem+json");
        http.validate("/components/schemas/Problem", body(response));
        assertThat(body(response)).contains("/problems/malformed-query").contains("The query string cannot be read");
    }

    @Test
    void wellFormedEncodedQueryIsRead() {
        Http.Reply r = http.get("/v1/rules?q=caf%C3%A9+verb&k=2");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("query").asString()).isEqualTo("café verb");
    }

    private static HttpResponse<byte[]> send(String method, String path) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(http.uri(path)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        }
    }

    @Test
    void headAnswersAsGetDoesWithoutABody() throws Exception {
        for (String path : new String[] {"/v1/rules/no-such-rule", "/v1/rules", "/assets/nope.js", "/", "/healthz", "/v1/stats"}) {
            HttpResponse<byte[]> get = send("GET", path);
            HttpResponse<byte[]> head = send("HEAD", path);
            assertThat(head.statusCode()).as(path).isEqualTo(get.statusCode());
            assertThat(head.headers().firstValue("Content-Type")).as(path).isEqualTo(get.headers().firstValue("Content-Type"));
            assertThat(head.body()).as(path).isEmpty();
        }
    }

    @Test
    void optionsListsThePathsMethods() throws Exception {
        HttpResponse<byte[]> post = send("OPTIONS", CORRECT);
        assertThat(post.statusCode()).isEqualTo(204);
        assertThat(post.headers().firstValue("Allow")).hasValue("POST, OPTIONS");
        assertThat(post.headers().firstValue("Content-Type")).isEmpty();
        assertThat(send("OPTIONS", "/v1/rules/some-rule").headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
        assertThat(send("OPTIONS", "/no/such/path").statusCode()).isEqualTo(404);
    }

    @Test
    void parserLimitsAreNamedForWhatTheyAre() {
        JsonNode p = problem(http.postJson(CORRECT, "{\"sentence\": \"hi\", \"max_tokens\": " + "9".repeat(2000) + "}"), 400, "malformed-json");
        assertThat(p.get("detail").asString()).contains("Number value length").doesNotContain("nested");
    }

    @Test
    void openAiParametersOutOfRangeSayWhatIsAllowed() {
        JsonNode topP = problem(http.postJson("/v1/chat/completions",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"top_p\": 0}"), 422, "invalid-request");
        assertThat(topP.get("detail").asString()).contains("greater than 0").contains("at most 1").doesNotContain("E-324");
        JsonNode empty = problem(http.postJson("/v1/completions", "{\"prompt\": []}"), 422, "invalid-request");
        assertThat(empty.get("detail").asString()).contains("the array is empty");
        JsonNode two = problem(http.postJson("/v1/completions", "{\"prompt\": [\"a\", \"b\"]}"), 422, "invalid-request");
        assertThat(two.get("detail").asString()).contains("not 2");
    }

    @Test
    void requestsSharingAClientIdAreEachCountedAndTraced() throws Exception {
        server.awaitCounted();
        long before = http.get("/v1/stats").json().at("/requests/total").asLong();
        int n = 8;
        List<Future<Http.Reply>> replies = new ArrayList<>();
        server.slowSteps(5); // so that the requests overlap
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            for (int i = 0; i < n; i++) {
                String sentence = "She go to school every days number " + i;
                replies.add(pool.submit(() -> http.postJson(CORRECT, "{\"sentence\": \"" + sentence + "\"}", "X-Request-Id", "same-id")));
            }
            Set<String> ids = new HashSet<>();
            for (Future<Http.Reply> f : replies) {
                Http.Reply r = f.get();
                assertThat(r.status()).isEqualTo(200);
                String id = r.header("X-Request-Id");
                assertThat(id).startsWith("same-id");
                assertThat(r.json().get("request_id").asString()).isEqualTo(id);
                ids.add(id);
            }
            assertThat(ids).hasSize(n);
        } finally {
            server.slowSteps(0);
        }
        server.awaitCounted();
        assertThat(http.get("/v1/stats").json().at("/requests/total").asLong()).isEqualTo(before + n);
    }

    @Test
    void streamTheClientLeavesIsCountedAs499() throws Exception {
        server.awaitCounted();
        long before = http.get("/v1/stats").json().at("/requests/by_status/499").asLong(0);
        server.slowSteps(50);
        try (Socket s = new Socket("127.0.0.1", http.port)) {
            s.setSoTimeout(10_000);
            String json = "{\"sentence\": \"She go to school every days and he go to work every days\", \"stream\": true}";
            s.getOutputStream().write(("POST " + CORRECT + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                    + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json).getBytes(StandardCharsets.UTF_8));
            InputStream in = s.getInputStream();
            byte[] status = in.readNBytes(12);
            assertThat(new String(status, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
            s.setSoLinger(true, 0); // a reset, as a client that crashed or was killed leaves
        } finally {
            server.slowSteps(0);
        }
        server.awaitCounted();
        assertThat(http.get("/v1/stats").json().at("/requests/by_status/499").asLong(0)).isEqualTo(before + 1);
        assertThat(server.accessLog).anyMatch(l -> l.contains("status=499"));
    }
}
