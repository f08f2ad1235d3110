package dev.quill.server.guard;

import java.text.Normalizer;

/**
 * Puts user text in the one form the model sees: Unicode NFC (so "é" is one code point however it
 * was typed), line breaks and tabs as spaces, other control characters and the invisible
 * bidirectional overrides (U+202A-U+202E, U+2066-U+2069, a known way to make text read
 * differently than it is) removed, unpaired surrogates (possible through JSON's {@code \ud800}
 * escapes) replaced by U+FFFD, and surrounding whitespace stripped.
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
            } else if (c == '\t' || c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029') {
                out.append(' ');
            } else if (Character.getType(c) == Character.CONTROL || isBidiControl(c)) {
                // dropped
            } else {
                out.append(c);
            }
        }
        return Normalizer.normalize(out, Normalizer.Form.NFC).strip();
    }

    private static boolean isBidiControl(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }
}
