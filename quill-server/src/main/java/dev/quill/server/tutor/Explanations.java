package dev.quill.server.tutor;

import dev.quill.grammar.edits.ErrorType;

/**
 * The explanation an edit carries when no rule card was retrieved for it: one sentence per
 * error type, written for a learner. Rule cards (the retrieval issue) replace these with
 * explanations specific to the rule.
 */
public final class Explanations {
    private Explanations() {}

    public static String of(ErrorType type) {
        return switch (type) {
            case VERB_FORM -> "The verb needs a different form or tense here.";
            case SVA -> "The verb must agree with its subject in person and number.";
            case DET -> "An article or determiner is missing, extra or the wrong one.";
            case PREP -> "A different preposition is needed here.";
            case NOUN_NUM -> "The noun should be singular or plural to match its meaning and the words around it.";
            case SPELL -> "This word is misspelled or confused with a similar-sounding word.";
            case WORD_ORDER -> "The words are right but in the wrong order.";
            case MISSING -> "A word is missing here.";
            case UNNECESSARY -> "This word is not needed and should be removed.";
            case PUNCT -> "Punctuation or capitalisation needs changing.";
            case OTHER -> "This part of the sentence was rewritten.";
        };
    }
}
