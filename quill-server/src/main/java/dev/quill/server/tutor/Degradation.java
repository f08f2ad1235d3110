package dev.quill.server.tutor;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a request gives up when the server is busy (seed 003, graceful degradation): fewer rule
 * cards, no retrieval at all, a lower output-token cap. A degraded answer lists its steps in
 * {@code usage.degraded}.
 */
public record Degradation(Set<Step> steps) {
    public static final Degradation NONE = new Degradation(Set.of());

    /** One way to do less, cheapest loss of quality first in the default order. */
    public enum Step {
        FEWER_CARDS,
        NO_RETRIEVAL,
        SHORT_OUTPUT;

        /** As in settings and answers: {@code fewer_cards} (settings also take {@code fewer-cards}). */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Step parse(String s) {
            return valueOf(s.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    public Degradation {
        steps = Set.copyOf(steps);
    }

    public int ruleCards(int normal) {
        if (steps.contains(Step.NO_RETRIEVAL)) return 0;
        return steps.contains(Step.FEWER_CARDS) ? Math.min(1, normal) : normal;
    }

    public int maxTokens(int normal) {
        return steps.contains(Step.SHORT_OUTPUT) ? Math.max(4, normal / 2) : normal;
    }

    /** The steps' labels in their declared order. */
    public List<String> labels() {
        return steps.stream().sorted().map(Step::label).toList();
    }
}
