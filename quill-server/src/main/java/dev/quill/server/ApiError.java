package dev.quill.server;

import dev.quill.server.guard.RateLimiter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every way a request can fail, each an RFC 9457 problem with a stable {@code type}
 * ({@code /problems/<slug>}, served by the server itself), its HTTP status, a {@code detail} a
 * person can act on and, where one field is to blame, its JSON Pointer. Only {@link Internal}
 * is the server's own fault; nothing a client sends may end in it.
 */
public sealed interface ApiError {

    int status();

    /** The last segment of the type URI; stable, documented at {@code /problems/<slug>}. */
    String slug();

    String title();

    String detail();

    /** One wrong field of the request body. @param pointer JSON Pointer (RFC 6901) into the body */
    record FieldError(String pointer, String detail) {}

    /** Fields whose problems the body reports (empty for most errors). */
    default List<FieldError> fieldErrors() {
        return List.of();
    }

    /** Headers the answer carries besides Content-Type. */
    default Map<String, String> headers() {
        return Map.of();
    }

    /** Seconds after which retrying makes sense, or 0. */
    default long retryAfterSeconds() {
        return 0;
    }

    default String type() {
        return "/problems/" + slug();
    }

    record BodyTooLarge(long declaredBytes, int capBytes) implements ApiError {
        public int status() { return 413; }
        public String slug() { return "body-too-large"; }
        public String title() { return "Request body too large"; }
        public String detail() {
            return (declaredBytes >= 0 ? "The body is " + declaredBytes + " bytes; " : "The body is longer than the limit; ")
                    + "at most " + capBytes + " bytes are accepted. Send a shorter sentence.";
        }
        public Map<String, String> headers() { return Map.of("Connection", "close"); }
    }

    record UnsupportedMediaType(String contentType) implements ApiError {
        public int status() { return 415; }
        public String slug() { return "unsupported-media-type"; }
        public String title() { return "Unsupported media type"; }
        public String detail() {
            return (contentType == null ? "The request has no Content-Type" : "Content-Type '" + contentType + "' is not accepted")
                    + "; send the body as JSON with 'Content-Type: application/json' (UTF-8).";
        }
        public Map<String, String> headers() { return Map.of("Accept-Post", "application/json"); }
    }

    /** The client stopped sending its body before the connection's idle timeout ran out. */
    record BodyTimeout() implements ApiError {
        public int status() { return 408; }
        public String slug() { return "body-timeout"; }
        public String title() { return "Request body timed out"; }
        public String detail() { return "The request body stopped arriving before it was complete; send the whole body at once."; }
        public Map<String, String> headers() { return Map.of("Connection", "close"); }
    }

    record MalformedJson(String detail) implements ApiError {
        public int status() { return 400; }
        public String slug() { return "malformed-json"; }
        public String title() { return "Malformed JSON"; }
    }

    record MalformedQuery(String reason) implements ApiError {
        public int status() { return 400; }
        public String slug() { return "malformed-query"; }
        public String title() { return "Malformed query string"; }
        public String detail() { return "The query string cannot be read: " + reason + "."; }
    }

    record InvalidUtf8(long byteOffset) implements ApiError {
        public int status() { return 400; }
        public String slug() { return "invalid-utf8"; }
        public String title() { return "Body is not valid UTF-8"; }
        public String detail() { return "The body is not valid UTF-8 (first bad byte at offset " + byteOffset + "); JSON must be sent as UTF-8."; }
    }

    record InvalidRequest(List<FieldError> fieldErrors) implements ApiError {
        public InvalidRequest {
            if (fieldErrors.isEmpty()) throw new IllegalArgumentException("an invalid request names at least one field");
            fieldErrors = List.copyOf(fieldErrors);
        }
        public int status() { return 422; }
        public String slug() { return "invalid-request"; }
        public String title() { return "Invalid request"; }
        public String detail() {
            FieldError first = fieldErrors.getFirst();
            return first.detail() + (fieldErrors.size() > 1 ? " (and " + (fieldErrors.size() - 1) + " more; see errors)" : "");
        }
    }

    record Unauthorized(boolean keyPresented) implements ApiError {
        public int status() { return 401; }
        public String slug() { return "unauthorized"; }
        public String title() { return "API key required"; }
        public String detail() {
            return keyPresented ? "The API key is not valid." : "Send an API key as 'Authorization: Bearer <key>' (or an X-API-Key header).";
        }
        public Map<String, String> headers() { return Map.of("WWW-Authenticate", "Bearer realm=\"quill\""); }
    }

    record RateLimited(RateLimiter.Decision decision) implements ApiError {
        public int status() { return 429; }
        public String slug() { return "rate-limited"; }
        public String title() { return "Too many requests"; }
        public String detail() {
            return "This client has used its " + decision.limit() + " requests; try again in " + decision.retryAfterSeconds() + " s.";
        }
        public long retryAfterSeconds() { return decision.retryAfterSeconds(); }
    }

    record Overloaded(String reason, long retryAfterSeconds) implements ApiError {
        public int status() { return 503; }
        public String slug() { return "overloaded"; }
        public String title() { return "Server overloaded"; }
        public String detail() { return "The server is at capacity (" + reason + "); retry after " + retryAfterSeconds + " s."; }
    }

    record ShuttingDown() implements ApiError {
        public int status() { return 503; }
        public String slug() { return "shutting-down"; }
        public String title() { return "Server shutting down"; }
        public String detail() { return "This server is shutting down and takes no new requests; retry on another replica or shortly."; }
        public long retryAfterSeconds() { return 5; }
        public Map<String, String> headers() { return Map.of("Connection", "close"); }
    }

    record NotReady() implements ApiError {
        public int status() { return 503; }
        public String slug() { return "not-ready"; }
        public String title() { return "Not ready"; }
        public String detail() { return "The model is still loading or warming up."; }
        public long retryAfterSeconds() { return 2; }
    }

    record DeadlineExceeded(long deadlineMillis) implements ApiError {
        public int status() { return 504; }
        public String slug() { return "deadline-exceeded"; }
        public String title() { return "Deadline exceeded"; }
        public String detail() { return "The answer was not ready within the request deadline of " + deadlineMillis + " ms; the request was stopped."; }
    }

    record NotFound(String path) implements ApiError {
        public int status() { return 404; }
        public String slug() { return "not-found"; }
        public String title() { return "Not found"; }
        public String detail() { return "No endpoint at " + path + "; GET /openapi.json lists them."; }
    }

    record RuleNotFound(String id) implements ApiError {
        public int status() { return 404; }
        public String slug() { return "rule-not-found"; }
        public String title() { return "Rule not found"; }
        public String detail() { return "There is no rule card '" + id + "'; GET /v1/rules?q=... searches them."; }
    }

    record MethodNotAllowed(String method, String path) implements ApiError {
        public int status() { return 405; }
        public String slug() { return "method-not-allowed"; }
        public String title() { return "Method not allowed"; }
        public String detail() { return path + " does not take " + method + "; GET /openapi.json lists the methods."; }
    }

    record ModelNotFound(String model, String served) implements ApiError {
        public int status() { return 404; }
        public String slug() { return "model-not-found"; }
        public String title() { return "Model not found"; }
        public String detail() { return "This server has no model '" + model + "'; it serves '" + served + "' (GET /v1/models)."; }
        public List<FieldError> fieldErrors() { return List.of(new FieldError("/model", detail())); }
    }

    /** The HTTP message itself was broken (bad request line, headers too large...): refused by Jetty before any handler. */
    record HttpProtocol(int status, String reason) implements ApiError {
        public String slug() { return "http-protocol"; }
        public String title() { return "Malformed HTTP request"; }
        public String detail() {
            return "The HTTP request could not be read" + (reason == null || reason.isBlank() ? "" : " (" + reason + ")") + ".";
        }
        public Map<String, String> headers() { return Map.of("Connection", "close"); }
    }

    record Internal(String requestId) implements ApiError {
        public int status() { return 500; }
        public String slug() { return "internal-error"; }
        public String title() { return "Internal server error"; }
        public String detail() { return "The server failed on this request (request id " + requestId + "); it has been logged."; }
    }

    /** Every slug with its title and status, for /problems and the OpenAPI document. */
    static Map<String, String> catalogue() {
        Map<String, String> m = new LinkedHashMap<>();
        for (ApiError e : List.of(new BodyTooLarge(0, 0), new BodyTimeout(), new UnsupportedMediaType(null), new MalformedJson(""), new MalformedQuery(""), new InvalidUtf8(0),
                new InvalidRequest(List.of(new FieldError("", ""))), new Unauthorized(false),
                new RateLimited(new RateLimiter.Decision(false, 0, 0, 0, 0)), new Overloaded("", 0), new ShuttingDown(),
                new NotReady(), new DeadlineExceeded(0), new NotFound(""), new RuleNotFound(""), new MethodNotAllowed("", ""), new ModelNotFound("", ""),
                new HttpProtocol(400, ""), new Internal(""))) {
            m.put(e.slug(), e.status() + " " + e.title());
        }
        return m;
    }
}
