package dev.quill.core.generate;

/**
 * The tutor's guard against lost text: a correction that leaves out more than a fifth of the
 * sentence's words (and more than one) is refused, and the sentence stands as the model was given
 * it. Corrections remove a word or two (an extra article, a doubled word); a proposal shorter
 * than that is the model losing the thread, which the tutor model does on sentences longer than
 * those it was trained on (JFLEG dev: "He/she wants to know everything about the universe, ...
 * the death etc." for a 36-word sentence). The minimum-gain guard does not catch it: the model
 * finds its own truncation likely.
 */
public final class DroppedWords {
    /** The share of a sentence's words a correction may leave out (at least one word). */
    public static final double MAX_SHARE = 0.2;

    private DroppedWords() {}

    /** Whether {@code proposal} keeps enough of {@code sentence}'s words to stand. */
    public static boolean keeps(String sentence, String proposal) {
        int before = count(sentence);
        int dropped = before - count(proposal);
        return dropped <= Math.max(1, (int) Math.floor(MAX_SHARE * before));
    }

    /** Whitespace-separated words. */
    static int count(String text) {
        int n = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) n++;
            inWord = !space;
        }
        return n;
    }
}
