package dev.quill.core.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * GPT-2's reversible byte-to-unicode alphabet: every byte gets a printable character so that a
 * vocabulary entry is a plain string. Printable Latin-1 bytes ('!'..'~', '¡'..'¬', '®'..'ÿ') map
 * to themselves; the other 68 bytes map, in byte order, to U+0100, U+0101, ... (so space becomes
 * 'Ġ' and newline 'Ċ'). See {@code bytes_to_unicode} in openai/gpt-2 {@code encoder.py}.
 */
final class ByteLevel {

    private static final char[] CHAR_OF_BYTE = new char[256];
    /** Inverse of {@link #CHAR_OF_BYTE}, indexed by char; -1 where a char is not a byte symbol. */
    private static final int[] BYTE_OF_CHAR = new int[256 + 68];

    static {
        java.util.Arrays.fill(BYTE_OF_CHAR, -1);
        int nextExtra = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = printable ? (char) b : (char) nextExtra++;
            CHAR_OF_BYTE[b] = c;
            BYTE_OF_CHAR[c] = b;
        }
    }

    private ByteLevel() {}

    static char charOf(int unsignedByte) {
        return CHAR_OF_BYTE[unsignedByte];
    }

    /** The vocabulary string for a byte sequence. */
    static String encode(byte[] bytes) {
        char[] chars = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            chars[i] = CHAR_OF_BYTE[bytes[i] & 0xFF];
        }
        return new String(chars);
    }

    /**
     * The bytes a vocabulary string stands for. A character outside the byte alphabet (only found
     * in vocabularies not made for byte-level BPE) stands for its own UTF-8 encoding.
     */
    static byte[] decode(String token) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(token.length());
        for (int i = 0; i < token.length(); ) {
            int cp = token.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < BYTE_OF_CHAR.length && BYTE_OF_CHAR[cp] >= 0) {
                out.write(BYTE_OF_CHAR[cp]);
            } else {
                out.writeBytes(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }
}
