package dev.quill.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** Every way a client can send a bad request, each answered with its exact status and problem. */
class BadInputTest {
    private static final String CORRECT = "/v1/grammar/correct";
    private final Http http = TestServers.shared().http;

    private static JsonNode problem(Http.Reply r, int status, String slug) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.get("type").asString()).isEqualTo("/problems/" + slug);
        assertThat(p.get("detail").asString()).isNotBlank();
        assertThat(p.get("request_id").asString()).isEqualTo(r.header("X-Request-Id"));
        return p;
    }

    @Test
    void declaredBodyOverTheCapIsRefusedBeforeItIsSent() throws Exception {
        // the headers promise 100 kB that never come: only a server that refuses unread can answer
        try (Socket s = new Socket("127.0.0.1", http.port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("POST " + CORRECT + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100000\r\n\r\n{\"sentence\": \"").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(readResponse(s.getInputStream()), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 413");
            assertThat(response).containsIgnoringCase("content-type: application/problem+json");
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            http.validate("/components/schemas/Problem", body);
            assertThat(body).contains("/problems/body-too-large").contains("100000 bytes").contains("8192");
        }
    }

    @Test
    void brokenHttpIsAProblemToo() throws Exception {
        for (String request : new String[] {"POST " + CORRECT + " HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n",
                "POST " + CORRECT + " HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n"}) {
            try (Socket s = new Socket("127.0.0.1", http.port)) {
                s.setSoTimeout(5000);
                s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                String response = new String(readResponse(s.getInputStream()), StandardCharsets.UTF_8);
                assertThat(response).startsWith("HTTP/1.1 4").containsIgnoringCase("content-type: application/problem+json");
                String body = response.substring(response.indexOf("\r\n\r\n") + 4);
                http.validate("/components/schemas/Problem", body);
                assertThat(body).contains("/problems/http-protocol");
            }
        }
    }

    /** Reads one response: headers, then Content-Length bytes of body. */
    static byte[] readResponse(InputStream in) throws Exception {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        int length = -1;
        while (true) {
            int b = in.read();
            if (b < 0) break;
            buf.write(b);
            String sofar = buf.toString(StandardCharsets.ISO_8859_1);
            if (sofar.endsWith("\r\n\r\n")) {
                for (String line : sofar.split("\r\n")) {
                    if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).strip());
                }
                break;
            }
        }
        if (length > 0) buf.write(in.readNBytes(length));
        return buf.toByteArray();
    }

    @Test
    void chunkedBodyOverTheCapIsRefusedWhileRead() {
        byte[] big = ("{\"sentence\": \"" + "a".repeat(9000) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(http.uri(CORRECT)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build(); // no length: chunked
        problem(http.send(req, CORRECT), 413, "body-too-large");
    }

    @Test
    void bodyOverTheCapWithLengthIs413() {
        problem(http.postJson(CORRECT, "{\"sentence\": \"" + "a".repeat(9000) + "\"}"), 413, "body-too-large");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {"text/plain", "application/x-www-form-urlencoded",
            "application/json; charset=iso-8859-1", "NONE", "application/jsonp"})
    void nonJsonMediaTypeIs415(String contentType) {
        problem(http.post(CORRECT, contentType, "{\"sentence\": \"hi\"}".getBytes(StandardCharsets.UTF_8)), 415, "unsupported-media-type");
    }

    @Test
    void jsonWithUtf8CharsetIsAccepted() {
        assertThat(http.post(CORRECT, "application/json; charset=UTF-8", "{\"sentence\": \"hi there\"}".getBytes(StandardCharsets.UTF_8))
                .status()).isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"{\"sentence\": ", "{sentence: \"x\"}", "{\"sentence\": \"x\",}", "{\"sentence\": 'x'}",
            "{\"sentence\": \"x\"} {}", "{\"sentence\": \"a\", \"sentence\": \"b\"}", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
            "' '", "{\"sentence\": \"x\" /* c */}", "{\"sentence\": NaN}"})
    void malformedJsonIs400(String body) {
        problem(http.postJson(CORRECT, body.equals("' '") ? " " : body), 400, "malformed-json");
    }

    @Test
    void invalidUtf8Is400WithTheOffset() {
        byte[] body = {'{', '"', 's', 'e', 'n', 't', 'e', 'n', 'c', 'e', '"', ':', '"', (byte) 0xC3, '(', '"', '}'};
        JsonNode p = problem(http.post(CORRECT, "application/json", body), 400, "invalid-utf8");
        assertThat(p.get("detail").asString()).contains("offset 13");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{}                                              | /sentence   | required",
        "{\"sentence\": \"\"}                            | /sentence   | empty",
        "{\"sentence\": \"  \\t\\n \\u0007 \"}           | /sentence   | empty",
        "{\"sentence\": 42}                              | /sentence   | must be a string",
        "{\"sentence\": [\"a\"]}                         | /sentence   | must be a string",
        "{\"sentence\": \"ok\", \"stream\": \"yes\"}     | /stream     | true or false",
        "{\"sentence\": \"ok\", \"max_tokens\": 0}       | /max_tokens | between 1 and 24",
        "{\"sentence\": \"ok\", \"max_tokens\": 1.5}     | /max_tokens | whole number",
        "{\"sentence\": \"ok\", \"max_tokens\": 1e40}    | /max_tokens | between",
        "{\"sentence\": \"ok\", \"max_tokens\": \"3\"}   | /max_tokens | whole number",
        "{\"sentence\": \"ok\", \"temperature\": 1}      | /temperature | Unknown field",
        "{\"sentence\": \"ok\", \"a/b~c\": 1}            | /a~1b~0c    | Unknown field",
        "[\"He goed\"]                                   | ''          | must be a JSON object",
        "null                                            | ''          | must be a JSON object",
        "\"He goed\"                                     | ''          | must be a JSON object"})
    void invalidFieldsAre422WithTheirPointer(String body, String pointer, String detail) {
        JsonNode p = problem(http.postJson(CORRECT, body), 422, "invalid-request");
        assertThat(p.get("field").asString()).isEqualTo(pointer);
        assertThat(p.get("errors").get(0).get("pointer").asString()).isEqualTo(pointer);
        assertThat(p.get("detail").asString()).contains(detail);
        assertThat(p.get("error").get("type").asString()).isEqualTo("invalid_request_error");
    }

    @Test
    void sentenceOverTheLengthLimitIs422() {
        JsonNode p = problem(http.postJson(CORRECT, "{\"sentence\": \"" + "word ".repeat(300) + "\"}"), 422, "invalid-request");
        assertThat(p.get("field").asString()).isEqualTo("/sentence");
        assertThat(p.get("detail").asString()).contains("at most 1000");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        JsonNode p = problem(http.postJson(CORRECT, "{\"stream\": 1, \"extra\": true}"), 422, "invalid-request");
        assertThat(p.get("errors")).hasSize(3);
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() {
        problem(http.get("/v1/nothing-here"), 404, "not-found");
        problem(http.get(CORRECT), 405, "method-not-allowed");
        problem(http.get("/problems/no-such-problem"), 404, "not-found");
    }

    @Test
    void specialTokenTextStaysPlainText() {
        Http.Reply r = http.postJson(CORRECT, "{\"sentence\": \"<|eos|> stop <|correct|> here <|sep|>\", \"max_tokens\": 4}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("sentence").asString()).isEqualTo("<|eos|> stop <|correct|> here <|sep|>");
        // as plain text the markers cost several tokens each; as specials they would be one
        assertThat(r.json().get("usage").get("prompt_tokens").asInt()).isGreaterThan(10);
    }
}
