package dev.quill.server;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where a setting comes from, in order of precedence: a command-line flag, then the environment
 * ({@code QUILL_} and the key in upper case with {@code _} for {@code -}: {@code max-body-bytes}
 * is {@code QUILL_MAX_BODY_BYTES}), then the config file (Java properties, keys as they are),
 * then the built-in default.
 */
public final class SettingSources {
    private final Map<String, String> flags;
    private final Map<String, String> env;
    private final Properties file;

    public SettingSources(Map<String, String> flags, Map<String, String> env, Properties file) {
        this.flags = Map.copyOf(flags);
        this.env = Map.copyOf(env);
        this.file = file;
    }

    /** Flags and the process environment, and the config file named by {@code config} (flag, then {@code QUILL_CONFIG}). */
    public static SettingSources of(Map<String, String> flags, Map<String, String> env) throws IOException {
        Properties file = new Properties();
        String path = flags.getOrDefault("config", env.get("QUILL_CONFIG"));
        if (path != null) {
            Path p = Path.of(path);
            if (!Files.isRegularFile(p)) throw new IOException("config file not found: " + p);
            try (Reader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
                file.load(r);
            }
        }
        return new SettingSources(flags, env, file);
    }

    public static String envName(String key) {
        return "QUILL_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    public Optional<String> get(String key) {
        String v = flags.get(key);
        if (v == null) v = env.get(envName(key));
        if (v == null) v = file.getProperty(key);
        return Optional.ofNullable(v).map(String::strip);
    }

    public String string(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    public int integer(String key, int fallback) {
        return (int) number(key, fallback);
    }

    /** A decimal setting ({@code 0.25}). */
    public double decimal(String key, double fallback) {
        Optional<String> v = get(key);
        if (v.isEmpty()) return fallback;
        try {
            return Double.parseDouble(v.get());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " must be a number, got '" + v.get() + "'");
        }
    }

    /** {@code true}/{@code false} (also {@code on}/{@code off}, {@code 1}/{@code 0}). */
    public boolean flag(String key, boolean fallback) {
        Optional<String> v = get(key);
        if (v.isEmpty()) return fallback;
        return switch (v.get().toLowerCase(Locale.ROOT)) {
            case "true", "on", "1", "yes" -> true;
            case "false", "off", "0", "no" -> false;
            default -> throw new IllegalArgumentException("setting " + key + " must be true or false, got '" + v.get() + "'");
        };
    }

    public long number(String key, long fallback) {
        Optional<String> v = get(key);
        if (v.isEmpty()) return fallback;
        try {
            return Long.parseLong(v.get());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " must be a whole number, got '" + v.get() + "'");
        }
    }
}
