package dev.quill.grammar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import morfologik.speller.Speller;
import morfologik.stemming.Dictionary;

/**
 * Confident spelling corrections, from the speller dictionaries LanguageTool ships in its English
 * POS dictionary artifact (American and British word lists with word frequencies, read with
 * morfologik's speller: the data LanguageTool's own spelling rule uses).
 *
 * <p>The tutor applies them before the model sees a sentence: the model then reads real words
 * around the errors it has to fix, and a misspelling it never met in training is still mended.
 * Only a correction the speller is sure of is made, because a wrong replacement is worse for a
 * learner than the misspelling: the word is a plain run of letters (no digits, apostrophes,
 * hyphens or dots around it), is at least {@value #MIN_LENGTH} letters long, is neither all
 * capitals nor capitalised inside the sentence (names), is unknown to both word lists, and its
 * best candidate is a lower-case word of frequency class {@value #MIN_FREQUENCY} or more, ahead of
 * the runner-up by at least {@value #MIN_LEAD} points of the speller's weighted edit distance.
 *
 * <p>Thread-safe: the spellers keep per-call buffers, so lookups take turns.
 */
public final class Spelling {

    /** One replacement: {@code sentence.substring(start, end)} was {@code word}. */
    public record Fix(int start, int end, String word, String replacement) {}

    static final int MIN_LENGTH = 3;
    static final int MIN_LEAD = 4;
    /** Longer runs of letters are not words a learner misspelled (and cost the most to search). */
    static final int MAX_LENGTH = 24;
    /** Candidate searches per sentence, at most. */
    static final int MAX_SEARCHES = 8;
    /**
     * Least frequency class (the word lists' scale: 0 rare to about 25) of a replacement: rare
     * words that happen to be near a misspelling ("allay", "dazzle", "wisent") are left out.
     */
    static final int MIN_FREQUENCY = 8;
    private static final String OPENING = "\"'([{";
    private static final String CLOSING = ".,;:!?\"')]}";

    private final Speller american;
    private final Speller british;

    private Spelling(Dictionary american, Dictionary british) {
        this.american = new Speller(american, 2);
        this.british = new Speller(british, 2);
    }

    private static final class Holder {
        static final Spelling ENGLISH = load();
    }

    /** The English word lists from the classpath, loaded once (about 1.4 MB of automata). */
    public static Spelling english() {
        return Holder.ENGLISH;
    }

    private static Spelling load() {
        try {
            return new Spelling(Morphology.read("hunspell/en_US.dict"), Morphology.read("hunspell/en_GB.dict"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read LanguageTool's English speller dictionaries from the classpath", e);
        }
    }

    /** The sentence with every confident correction made. */
    public String correct(String sentence) {
        List<Fix> fixes = fixes(sentence);
        if (fixes.isEmpty()) return sentence;
        StringBuilder out = new StringBuilder(sentence.length());
        int at = 0;
        for (Fix f : fixes) {
            out.append(sentence, at, f.start()).append(f.replacement());
            at = f.end();
        }
        return out.append(sentence, at, sentence.length()).toString();
    }

    /**
     * The confident corrections of {@code sentence}, left to right. Looking for candidates costs
     * about a millisecond a word, so at most {@value #MAX_SEARCHES} unknown words of a sentence are
     * looked up: past that it is not a sentence with a few typos, and the rest are left alone.
     */
    public List<Fix> fixes(String sentence) {
        List<Fix> out = new ArrayList<>();
        int i = 0;
        int n = sentence.length();
        boolean first = true;
        int[] searches = {0};
        while (i < n && searches[0] < MAX_SEARCHES) {
            while (i < n && Character.isWhitespace(sentence.charAt(i))) i++;
            int end = i;
            while (end < n && !Character.isWhitespace(sentence.charAt(end))) end++;
            if (i == end) break;
            int a = i;
            int b = end;
            while (a < b && OPENING.indexOf(sentence.charAt(a)) >= 0) a++;
            while (b > a && CLOSING.indexOf(sentence.charAt(b - 1)) >= 0) b--;
            if (b > a) {
                String word = sentence.substring(a, b);
                String replacement = replacement(word, first, searches);
                if (replacement != null) out.add(new Fix(a, b, word, replacement));
                first = false;
            }
            i = end;
        }
        return out;
    }

    /**
     * The confident correction of one word, or null; {@code first}: it starts the sentence;
     * {@code searches[0]} counts the candidate searches made.
     */
    private String replacement(String word, boolean first, int[] searches) {
        if (word.length() < MIN_LENGTH || word.length() > MAX_LENGTH || !isLetters(word)) return null;
        boolean capitalised = Character.isUpperCase(word.charAt(0));
        String rest = word.substring(1);
        if (!rest.equals(rest.toLowerCase(Locale.ROOT))) return null; // all capitals, or mixed case
        if (capitalised && !first) return null; // a name, most likely
        String lower = word.toLowerCase(Locale.ROOT);
        String best;
        synchronized (this) {
            if (known(word) || known(lower)) return null;
            searches[0]++;
            List<Speller.CandidateData> candidates = american.findReplacementCandidates(lower);
            if (candidates.isEmpty()) return null;
            Speller.CandidateData top = candidates.get(0);
            if (candidates.size() > 1 && candidates.get(1).getDistance() - top.getDistance() < MIN_LEAD) return null;
            best = top.getWord();
            if (american.getFrequency(best) < MIN_FREQUENCY) return null;
        }
        // letters (and an apostrophe: dont -> don't), lower case: a name or an acronym ("yong ->
        // Yong", "nir -> NIR") is more often wrong than right, and capitals are the model's to fix
        if (!best.chars().allMatch(c -> c == '\'' || c >= 'a' && c <= 'z')) return null;
        return capitalised ? Character.toUpperCase(best.charAt(0)) + best.substring(1) : best;
    }

    private boolean known(String word) {
        return !american.isMisspelled(word) || !british.isMisspelled(word);
    }

    private static boolean isLetters(String word) {
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c >= 128 || !Character.isLetter(c)) return false;
        }
        return true;
    }
}
