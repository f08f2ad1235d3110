package dev.quill.server.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpanFileExporterTest {
    @TempDir
    Path dir;

    @Test
    void spanFileRotatesAndStaysBounded() throws IOException {
        Path file = dir.resolve("spans.jsonl");
        long max = 8192;
        SpanFileExporter exporter = new SpanFileExporter(file, max, 2);
        SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
        Tracer tracer = provider.get("test");
        for (int i = 0; i < 500; i++) tracer.spanBuilder("stage." + i).setAttribute("request_id", "req_" + i).startSpan().end();
        provider.shutdown().join(5, java.util.concurrent.TimeUnit.SECONDS);

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("spans.jsonl", "spans.jsonl.1", "spans.jsonl.2");
        }
        for (Path p : List.of(file, exporter.rotated(1), exporter.rotated(2))) assertThat(Files.size(p)).isLessThanOrEqualTo(max);
        // the newest span is in the live file, whole lines only
        List<String> live = Files.readAllLines(file);
        assertThat(live.getLast()).contains("\"name\":\"stage.499\"").contains("\"request_id\":\"req_499\"").endsWith("}}");
        assertThat(Files.readAllLines(exporter.rotated(1))).allMatch(l -> l.startsWith("{\"trace_id\":") && l.endsWith("}}"));
    }

    @Test
    void aSpanFileThatCannotBeWrittenIsRefusedAtOnce() throws IOException {
        assertThatThrownBy(() -> new SpanFileExporter(dir, 8192, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is a directory");
        Path plain = Files.writeString(dir.resolve("plain"), "x");
        assertThatThrownBy(() -> new SpanFileExporter(plain.resolve("spans.jsonl"), 8192, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot create its folder");
        new SpanFileExporter(dir.resolve("new/folder/spans.jsonl"), 8192, 1); // a folder still to make is fine
        assertThat(dir.resolve("new/folder")).isDirectory();
    }
}
