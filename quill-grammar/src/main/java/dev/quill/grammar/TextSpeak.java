package dev.quill.grammar;

import java.util.Locale;
import java.util.Map;

/**
 * Text-message shorthands that stand for one word ("u", "r", "thx", "pls", "b4"): the spelling
 * pass writes them out before the model reads a sentence ({@link Spelling#textSpeak}), and the
 * edit classifier calls the change spelling. "ur" (your or you're) is not one: the model decides.
 */
public final class TextSpeak {
    private static final Map<String, String> WORDS = Map.of("u", "you", "r", "are", "thx", "thanks", "thnx", "thanks",
            "pls", "please", "plz", "please", "b4", "before");

    private TextSpeak() {}

    /** The word a shorthand stands for, or null: {@code u -> you}; only lower case ("U-turn", "R street" are not). */
    public static String fullWord(String word) {
        return WORDS.get(word);
    }

    /** Whether {@code to} writes out the shorthand {@code from} ("u -> you", "thx -> Thanks" at the start). */
    public static boolean writesOut(String from, String to) {
        String full = fullWord(from.strip().toLowerCase(Locale.ROOT));
        return full != null && full.equalsIgnoreCase(to.strip());
    }
}
