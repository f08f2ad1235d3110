package dev.quill.server.tutor;

import java.util.List;

/**
 * The tutor's answer for one sentence.
 *
 * @param sentence  the sentence as the model saw it (normalised); edit offsets index into it
 * @param corrected the model's correction, exactly as decoded
 * @param changed   whether the correction differs from the sentence
 * @param edits     the differences, in order, each with the rule cards that explain it
 * @param usage     tokens and times
 */
public record Correction(String requestId, String model, String sentence, String corrected, boolean changed,
        List<ExplainedEdit> edits, Usage usage) {}
