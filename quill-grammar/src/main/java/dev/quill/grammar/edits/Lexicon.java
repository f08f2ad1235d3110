package dev.quill.grammar.edits;

import dev.quill.grammar.Morphology;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the aligner and the classifier know about a word: its dictionary readings (through
 * {@link Morphology}, cached), coarse parts of speech, and the small closed classes the error
 * types are defined by (determiners, prepositions, auxiliaries, confusable spellings).
 */
final class Lexicon {

    /** Coarse parts of speech, from Penn tags; enough to price a substitution and name an edit. */
    enum Pos { NOUN, VERB, ADJ, ADV, DET, ADP, PRON, CONJ, NUM, PART, INTJ, OTHER, UNKNOWN }

    private static final Set<Pos> CONTENT = EnumSet.of(Pos.NOUN, Pos.VERB, Pos.ADJ, Pos.ADV, Pos.UNKNOWN);

    /** Articles and determiners a learner gets wrong: articles, demonstratives, quantifiers, possessives. */
    static final Set<String> DETERMINERS = Set.of(
            "a", "an", "the", "this", "that", "these", "those", "some", "any", "no", "every", "each", "either",
            "neither", "another", "much", "many", "few", "fewer", "little", "less", "all", "both", "several",
            "my", "your", "his", "her", "its", "our", "their", "whose", "what", "which");

    /** The prepositions whose choice is a PREP error. */
    static final Set<String> PREPOSITIONS = Set.of(
            "about", "above", "across", "after", "against", "along", "among", "around", "as", "at", "before",
            "behind", "below", "beneath", "beside", "besides", "between", "beyond", "by", "despite", "down",
            "during", "except", "for", "from", "in", "inside", "into", "like", "near", "of", "off", "on", "onto",
            "out", "outside", "over", "past", "per", "since", "than", "through", "throughout", "till", "to",
            "toward", "towards", "under", "underneath", "until", "up", "upon", "via", "with", "within", "without");

    /** Auxiliary and modal verbs, contracted forms included. */
    static final Set<String> AUXILIARIES = Set.of(
            "be", "am", "is", "are", "was", "were", "been", "being", "'m", "'re", "'s",
            "have", "has", "had", "having", "'ve", "'d",
            "do", "does", "did",
            "will", "would", "shall", "should", "can", "could", "may", "might", "must", "'ll", "ca", "wo");

    /** Words that sound alike and are written one for another. */
    private static final List<Set<String>> CONFUSABLES = List.of(
            Set.of("their", "there", "they're"), Set.of("its", "it's"), Set.of("your", "you're"),
            Set.of("whose", "who's"), Set.of("then", "than"), Set.of("to", "too", "two"),
            Set.of("were", "where", "we're"), Set.of("affect", "effect"), Set.of("accept", "except"),
            Set.of("lose", "loose"), Set.of("quite", "quiet"), Set.of("weather", "whether"),
            Set.of("advice", "advise"), Set.of("peace", "piece"), Set.of("hear", "here"), Set.of("know", "no"),
            Set.of("knew", "new"), Set.of("write", "right"), Set.of("buy", "by", "bye"), Set.of("passed", "past"),
            Set.of("principal", "principle"), Set.of("breath", "breathe"), Set.of("of", "off"),
            Set.of("live", "life"), Set.of("our", "are", "hour"));

    /** PTB pieces of contractions, read as the words they stand for. */
    private static final Map<String, String> CLITIC_WORDS = Map.of(
            "ca", "can", "wo", "will", "sha", "shall", "'re", "are", "'ve", "have", "'ll", "will", "'d", "would",
            "'m", "am", "i", "I");

    private final Morphology morphology;
    private final Map<String, List<Morphology.Reading>> cache = new ConcurrentHashMap<>();

    Lexicon(Morphology morphology) {
        this.morphology = morphology;
    }

    static String lower(String word) {
        return word.toLowerCase(Locale.ROOT).replace('\u2019', '\'');
    }

    /** The word lower-cased without spaces and hyphens: what stays when words are split or joined. */
    static String letters(String words) {
        return lower(words).replaceAll("[\\s-]+", "");
    }

    /** The dictionary readings of a token (contraction pieces read as their full words). */
    List<Morphology.Reading> readings(String token) {
        String key = lower(token);
        List<Morphology.Reading> hit = cache.get(key);
        if (hit != null) return hit;
        String word = CLITIC_WORDS.getOrDefault(key, key);
        List<Morphology.Reading> readings = List.copyOf(morphology.analyze(word));
        if (readings.isEmpty() && !word.isEmpty()) {
            readings = List.copyOf(morphology.analyze(Character.toUpperCase(word.charAt(0)) + word.substring(1)));
        }
        if (cache.size() > 100_000) cache.clear();
        cache.put(key, readings);
        return readings;
    }

    boolean isKnown(String token) {
        return !readings(token).isEmpty();
    }

    Set<String> lemmas(String token) {
        Set<String> out = new HashSet<>();
        for (Morphology.Reading r : readings(token)) out.add(lower(r.lemma()));
        if (out.isEmpty()) out.add(lower(token));
        return out;
    }

    /** Lemmas of the readings whose tag starts with {@code prefix}. */
    Set<String> lemmas(String token, String prefix) {
        Set<String> out = new HashSet<>();
        for (Morphology.Reading r : readings(token)) {
            if (r.tag().startsWith(prefix)) out.add(lower(r.lemma()));
        }
        return out;
    }

    boolean hasTag(String token, String tag) {
        for (Morphology.Reading r : readings(token)) {
            if (r.tag().equals(tag)) return true;
        }
        return false;
    }

    boolean hasTagPrefix(String token, String prefix) {
        for (Morphology.Reading r : readings(token)) {
            if (r.tag().startsWith(prefix)) return true;
        }
        return false;
    }

    Set<Pos> pos(String token) {
        Set<Pos> out = EnumSet.noneOf(Pos.class);
        for (Morphology.Reading r : readings(token)) out.add(coarse(r.tag()));
        if (out.isEmpty()) out.add(token.codePoints().allMatch(Character::isDigit) ? Pos.NUM : Pos.UNKNOWN);
        return out;
    }

    static boolean isContent(Set<Pos> pos) {
        for (Pos p : pos) {
            if (CONTENT.contains(p)) return true;
        }
        return false;
    }

    static Pos coarse(String tag) {
        if (tag.startsWith("NN")) return Pos.NOUN;
        if (tag.startsWith("VB") || tag.equals("MD")) return Pos.VERB;
        if (tag.startsWith("JJ")) return Pos.ADJ;
        if (tag.startsWith("RB") || tag.equals("WRB")) return Pos.ADV;
        if (tag.equals("DT") || tag.equals("PDT") || tag.equals("WDT") || tag.startsWith("PRP$")) return Pos.DET;
        if (tag.equals("IN") || tag.equals("TO") || tag.equals("RP")) return Pos.ADP;
        if (tag.startsWith("PRP") || tag.startsWith("WP") || tag.equals("EX")) return Pos.PRON;
        if (tag.equals("CC")) return Pos.CONJ;
        if (tag.equals("CD")) return Pos.NUM;
        if (tag.equals("POS")) return Pos.PART;
        if (tag.equals("UH")) return Pos.INTJ;
        return Pos.OTHER;
    }

    static boolean isDeterminer(String token) {
        return DETERMINERS.contains(lower(token));
    }

    /** Whether a token has no letter or digit: punctuation, quotes, symbols. */
    static boolean isPunctuation(String token) {
        return token.codePoints().noneMatch(Character::isLetterOrDigit);
    }

    static boolean isArticle(String token) {
        String l = lower(token);
        return l.equals("a") || l.equals("an") || l.equals("the");
    }

    static boolean isPreposition(String token) {
        return PREPOSITIONS.contains(lower(token));
    }

    static boolean isAuxiliary(String token) {
        return AUXILIARIES.contains(lower(token));
    }

    /** Whether the two spellings are a known sound-alike pair ({@code their/there}, {@code then/than}). */
    static boolean areConfusable(String a, String b) {
        String x = lower(a);
        String y = lower(b);
        if (x.equals(y)) return false;
        for (Set<String> group : CONFUSABLES) {
            if (group.contains(x) && group.contains(y)) return true;
        }
        return false;
    }

    /**
     * Similarity of two strings in [0, 1]: 2 * |longest common subsequence| / (|a| + |b|), the
     * ratio of an insert/delete-only edit distance (what difflib and python-Levenshtein call ratio).
     */
    static double similarity(String a, String b) {
        if (a.isEmpty() && b.isEmpty()) return 1;
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = a.charAt(i - 1) == b.charAt(j - 1) ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return 2.0 * prev[b.length()] / (a.length() + b.length());
    }

    /** Damerau-Levenshtein distance over characters (adjacent transpositions cost 1). */
    static int characterDistance(String a, String b) {
        int n = a.length();
        int m = b.length();
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) d[i][0] = i;
        for (int j = 0; j <= m; j++) d[0][j] = j;
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[n][m];
    }
}
