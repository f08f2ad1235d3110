package dev.quill.server.tutor;

import java.util.List;

/**
 * The tutor's answer for one sentence.
 *
 * @param sentence  the sentence as the model saw it (normalised); edit offsets index into it
 * @param corrected the answer: the model's correction as decoded, or the sentence as the model read
 *                  it when the guards did not let the correction stand; then, with the spelling
 *                  passes on, the speller's best guess at the words still misspelled
 * @param changed   whether the answer differs from the sentence
 * @param edits     the differences, in order, each with the rule cards that explain it
 * @param guard     the guards' checks, when one ran (the model changed the sentence and the
 *                  minimum-gain guard scored it, the correction dropped too many words, or the
 *                  edit check undid an edit); else null
 * @param usage     tokens and times
 */
public record Correction(String requestId, String model, String sentence, String corrected, boolean changed,
        List<ExplainedEdit> edits, GuardCheck guard, Usage usage) {

    /**
     * What the guard against needless changes found.
     *
     * @param minGain  the margin the correction had to reach (natural log); NaN when the
     *                 minimum-gain guard is off
     * @param gain     log-probability of the model's correction minus that of the unchanged
     *                 sentence; NaN when it was not scored (the guard is off, or the deadline came first)
     * @param kept     whether the correction stands: it reached the margin and lost no more text
     *                 than {@link dev.quill.core.generate.DroppedWords} allows
     * @param proposal the model's correction, kept or not (a suggestion the tutor was not sure of when not)
     * @param droppedWords whether the correction was refused for leaving out too many of the sentence's words,
     *                     or an emoji, a symbol or a word of another script
     * @param editMinGain  the margin each edit of a correction of two or more had to add (natural
     *                     log); NaN when edits are not checked
     * @param editsUndone  how many of the kept correction's edits the edit check undid
     */
    public record GuardCheck(double minGain, double gain, boolean kept, String proposal, boolean droppedWords, double editMinGain,
            int editsUndone) {}
}
