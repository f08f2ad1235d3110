package dev.quill.train.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Learner-level vocabulary: the lower-cased words of SCOWL (Kevin Atkinson's Spell Checker
 * Oriented Word Lists, Debian {@code scowl}) up to a size, with their inflections. Size 35 (about
 * 50,000 entries from the American and common English lists, upper-case words, proper names and
 * contractions) is the survey's stand-in for everyday English.
 */
public final class Vocabulary {

    private static final Pattern LIST_FILE =
            Pattern.compile("(english|american)-(words|upper|proper-names|contractions)\\.(\\d+)");

    private final Set<String> words;

    private Vocabulary(Set<String> words) {
        this.words = words;
    }

    public static Vocabulary of(Collection<String> words) {
        Set<String> set = new HashSet<>();
        for (String w : words) set.add(w.toLowerCase(Locale.ROOT));
        return new Vocabulary(set);
    }

    /** The SCOWL lists in {@code dir} (e.g. /usr/share/dict/scowl) of size at most {@code maxSize}. */
    public static Vocabulary scowl(Path dir, int maxSize) throws IOException {
        Set<String> set = new HashSet<>();
        List<Path> files;
        try (var stream = Files.list(dir)) {
            files = stream.sorted().toList();
        }
        for (Path f : files) {
            var m = LIST_FILE.matcher(f.getFileName().toString());
            if (!m.matches() || Integer.parseInt(m.group(3)) > maxSize) continue;
            // The lists are ASCII with a few Latin-1 accented words; those never pass the ASCII filter anyway.
            for (String line : Files.readAllLines(f, StandardCharsets.ISO_8859_1)) {
                String w = line.strip();
                if (!w.isEmpty()) set.add(w.toLowerCase(Locale.ROOT));
            }
        }
        if (set.isEmpty()) throw new IOException("no SCOWL word lists of size <= " + maxSize + " in " + dir);
        return new Vocabulary(set);
    }

    public int size() {
        return words.size();
    }

    /**
     * Whether a word token is in the vocabulary: as is (lower-cased), without a possessive
     * {@code 's} or {@code '}, or, for a hyphenated word, part by part. Numbers always are.
     */
    public boolean contains(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        if (words.contains(w)) return true;
        if (w.chars().allMatch(Character::isDigit)) return true;
        if (w.endsWith("'s") && words.contains(w.substring(0, w.length() - 2))) return true;
        if (w.endsWith("'") && words.contains(w.substring(0, w.length() - 1))) return true;
        if (w.indexOf('-') > 0) {
            for (String part : w.split("-")) {
                if (part.isEmpty() || !contains(part)) return false;
            }
            return true;
        }
        return false;
    }
}
