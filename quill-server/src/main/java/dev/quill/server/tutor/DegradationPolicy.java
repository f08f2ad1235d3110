package dev.quill.server.tutor;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides, from the engine's predicted queue wait, how much a new request gives up (seed 003).
 * With n steps in the configured order, step i (from 0) is taken once the predicted wait passes
 * {@code budget * (1/2 + i / (2n))}: half the budget brings the first, and the steps follow
 * evenly until the whole budget; past the whole budget the request is refused (503 with
 * Retry-After) rather than queued to miss its budget anyway. Counts every step taken.
 */
public final class DegradationPolicy {
    private final List<Degradation.Step> order;
    private final double budgetMillis;
    private final Map<Degradation.Step, AtomicLong> taken = new EnumMap<>(Degradation.Step.class);
    private final AtomicLong refused = new AtomicLong();

    /** What to do with one request. @param refuse true when even the full ladder cannot keep it in budget */
    public record Decision(Degradation degradation, boolean refuse, double predictedWaitMillis) {}

    /** @param order empty: never degrade nor refuse on prediction (the engine's own queue bounds still apply) */
    public DegradationPolicy(List<Degradation.Step> order, double budgetMillis) {
        this.order = List.copyOf(order);
        this.budgetMillis = budgetMillis;
        for (Degradation.Step s : Degradation.Step.values()) taken.put(s, new AtomicLong());
    }

    public Decision decide(double predictedWaitMillis) {
        if (order.isEmpty() || predictedWaitMillis < budgetMillis / 2) return new Decision(Degradation.NONE, false, predictedWaitMillis);
        if (predictedWaitMillis > budgetMillis) {
            refused.incrementAndGet();
            return new Decision(new Degradation(EnumSet.copyOf(order)), true, predictedWaitMillis);
        }
        EnumSet<Degradation.Step> steps = EnumSet.noneOf(Degradation.Step.class);
        int n = order.size();
        for (int i = 0; i < n; i++) {
            if (predictedWaitMillis >= budgetMillis * (0.5 + 0.5 * i / n)) steps.add(order.get(i));
        }
        for (Degradation.Step s : steps) taken.get(s).incrementAndGet();
        return new Decision(new Degradation(steps), false, predictedWaitMillis);
    }

    /** Requests that took each step, all time. */
    public Map<Degradation.Step, Long> counts() {
        Map<Degradation.Step, Long> m = new EnumMap<>(Degradation.Step.class);
        taken.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    /** Requests refused on prediction, all time. */
    public long refusals() {
        return refused.get();
    }
}
