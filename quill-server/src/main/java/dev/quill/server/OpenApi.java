package dev.quill.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI 3.1 document served at /openapi.json: the hand-written {@code openapi.json}
 * resource (JSON Schema 2020-12 for every request, response and stream event) with this
 * server's limits filled in. The tests validate every answer they get against it.
 */
final class OpenApi {
    private OpenApi() {}

    static byte[] document(ServerConfig config) {
        ObjectNode doc;
        try (InputStream in = OpenApi.class.getResourceAsStream("openapi.json")) {
            if (in == null) throw new IllegalStateException("openapi.json is missing from quill-server's resources");
            doc = (ObjectNode) Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode correct = (ObjectNode) doc.at("/components/schemas/CorrectRequest/properties");
        ((ObjectNode) correct.get("sentence")).put("maxLength", config.maxSentenceChars());
        ((ObjectNode) correct.get("max_tokens")).put("maximum", config.maxOutputTokens());
        for (String request : new String[] {"ChatCompletionRequest", "CompletionRequest"}) {
            ((ObjectNode) doc.at("/components/schemas/" + request + "/properties/max_tokens")).put("maximum", config.maxOutputTokens());
        }
        return Json.bytes(doc);
    }
}
