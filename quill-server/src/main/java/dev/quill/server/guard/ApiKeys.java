package dev.quill.server.guard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The configured API keys. A presented key is hashed and compared with every configured key's
 * hash by {@link MessageDigest#isEqual} (constant time), all of them every time, so neither the
 * comparison nor the number of keys tried leaks through timing. Keys are kept only as hashes and
 * a client is named by a short hash prefix, never by the key.
 */
public final class ApiKeys {
    private final List<byte[]> hashes;

    public ApiKeys(Set<String> keys) {
        this.hashes = keys.stream().map(ApiKeys::sha256).toList();
    }

    /** Whether keys are required at all. */
    public boolean enabled() {
        return !hashes.isEmpty();
    }

    /** The client id for a valid key ({@code key:} and 12 hex digits of its hash), or empty. */
    public Optional<String> authenticate(String presented) {
        if (presented == null) return Optional.empty();
        byte[] h = sha256(presented);
        boolean match = false;
        for (byte[] known : hashes) match |= MessageDigest.isEqual(known, h);
        return match ? Optional.of("key:" + HexFormat.of().formatHex(h, 0, 6)) : Optional.empty();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
