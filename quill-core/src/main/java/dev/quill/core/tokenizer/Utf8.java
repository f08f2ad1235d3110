package dev.quill.core.tokenizer;

/** The UTF-8 rules the tokenizer relies on (Unicode 15, table 3-7, well-formed byte sequences). */
final class Utf8 {

    private Utf8() {}

    /**
     * UTF-8 bytes of {@code text}. An unpaired surrogate (not a Unicode scalar value, so it has no
     * UTF-8 form) becomes U+FFFD rather than the JDK encoder's '?'.
     */
    static byte[] encode(String text) {
        byte[] out = new byte[text.length() * 3];
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int cp = c;
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                cp = Character.toCodePoint(c, text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                cp = 0xFFFD;
            }
            if (cp < 0x80) {
                out[n++] = (byte) cp;
            } else if (cp < 0x800) {
                out[n++] = (byte) (0xC0 | (cp >> 6));
                out[n++] = (byte) (0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                out[n++] = (byte) (0xE0 | (cp >> 12));
                out[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[n++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                out[n++] = (byte) (0xF0 | (cp >> 18));
                out[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                out[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[n++] = (byte) (0x80 | (cp & 0x3F));
            }
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    /**
     * Decodes bytes, replacing each maximal ill-formed subpart with one U+FFFD (Unicode's
     * recommended practice, which Rust's {@code String::from_utf8_lossy} and so Hugging Face's
     * decoders follow). A bad sequence never swallows a byte that could start a character, so
     * decoding two pieces cut before such a byte gives the same text as decoding them together;
     * {@link StreamingDecoder} relies on that. The JDK's decoder does not promise it.
     */
    static String decode(byte[] bytes, int length) {
        StringBuilder text = new StringBuilder(length);
        int i = 0;
        while (i < length) {
            int lead = bytes[i] & 0xFF;
            if (lead < 0x80) {
                text.append((char) lead);
                i++;
                continue;
            }
            int needed = sequenceLength(lead);
            int codePoint = lead & (0x7F >> needed);
            int seen = 1;
            while (seen < needed && i + seen < length && isValidContinuation(lead, seen, bytes[i + seen] & 0xFF)) {
                codePoint = (codePoint << 6) | (bytes[i + seen] & 0x3F);
                seen++;
            }
            if (needed > 0 && seen == needed) {
                text.appendCodePoint(codePoint);
            } else {
                text.append('\uFFFD');
            }
            i += seen;
        }
        return text.toString();
    }

    /**
     * Where the trailing incomplete-but-well-formed character of {@code bytes[0, length)} begins,
     * or {@code length} when the bytes end on a character boundary (or in a sequence that is
     * already ill-formed, which no further bytes could repair).
     */
    static int incompleteTailStart(byte[] bytes, int length) {
        for (int start = length - 1; start >= Math.max(0, length - 3); start--) {
            int lead = bytes[start] & 0xFF;
            if (isContinuation(lead)) {
                continue;
            }
            int seen = length - start;
            return sequenceLength(lead) > seen && wellFormedPrefix(bytes, start, seen) ? start : length;
        }
        return length;
    }

    private static boolean isContinuation(int b) {
        return (b & 0xC0) == 0x80;
    }

    /** Bytes in the sequence this lead byte starts; 0 for bytes that never start one. */
    private static int sequenceLength(int lead) {
        if (lead < 0x80) return 1;
        if (lead >= 0xC2 && lead <= 0xDF) return 2;
        if (lead >= 0xE0 && lead <= 0xEF) return 3;
        if (lead >= 0xF0 && lead <= 0xF4) return 4;
        return 0;
    }

    private static boolean wellFormedPrefix(byte[] bytes, int start, int count) {
        int lead = bytes[start] & 0xFF;
        for (int k = 1; k < count; k++) {
            if (!isValidContinuation(lead, k, bytes[start + k] & 0xFF)) return false;
        }
        return true;
    }

    /** Whether {@code b} may be byte {@code index} (1..3) of a sequence led by {@code lead}. */
    private static boolean isValidContinuation(int lead, int index, int b) {
        int low = 0x80, high = 0xBF;
        if (index == 1) {
            // The second byte's range is narrower after these leads: no overlongs, no
            // surrogates, nothing above U+10FFFF.
            switch (lead) {
                case 0xE0 -> low = 0xA0;
                case 0xED -> high = 0x9F;
                case 0xF0 -> low = 0x90;
                case 0xF4 -> high = 0x8F;
                default -> {}
            }
        }
        return b >= low && b <= high;
    }
}
