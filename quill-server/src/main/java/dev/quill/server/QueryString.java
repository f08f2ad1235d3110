package dev.quill.server;

import java.io.ByteArrayOutputStream;

/**
 * Refuses a query string the server would otherwise read wrongly: a {@code %} not followed by two
 * hex digits (which the framework drops with its parameter, so a sent {@code q} looks missing) or
 * percent-encoded bytes that are not UTF-8 (which would become U+FFFD). Bodies and paths are
 * held to the same rule.
 */
final class QueryString {
    private QueryString() {}

    /** Fails with 400 unless {@code raw} (null: no query) decodes cleanly. */
    static void check(String raw) {
        if (raw == null || raw.isEmpty()) return;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                if (c < 0x80) bytes.write(c);
                else writeUtf8(bytes, raw.substring(i, i + Character.charCount(raw.codePointAt(i))));
                if (Character.isHighSurrogate(c)) i++;
                continue;
            }
            if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0 || Character.digit(raw.charAt(i + 2), 16) < 0) {
                String at = raw.substring(i, Math.min(raw.length(), i + 3));
                throw new ApiException(new ApiError.MalformedQuery("'" + at + "' at character " + i + " is not a percent-encoded byte (% and two hex digits)"));
            }
            bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
            i += 2;
        }
        try {
            RequestBody.decodeUtf8(bytes.toByteArray());
        } catch (ApiException e) {
            throw new ApiException(new ApiError.MalformedQuery("its percent-encoded bytes are not UTF-8"));
        }
    }

    private static void writeUtf8(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
