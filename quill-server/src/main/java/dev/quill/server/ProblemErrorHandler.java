package dev.quill.server;

import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own refusals (a request line or headers it cannot parse, headers over its limit, ...),
 * which happen before any route runs, answered as RFC 9457 problems like every other error
 * instead of Jetty's HTML page.
 */
final class ProblemErrorHandler extends ErrorHandler {

    private static byte[] body(int status, String reason) {
        String id = "req_" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        return Json.bytes(QuillServer.problem(new ApiError.HttpProtocol(status, reason), id));
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        byte[] bytes = body(code, message);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/problem+json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
