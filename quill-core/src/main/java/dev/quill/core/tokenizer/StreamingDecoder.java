package dev.quill.core.tokenizer;

import java.util.Arrays;

/**
 * Decodes one stream of token ids as they arrive. A character whose UTF-8 bytes are split across
 * tokens is held back until its last byte arrives, so no caller ever sees half a character; the
 * concatenation of everything returned equals {@link BpeTokenizer#decode} of the whole stream.
 * Not thread-safe: one per stream.
 */
public final class StreamingDecoder {

    private final BpeTokenizer tokenizer;
    private byte[] pending = new byte[16];
    private int pendingLength;

    StreamingDecoder(BpeTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /**
     * Takes the next token and returns the text it completes, possibly "".
     *
     * @throws IllegalArgumentException for an id that names no token
     */
    public String accept(int tokenId) {
        byte[] bytes = tokenizer.bytesOf(tokenId);
        if (pendingLength + bytes.length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + bytes.length));
        }
        System.arraycopy(bytes, 0, pending, pendingLength, bytes.length);
        pendingLength += bytes.length;
        // Cutting before a well-formed but unfinished tail is safe: decoding stops at any byte
        // that can start a character, so the text before it decodes the same either way.
        return take(Utf8.incompleteTailStart(pending, pendingLength));
    }

    /** Returns whatever is held (an unfinished character decodes as U+FFFD) and starts afresh. */
    public String flush() {
        return take(pendingLength);
    }

    private String take(int length) {
        if (length == 0) return "";
        String text = Utf8.decode(pending, length);
        System.arraycopy(pending, length, pending, 0, pendingLength - length);
        pendingLength -= length;
        return text;
    }
}
