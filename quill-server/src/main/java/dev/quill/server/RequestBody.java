package dev.quill.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Stage {@code validate.body}, first half: from the raw request to a JSON object, refusing in
 * this order and before any more work than needed: a declared length over the cap (413, the
 * body unread), a media type other than JSON in UTF-8 (415), a body that turns out longer than
 * the cap while read (413), bytes that are not UTF-8 (400), text that is not one JSON value
 * (400: syntax, duplicate keys, nesting deeper than {@value #MAX_NESTING}, trailing data), and
 * a value that is not an object (422).
 */
final class RequestBody {
    static final int MAX_NESTING = 32;

    /** Parses strictly: no comments, duplicates or trailing tokens; bounded nesting. */
    static final ObjectMapper STRICT = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private RequestBody() {}

    /** Fails with 413 when the declared length is over the cap: call before reading anything. */
    static void checkDeclaredLength(long contentLength, int capBytes) {
        if (contentLength > capBytes) throw new ApiException(new ApiError.BodyTooLarge(contentLength, capBytes));
    }

    /** Fails with 415 unless the media type is application/json with no charset or UTF-8. */
    static void checkContentType(String contentType) {
        if (contentType == null) throw new ApiException(new ApiError.UnsupportedMediaType(null));
        String[] parts = contentType.split(";", -1); // never empty: ";" is two empty parts
        String mediaType = parts[0].strip().toLowerCase(Locale.ROOT);
        boolean ok = mediaType.equals("application/json");
        for (int i = 1; i < parts.length && ok; i++) {
            String[] kv = parts[i].strip().split("=", 2);
            if (kv[0].strip().equalsIgnoreCase("charset")) {
                String cs = kv.length > 1 ? kv[1].strip().replace("\"", "") : "";
                ok = cs.equalsIgnoreCase("utf-8") || cs.equalsIgnoreCase("utf8");
            }
        }
        if (!ok) throw new ApiException(new ApiError.UnsupportedMediaType(contentType.length() > 100 ? contentType.substring(0, 100) + "..." : contentType));
    }

    /** Reads at most {@code capBytes}; 413 as soon as the body proves longer. */
    static byte[] readCapped(InputStream in, int capBytes) throws IOException {
        byte[] body = in.readNBytes(capBytes + 1);
        if (body.length > capBytes) throw new ApiException(new ApiError.BodyTooLarge(-1, capBytes));
        return body;
    }

    /** Most bytes {@link #drain} reads: past it, the connection is closed on the rest. */
    static final int MAX_DRAIN_BYTES = 1 << 20;

    /**
     * Reads and drops what is left of a refused request's body, after its answer went out, up to
     * {@link #MAX_DRAIN_BYTES}; a client that stops sending is cut off by the connection's idle
     * timeout, and one that hangs up ends it at once.
     */
    static void drain(InputStream in) {
        try {
            long left = MAX_DRAIN_BYTES;
            byte[] buffer = new byte[8192];
            int n;
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) left -= n;
        } catch (IOException e) {
            // the client is gone, or stopped sending: its answer was already sent
        }
    }

    /** The body as a JSON object. */
    static ObjectNode parseObject(byte[] body) {
        String text = decodeUtf8(body);
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') text = text.substring(1); // RFC 8259 §8.1: a BOM may be ignored
        if (text.isBlank()) throw new ApiException(new ApiError.MalformedJson("The body is empty; send a JSON object."));
        JsonNode node;
        try {
            node = STRICT.readTree(text);
        } catch (StreamConstraintsException e) {
            String limit = e.getOriginalMessage();
            throw new ApiException(new ApiError.MalformedJson(limit.contains("nesting depth")
                    ? "The JSON is nested deeper than " + MAX_NESTING + " levels."
                    : "The JSON is over a parser limit: " + limit.replaceAll(", from `[^`]*`", "") + "."));
        } catch (JsonProcessingException e) {
            throw new ApiException(new ApiError.MalformedJson("The body is not valid JSON: " + describe(e)));
        }
        if (!(node instanceof ObjectNode object)) {
            throw new ApiException(new ApiError.InvalidRequest(List.of(new ApiError.FieldError("",
                    "The body must be a JSON object, not " + Fields.kind(node) + "."))));
        }
        return object;
    }

    private static String describe(JsonProcessingException e) {
        String msg = e.getOriginalMessage();
        if (msg.length() > 200) msg = msg.substring(0, 200) + "...";
        var loc = e.getLocation();
        return loc == null ? msg : msg + " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }

    static String decodeUtf8(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length);
        CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) throw new ApiException(new ApiError.InvalidUtf8(in.position()));
        r = decoder.flush(out);
        if (r.isError()) throw new ApiException(new ApiError.InvalidUtf8(in.position()));
        return out.flip().toString();
    }
}
