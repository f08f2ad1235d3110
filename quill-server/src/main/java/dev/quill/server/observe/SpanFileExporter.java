package dev.quill.server.observe;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes finished spans to a local JSON-lines file ({@link SpanFile} is the format), rotated by
 * size and bounded: past {@code maxBytes} the file becomes {@code FILE.1} ({@code FILE.1} becomes
 * {@code FILE.2}, ...) and only {@code keep} rotated files stay, so the span files never hold more
 * than {@code (keep + 1) * maxBytes}. An OpenTelemetry {@link SpanExporter}, run behind a batch
 * processor so that no request thread writes to disk.
 */
public final class SpanFileExporter implements SpanExporter {
    private static final System.Logger LOG = System.getLogger(SpanFileExporter.class.getName());
    private static final JsonFactory JSON = new JsonFactory();

    private final Path file;
    private final long maxBytes;
    private final int keep;
    private OutputStream out;
    private long size;
    private boolean closed;

    public SpanFileExporter(Path file, long maxBytes, int keep) {
        if (maxBytes < 1) throw new IllegalArgumentException("maxBytes must be positive");
        if (keep < 0) throw new IllegalArgumentException("keep must be >= 0");
        this.file = file.toAbsolutePath();
        this.maxBytes = maxBytes;
        this.keep = keep;
        checkWritable(this.file);
    }

    /** Fails at start-up, rather than at every flush later, when spans cannot be written to {@code file}. */
    public static void checkWritable(Path file) {
        if (Files.isDirectory(file)) throw new IllegalArgumentException("span file " + file + " is a directory");
        Path dir = file.getParent();
        try {
            if (dir != null) Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("span file " + file + ": cannot create its folder (" + e + ")");
        }
        if (dir != null && !Files.isWritable(dir) || Files.exists(file) && !Files.isWritable(file)) {
            throw new IllegalArgumentException("span file " + file + " cannot be written");
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized CompletableResultCode export(Collection<SpanData> spans) {
        if (closed) return CompletableResultCode.ofFailure();
        try {
            for (SpanData span : spans) {
                byte[] line = line(span);
                if (out == null) open();
                if (size > 0 && size + line.length > maxBytes) {
                    rotate();
                }
                out.write(line);
                size += line.length;
            }
            out.flush();
            return CompletableResultCode.ofSuccess();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "writing spans to " + file + " failed: " + e); // one line: it may repeat at every flush
            closeQuietly();
            return CompletableResultCode.ofFailure();
        }
    }

    private void open() throws IOException {
        Path dir = file.getParent();
        if (dir != null) Files.createDirectories(dir);
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = Files.size(file);
    }

    /** FILE.(keep-1) -> FILE.keep, ..., FILE -> FILE.1; the oldest falls off the end. */
    private void rotate() throws IOException {
        out.close();
        out = null;
        if (keep == 0) {
            Files.deleteIfExists(file);
        } else {
            Files.deleteIfExists(rotated(keep));
            for (int i = keep - 1; i >= 1; i--) {
                if (Files.exists(rotated(i))) Files.move(rotated(i), rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
        }
        open();
    }

    /** The {@code i}-th rotated file ({@code FILE.i}). */
    public Path rotated(int i) {
        return file.resolveSibling(file.getFileName() + "." + i);
    }

    static byte[] line(SpanData span) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(buf, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField(SpanFile.TRACE_ID, span.getTraceId());
            g.writeStringField(SpanFile.SPAN_ID, span.getSpanId());
            if (span.getParentSpanContext().isValid()) {
                g.writeStringField(SpanFile.PARENT_SPAN_ID, span.getParentSpanId());
                g.writeBooleanField(SpanFile.PARENT_REMOTE, span.getParentSpanContext().isRemote());
            }
            g.writeStringField(SpanFile.NAME, span.getName());
            g.writeNumberField(SpanFile.START, span.getStartEpochNanos());
            g.writeNumberField(SpanFile.END, span.getEndEpochNanos());
            g.writeStringField(SpanFile.STATUS, span.getStatus().getStatusCode().name());
            g.writeObjectFieldStart(SpanFile.ATTRIBUTES);
            for (Map.Entry<AttributeKey<?>, Object> a : span.getAttributes().asMap().entrySet()) {
                String key = a.getKey().getKey();
                switch (a.getValue()) {
                    case Long v -> g.writeNumberField(key, v);
                    case Double v -> g.writeNumberField(key, v);
                    case Boolean v -> g.writeBooleanField(key, v);
                    case List<?> v -> {
                        g.writeArrayFieldStart(key);
                        for (Object o : v) g.writeString(String.valueOf(o));
                        g.writeEndArray();
                    }
                    default -> g.writeStringField(key, String.valueOf(a.getValue()));
                }
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        buf.write('\n');
        return buf.toByteArray();
    }

    @Override
    public synchronized CompletableResultCode flush() {
        try {
            if (out != null) out.flush();
            return CompletableResultCode.ofSuccess();
        } catch (IOException e) {
            return CompletableResultCode.ofFailure();
        }
    }

    @Override
    public synchronized CompletableResultCode shutdown() {
        closeQuietly();
        closed = true;
        return CompletableResultCode.ofSuccess();
    }

    private void closeQuietly() {
        if (out == null) return;
        try {
            out.close();
        } catch (IOException ignored) {
            // the next export reopens the file
        }
        out = null;
    }
}
