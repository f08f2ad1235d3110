package dev.quill.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * About 10 MB of English for the tokenizer benchmarks, built without downloads from text that a
 * machine with the JDK on Debian already holds: the licence notices of the running JDK
 * ({@code $JAVA_HOME/legal}, about 0.4 MB for Temurin 25) and Debian's
 * {@code /usr/share/common-licenses} (package base-files, about 0.24 MB). Regular files only (the
 * JDK's per-module symbolic links repeat them), in path order, decoded as UTF-8. That corpus is
 * then repeated whole line by line until the text reaches {@link #TARGET_UTF8_BYTES}.
 *
 * <p>It is legal English, not prose: long words, capitalised headings, some code and URLs. The
 * repeats mean every word after the first copy has been seen before, so both tokenizers run with
 * warm word caches, as they would on a server's steady traffic. {@code /usr/share/doc/}, though
 * larger, is left out: what it holds depends on the packages installed, and the text must be the
 * same on every fresh machine. {@link #describe} prints a checksum to compare runs by.
 *
 * @param text the whole text, {@code lines} joined
 * @param lines the text's lines, each with its trailing {@code '\n'}
 * @param utf8Bytes UTF-8 length of {@code text}: the bytes one pass encodes, for MB/s
 * @param sourceLines the corpus before repetition, line by line (what the tokenizer is trained on)
 * @param sourceFiles files the corpus was read from
 */
public record BenchText(String text, List<String> lines, long utf8Bytes, List<String> sourceLines, List<Path> sourceFiles) {

    public static final long TARGET_UTF8_BYTES = 10_000_000;
    private static final List<Path> SOURCE_DIRS = List.of(
            Path.of(System.getProperty("java.home"), "legal"), Path.of("/usr/share/common-licenses"));
    /** Below this the corpus is too small to train an 8192-token vocabulary on. */
    private static final long MIN_SOURCE_BYTES = 200_000;

    private static BenchText english;

    /** The text, built on first use in this JVM. */
    public static synchronized BenchText english() throws IOException {
        if (english == null) english = build(TARGET_UTF8_BYTES);
        return english;
    }

    private static BenchText build(long targetUtf8Bytes) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path dir : SOURCE_DIRS) {
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().forEach(files::add);
            }
        }
        List<String> sourceLines = new ArrayList<>();
        List<Integer> sourceLineBytes = new ArrayList<>();
        long sourceBytes = 0;
        for (Path file : files) {
            // new String(...) replaces malformed bytes rather than failing on a stray Latin-1 file.
            String content = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            for (String line : content.split("(?<=\n)")) {
                if (line.isEmpty()) continue;
                String terminated = line.endsWith("\n") ? line : line + "\n";
                int bytes = terminated.getBytes(StandardCharsets.UTF_8).length;
                sourceLines.add(terminated);
                sourceLineBytes.add(bytes);
                sourceBytes += bytes;
            }
        }
        if (sourceBytes < MIN_SOURCE_BYTES) {
            throw new IOException("only " + sourceBytes + " bytes of text in " + SOURCE_DIRS + "; need " + MIN_SOURCE_BYTES);
        }
        List<String> lines = new ArrayList<>();
        StringBuilder text = new StringBuilder((int) (targetUtf8Bytes + targetUtf8Bytes / 8));
        long utf8Bytes = 0;
        for (int i = 0; utf8Bytes < targetUtf8Bytes; i = (i + 1) % sourceLines.size()) {
            lines.add(sourceLines.get(i));
            text.append(sourceLines.get(i));
            utf8Bytes += sourceLineBytes.get(i);
        }
        return new BenchText(text.toString(), List.copyOf(lines), utf8Bytes, List.copyOf(sourceLines), List.copyOf(files));
    }

    /** {@code count} source lines spread evenly over the corpus: the sample both tokenizers are checked on. */
    public List<String> sampleLines(int count) {
        List<String> sample = new ArrayList<>(count);
        for (int i = 0; i < count; i++) sample.add(sourceLines.get((int) ((long) i * sourceLines.size() / count)));
        return sample;
    }

    /** One line saying what the text is, with a checksum to tell whether two runs read the same bytes. */
    public String describe() {
        long sourceBytes = sourceLines.stream().mapToLong(l -> l.getBytes(StandardCharsets.UTF_8).length).sum();
        return String.format("bench text: %d files from %s, %d bytes in %d lines, repeated to %d bytes in %d lines, sha256 %s",
                sourceFiles.size(), SOURCE_DIRS, sourceBytes, sourceLines.size(), utf8Bytes, lines.size(), sha256Prefix());
    }

    private String sha256Prefix() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
