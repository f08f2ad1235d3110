package dev.quill.core.generate;

/**
 * The tutor's answer rule, one for the service and the evaluation: the model's proposal stands
 * when the minimum-gain guard keeps it and it keeps the sentence's words ({@link DroppedWords});
 * otherwise the sentence stands as the model was given it. The pass after the model (the model's
 * choice among the speller's guesses at words still misspelled, {@link WordChoice}, when the
 * service runs the spelling passes) goes over whichever stood.
 *
 * @param standing     the proposal or the model's input, whichever stood
 * @param kept         whether the model's proposal stood
 * @param droppedWords whether the proposal was refused for the words it left out
 */
public record TutorAnswer(String standing, boolean kept, boolean droppedWords) {

    /**
     * @param modelInput the sentence the model read (after any pass before it)
     * @param proposal   the model's correction
     * @param gainKept   the minimum-gain guard's verdict ({@code true} when it is off)
     */
    public static TutorAnswer decide(String modelInput, String proposal, boolean gainKept) {
        boolean whole = DroppedWords.keeps(modelInput, proposal);
        boolean kept = gainKept && whole;
        return new TutorAnswer(kept ? proposal : modelInput, kept, !whole);
    }
}
