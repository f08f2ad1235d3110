package dev.quill.grammar.edits;

/**
 * The kinds of edit the tutor reports (the service's {@code type} field). Coarse on purpose: a
 * learner needs to know what went wrong, not a linguist's tag set.
 */
public enum ErrorType {
    /** Wrong verb form or tense: "goed", "have went", "I am go". */
    VERB_FORM,
    /** Subject-verb agreement: "she go", "they was". */
    SVA,
    /** Articles and determiners: missing, extra, a/an. */
    DET,
    /** Wrong, missing or extra preposition. */
    PREP,
    /** Noun number and uncountables: "two book", "informations". */
    NOUN_NUM,
    /** Misspellings and confused words that sound alike: "recieve", "their/there", "then/than". */
    SPELL,
    /** The right words in the wrong order. */
    WORD_ORDER,
    /** A word is missing (and no narrower type applies). */
    MISSING,
    /** A word should not be there (and no narrower type applies). */
    UNNECESSARY,
    /** Punctuation and capitalisation. */
    PUNCT,
    /** Anything else. */
    OTHER
}
