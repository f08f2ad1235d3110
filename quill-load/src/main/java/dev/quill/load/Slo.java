package dev.quill.load;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service-level objective per request, as in seed 002 ({@code ttft=700ms,e2e=5s}): a request
 * counts towards goodput when it succeeded and met every bound given. Bounds: {@code ttft}
 * (time to first token), {@code e2e} (end to end), {@code tpot} (time per output token after the
 * first), {@code itl} (the longest gap between tokens of the request).
 */
public record Slo(Map<String, Duration> bounds) {
    private static final Pattern PART = Pattern.compile("(ttft|e2e|tpot|itl)=(\\d+(?:\\.\\d+)?)(ms|s|us)");

    public Slo {
        bounds = Map.copyOf(bounds);
    }

    /** seed 002's targets: TTFT 700 ms, end to end 5 s. */
    public static Slo defaults() {
        return parse("ttft=700ms,e2e=5s");
    }

    public static Slo parse(String spec) {
        Map<String, Duration> m = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            Matcher x = PART.matcher(part.strip().toLowerCase(Locale.ROOT));
            if (!x.matches()) {
                throw new IllegalArgumentException("SLO part '" + part.strip() + "': expected name=value with name ttft, e2e, tpot or itl"
                        + " and a unit ms, s or us (e.g. ttft=700ms,e2e=5s)");
            }
            double v = Double.parseDouble(x.group(2));
            long nanos = Math.round(v * switch (x.group(3)) {
                case "s" -> 1e9;
                case "ms" -> 1e6;
                default -> 1e3;
            });
            m.put(x.group(1), Duration.ofNanos(nanos));
        }
        return new Slo(m);
    }

    /** Whether a successful request met every bound (a bound whose measure the request lacks is not met). */
    public boolean met(RequestOutcome r) {
        if (!r.ok()) return false;
        for (var b : bounds.entrySet()) {
            long limit = b.getValue().toNanos();
            long value = switch (b.getKey()) {
                case "ttft" -> r.ttftNanos();
                case "e2e" -> r.e2eNanos();
                case "tpot" -> r.tpotNanos();
                case "itl" -> r.maxItlNanos();
                default -> throw new IllegalStateException(b.getKey());
            };
            if (value < 0 || value > limit) return false;
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        bounds.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (!s.isEmpty()) s.append(',');
            s.append(e.getKey()).append('=').append(e.getValue().toNanos() / 1e6).append("ms");
        });
        return s.toString();
    }
}
