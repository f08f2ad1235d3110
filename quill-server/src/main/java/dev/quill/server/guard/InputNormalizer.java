package dev.quill.server.guard;

import java.text.Normalizer;

/**
 * Puts user text in the one form the model sees: Unicode NFC (so "é" is one code point however it
 * was typed), line breaks, tabs and the other spaces of Unicode (no-break, thin, ideographic...) as
 * plain spaces, other control characters, the invisible bidirectional overrides (U+202A-U+202E,
 * U+2066-U+2069, a known way to make text read differently than it is) and the invisible marks
 * that carry nothing in English text (zero-width space, word joiner, byte order mark, soft hyphen)
 * removed, unpaired surrogates (possible through JSON's {@code \ud800} escapes) replaced by U+FFFD,
 * and surrounding spaces stripped. The zero-width joiners stay: emoji sequences are built with them.
 */
public final class InputNormalizer {
    private InputNormalizer() {}

    public static String normalize(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append('\uFFFD');
            } else if (c == '\t' || c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029'
                    || Character.getType(c) == Character.SPACE_SEPARATOR) {
                out.append(' ');
            } else if (Character.getType(c) == Character.CONTROL || isBidiControl(c) || isInvisibleMark(c)) {
                // dropped
            } else {
                out.append(c);
            }
        }
        return Normalizer.normalize(out, Normalizer.Form.NFC).strip();
    }

    /**
     * Whether normalised text has something to read: a code point other than a space, an invisible
     * formatting character (a lone joiner) or U+FFFD (what an unpaired surrogate became).
     */
    public static boolean hasVisibleText(String normalized) {
        return normalized.codePoints().anyMatch(cp -> cp != '\uFFFD' && !Character.isWhitespace(cp)
                && Character.getType(cp) != Character.FORMAT);
    }

    private static boolean isBidiControl(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }

    /** Zero-width space, word joiner, zero-width no-break space (the byte order mark), soft hyphen. */
    private static boolean isInvisibleMark(char c) {
        return c == '\u200B' || c == '\u2060' || c == '\uFEFF' || c == '\u00AD';
    }
}
