package dev.quill.core.generate;

/**
 * How the next token is chosen. {@code temperature == 0} is greedy (argmax, lowest id on ties);
 * otherwise the logits are divided by the temperature, cut to the {@code topK} most likely
 * (0 = no cut) and to the smallest set whose probability reaches {@code topP} (1 = no cut), and
 * sampled with a generator seeded by {@code seed}, so the same seed gives the same tokens.
 */
public record SamplingParams(float temperature, int topK, float topP, long seed) {
    public SamplingParams {
        if (!(temperature >= 0) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number >= 0, got " + temperature);
        }
        if (topK < 0) throw new IllegalArgumentException("top_k must be >= 0 (0 = off), got " + topK);
        if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("top_p must be in (0, 1], got " + topP);
    }

    public static SamplingParams greedy() {
        return new SamplingParams(0f, 0, 1f, 0L);
    }

    public boolean isGreedy() {
        return temperature == 0f;
    }
}
