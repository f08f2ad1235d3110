package dev.quill.server.bench;

import dev.quill.core.engine.Completion;
import dev.quill.core.engine.FinishReason;
import dev.quill.core.engine.RequestTimeline;
import dev.quill.server.SettingSources;
import dev.quill.server.observe.ObservabilityConfig;
import dev.quill.server.observe.Telemetry;
import dev.quill.server.tutor.Stage;
import dev.quill.server.tutor.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * What traces and metrics cost one request, in isolation from the model: the calls the server
 * makes for a request (root span with trace context in and out, eight stage spans, the engine's
 * completion, the answer's attributes, the end) timed over many requests on one thread, spans
 * written to a real span file behind the batch processor.
 *
 * <pre>java ... dev.quill.server.bench.TelemetryOverhead [REQUESTS]</pre>
 */
public final class TelemetryOverhead {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Path dir = Files.createTempDirectory("quill-overhead");
        for (String mode : List.of("off", "metrics", "tracing+metrics", "off", "metrics", "tracing+metrics")) {
            Map<String, String> s = new HashMap<>(Map.of("span-file", dir.resolve("spans.jsonl").toString(),
                    "tracing", Boolean.toString(mode.contains("tracing")), "metrics", Boolean.toString(mode.contains("metrics"))));
            try (Telemetry t = Telemetry.start(ObservabilityConfig.from(new SettingSources(s, Map.of(), new Properties())))) {
                run(t, n / 10); // warm-up
                long t0 = System.nanoTime();
                run(t, n);
                double perRequest = (System.nanoTime() - t0) / (double) n;
                System.out.printf(Locale.ROOT, "%-16s %8.2f us per request%n", mode, perRequest / 1e3);
            }
        }
    }

    private static void run(Telemetry t, int n) {
        Map<String, String> headers = Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        Map<String, String> out = new HashMap<>();
        long[] tokens = new long[16];
        for (int i = 0; i < n; i++) {
            String id = "req_" + i;
            long now = System.nanoTime();
            t.beginRequest(id, now, "POST", "/v1/grammar/correct", headers::get, out::put);
            for (Stage st : Stage.values()) t.stage(id, st, now, now + 1000);
            for (int k = 0; k < tokens.length; k++) tokens[k] = now + k * 10_000L;
            Completion c = new Completion(i, new int[16], FinishReason.LENGTH, 24, 16, 0, 5_000_000, 4,
                    new RequestTimeline(now, now + 1000, now + 2000, tokens, now + 200_000));
            t.finished(c);
            t.answered(id, c, new Usage(24, 16, 16, FinishReason.LENGTH, 0, 1, 2, 3, List.of(), 5, 1e-6));
            t.endRequest(id, 200, now + 300_000);
        }
    }
}
