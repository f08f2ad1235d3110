package dev.quill.train.model;

/** Linear warm-up to the peak rate, then a cosine decay to {@code minRatio} of it at {@code totalSteps}. */
public record LearningRateSchedule(double peak, long warmupSteps, long totalSteps, double minRatio) {

    public LearningRateSchedule {
        if (peak <= 0) throw new IllegalArgumentException("learning rate must be positive, got " + peak);
        if (totalSteps < 1) throw new IllegalArgumentException("total steps must be at least 1, got " + totalSteps);
        if (warmupSteps < 0 || warmupSteps > totalSteps) {
            throw new IllegalArgumentException("warm-up steps must lie in [0, " + totalSteps + "], got " + warmupSteps);
        }
    }

    /** The rate for step {@code step}, counting from 1. */
    public double at(long step) {
        if (step <= warmupSteps) return peak * step / Math.max(1, warmupSteps);
        double progress = Math.min(1.0, (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
        double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
        return peak * (minRatio + (1 - minRatio) * cosine);
    }
}
