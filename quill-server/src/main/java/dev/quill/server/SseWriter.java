package dev.quill.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Server-Sent Events (HTML Living Standard, "Server-sent events") on a committed response: each
 * event is flushed as soon as it is written, so the client sees tokens as they are decoded. Data
 * is one line of JSON (JSON text never holds a raw line break).
 */
final class SseWriter {
    private final OutputStream out;

    SseWriter(OutputStream out) {
        this.out = out;
    }

    /** An event with a name ({@code event:} field). */
    void event(String name, byte[] json) throws IOException {
        out.write(("event: " + name + "\n").getBytes(StandardCharsets.UTF_8));
        data(json);
    }

    /** An unnamed event (the OpenAI streaming form). */
    void data(byte[] json) throws IOException {
        out.write("data: ".getBytes(StandardCharsets.UTF_8));
        out.write(json);
        out.write("\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** A comment line: keeps proxies from timing the stream out, and shows at once if the client is gone. */
    void comment(String text) throws IOException {
        out.write((": " + text + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
