package dev.quill.train.data;

import java.util.Locale;
import java.util.regex.Pattern;

/** Plain-text normalisation shared by every source: one way to clean a line and one dedup key. */
public final class Text {
    private Text() {}

    private static final Pattern SPACES = Pattern.compile("\\s+");

    /**
     * Typographic quotes and apostrophes to ASCII, no-break and other spaces (tabs, newlines) to
     * one plain space, trimmed. Dashes and other non-ASCII characters are kept (the filters
     * decide about them).
     */
    public static String clean(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            sb.append(switch (c) {
                case '\u2018', '\u2019', '\u201B', '\u2032', '\u00B4', '`' -> '\'';
                case '\u201C', '\u201D', '\u201E', '\u2033' -> '"';
                case '\u00A0', '\u2007', '\u202F', '\u2009', '\u200A' -> ' ';
                default -> c;
            });
        }
        return SPACES.matcher(sb).replaceAll(" ").strip();
    }

    /** The dedup and split key: lower case, one space between words. */
    public static String key(String sentence) {
        return SPACES.matcher(sentence.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
    }

    /** Whether every character is printable ASCII (space to tilde). */
    public static boolean isPrintableAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e) return false;
        }
        return true;
    }
}
