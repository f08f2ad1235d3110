package dev.quill.core.engine;

import java.time.Duration;
import java.util.Locale;

/**
 * How the scheduler admits waiting requests; chosen at start-up so that the three can be
 * measured side by side (seeds 001 and 004).
 */
public sealed interface SchedulingPolicy {

    /** One request at a time, run to completion: the server seed 004 breaks. */
    record None() implements SchedulingPolicy {}

    /** Collect up to {@code maxBatch} requests or wait {@code maxWait}, run them to completion; nobody joins. */
    record Static(int maxBatch, Duration maxWait) implements SchedulingPolicy {
        public Static {
            if (maxBatch < 1) throw new IllegalArgumentException("static batch size must be at least 1, got " + maxBatch);
            if (maxWait.isNegative()) throw new IllegalArgumentException("static batch wait must be >= 0, got " + maxWait);
        }
    }

    /**
     * Iteration-level scheduling: every step decodes all running sequences and admits waiting
     * ones while the step's token budget lasts; long prompts are prefilled in chunks of the
     * leftover budget, so an arrival never freezes the running ones.
     */
    record Continuous(int maxTokensPerStep, int maxRunning) implements SchedulingPolicy {
        public Continuous {
            if (maxTokensPerStep < 1) throw new IllegalArgumentException("token budget per step must be at least 1, got " + maxTokensPerStep);
            if (maxRunning < 1) throw new IllegalArgumentException("max running sequences must be at least 1, got " + maxRunning);
        }
    }

    /** The short name used on the command line and in metrics: none, static or continuous. */
    default String label() {
        return switch (this) {
            case None n -> "none";
            case Static s -> "static";
            case Continuous c -> "continuous";
        };
    }

    /** {@code none}, {@code static} or {@code continuous} with the given limits. */
    static SchedulingPolicy parse(String name, int maxBatch, Duration staticWait, int maxTokensPerStep) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "none" -> new None();
            case "static" -> new Static(maxBatch, staticWait);
            case "continuous" -> new Continuous(maxTokensPerStep, maxBatch);
            default -> throw new IllegalArgumentException("unknown scheduling policy '" + name + "' (none, static, continuous)");
        };
    }
}
