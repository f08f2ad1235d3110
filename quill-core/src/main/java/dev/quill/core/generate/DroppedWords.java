package dev.quill.core.generate;

/**
 * The tutor's guard against lost text: a correction that leaves out more than a fifth of the
 * sentence's words (and more than one), or loses or changes an emoji, a symbol or a word of another
 * script ({@link #isForeign}), is refused, and the sentence stands as the model was given it.
 * Corrections remove a word or two (an extra article, a doubled word); a proposal shorter than that
 * is the model losing the thread, which the tutor model does on sentences longer than
 * those it was trained on (JFLEG dev: "He/she wants to know everything about the universe, ...
 * the death etc." for a 36-word sentence). The minimum-gain guard does not catch it: the model
 * finds its own truncation likely.
 */
public final class DroppedWords {
    /** The share of a sentence's words a correction may leave out (at least one word). */
    public static final double MAX_SHARE = 0.2;

    private DroppedWords() {}

    /**
     * Whether {@code proposal} keeps enough of {@code sentence}'s words to stand, and every
     * character of text the model cannot have learnt to correct ({@link #isForeign}) at least as
     * often as the sentence has it.
     */
    public static boolean keeps(String sentence, String proposal) {
        int before = count(sentence);
        int dropped = before - count(proposal);
        return dropped <= Math.max(1, (int) Math.floor(MAX_SHARE * before)) && contains(foreign(proposal), foreign(sentence));
    }

    /** Whether sorted {@code all} holds every element of sorted {@code some}, as often. */
    private static boolean contains(int[] all, int[] some) {
        int i = 0;
        for (int x : some) {
            while (i < all.length && all[i] < x) i++;
            if (i == all.length || all[i] != x) return false;
            i++;
        }
        return true;
    }

    /**
     * Characters the tutor model never met in training, which it garbles rather than corrects:
     * symbols outside ASCII (emoji, "©", "€", "→") and letters and digits of scripts other than
     * Latin ("寿司"). "I love it 😀 but my friend dont" came back as "I love it Should not be my
     * friend don't" (2026-12-05), and no other guard saw it.
     */
    static boolean isForeign(int codePoint) {
        if (codePoint < 128) return false;
        return switch (Character.getType(codePoint)) {
            case Character.OTHER_SYMBOL, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL -> true;
            default -> Character.isLetterOrDigit(codePoint) && switch (Character.UnicodeScript.of(codePoint)) {
                case LATIN, COMMON -> false;
                default -> true;
            };
        };
    }

    /** The text's foreign characters ({@link #isForeign}), sorted. */
    private static int[] foreign(String text) {
        return text.codePoints().filter(DroppedWords::isForeign).sorted().toArray();
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
