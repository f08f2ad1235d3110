package dev.quill.server.observe;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * How many milliseconds of a request's end-to-end time each stage may take (seed 000, "The
 * latency budget"). A stage whose time keeps exceeding its allocation is a debt: its burn rate
 * (observed / allocation) above {@link #BURN_ALERT} calls for work.
 *
 * <p>The defaults are seed 000's table (5,000 ms for a Mini-GPT on a CPU: 3,330 ms typical) scaled
 * by 1/5 to our model, whose typical correction under ten concurrent clients is several hundred
 * milliseconds (docs/benchmarks.md): 1,000 ms in all. The seed's merged rows are split: "HTTP +
 * schema + guards" between {@code validate.body} and {@code security.check}, "format + cost +
 * flush" between {@code format.json} and {@code cost.emit}, and its buffer for queueing goes to
 * {@code queue} (the wait for the engine, which no span covers: it is read from the root span).
 *
 * @param allocationsMillis milliseconds per stage name, in report order
 */
public record LatencyBudget(Map<String, Double> allocationsMillis) {
    /** Seed 000: "sustained burn > 1.5x for any stage" calls for work. */
    public static final double BURN_ALERT = 1.5;
    /** The row of the report that holds the wait for the engine. */
    public static final String QUEUE = "queue";

    public LatencyBudget {
        allocationsMillis = Collections.unmodifiableMap(new LinkedHashMap<>(allocationsMillis));
    }

    /** Seed 000's table scaled to a 1,000 ms budget. */
    public static LatencyBudget defaults() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("validate.body", 5.0);     // seed: HTTP + schema + guards, 50 ms
        m.put("security.check", 5.0);
        m.put("tokenize.bpe", 4.0);      // seed: 20 ms
        m.put(QUEUE, 40.0);              // seed: buffer (queueing, GC pauses), 200 ms
        m.put("model.prefill", 240.0);   // seed: 1,200 ms
        m.put("model.decode", 660.0);    // seed: 3,300 ms
        m.put("retrieve.hybrid", 40.0);  // seed: 200 ms
        m.put("format.json", 4.0);       // seed: format + cost + flush, 30 ms
        m.put("cost.emit", 2.0);
        return new LatencyBudget(m);
    }

    public double totalMillis() {
        return allocationsMillis.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** Every allocation scaled so that they add up to {@code totalMillis}. */
    public LatencyBudget scaledTo(double totalMillis) {
        double f = totalMillis / totalMillis();
        Map<String, Double> m = new LinkedHashMap<>();
        allocationsMillis.forEach((k, v) -> m.put(k, v * f));
        return new LatencyBudget(m);
    }

    /** These allocations with those in {@code p} ({@code model.decode=500}, milliseconds) put over them. */
    public LatencyBudget with(Properties p) {
        Map<String, Double> m = new LinkedHashMap<>(allocationsMillis);
        for (String key : p.stringPropertyNames()) {
            try {
                double v = Double.parseDouble(p.getProperty(key).strip());
                if (!(v > 0)) throw new NumberFormatException();
                m.put(key.strip(), v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("budget for " + key + " must be a positive number of milliseconds, got '"
                        + p.getProperty(key) + "'");
            }
        }
        return new LatencyBudget(m);
    }
}
