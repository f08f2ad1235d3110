package dev.quill.retrieval;

import java.util.List;

/**
 * The dense encoder quill retrieves with: a few {@link CardEncoder}s trained alike but from
 * different seeds, used as one. Each member's unit vector is scaled by {@code 1/sqrt(n)} and the
 * n vectors are concatenated, so the result is again unit length and the dot product of two
 * ensemble vectors is the mean of the members' cosines (Lakshminarayanan et al. 2017 average
 * independently trained networks the same way, to cut the variance a single seed has).
 * Immutable and thread-safe.
 *
 * @param members the trained encoders, in seed order
 * @param trainMillis wall time to train all of them (they train in parallel)
 */
public record EncoderEnsemble(List<CardEncoder> members, long trainMillis) {

    /** Members quill trains (chosen on the dev probes; see docs/retrieval.md). */
    public static final int DEFAULT_MEMBERS = 3;

    public EncoderEnsemble {
        members = List.copyOf(members);
        if (members.isEmpty()) throw new IllegalArgumentException("an ensemble needs a member");
    }

    /** One encoder on its own, with its own training time. */
    public static EncoderEnsemble of(CardEncoder encoder) {
        return new EncoderEnsemble(List.of(encoder), encoder.stats().trainMillis());
    }

    /** Width of the vectors: the members' widths summed. */
    public int dim() {
        return members.stream().mapToInt(CardEncoder::dim).sum();
    }

    public long parameterCount() {
        return members.stream().mapToLong(CardEncoder::parameterCount).sum();
    }

    /** The unit-length query vector. */
    public float[] encode(RetrievalQuery query) {
        return concatenated(members.stream().map(m -> m.encode(query)).toList());
    }

    /** The unit-length card vector. */
    public float[] encode(RuleCard card) {
        return concatenated(members.stream().map(m -> m.encode(card)).toList());
    }

    private float[] concatenated(List<float[]> unitVectors) {
        float scale = (float) (1 / Math.sqrt(unitVectors.size()));
        float[] out = new float[dim()];
        int at = 0;
        for (float[] v : unitVectors) {
            for (float x : v) out[at++] = x * scale;
        }
        return out;
    }
}
