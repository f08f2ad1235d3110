package dev.quill.grammar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
 * <p>Thread-safe: the spellers keep per-call buffers, so there is one pair per core, each used by
 * one lookup at a time; verdicts on recent words are cached.
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

    /** Words whose verdict is remembered: learners misspell the same words again and again. */
    static final int CACHE_WORDS = 8192;
    /** Verdicts besides a fix: a word the lists know; an unknown word with no sure fix. */
    private static final String KNOWN = "";
    private static final String NONE = " ";

    /** Spellers (American, British) for one search at a time each: they keep per-call buffers. */
    private final BlockingQueue<Speller[]> spellers;
    /** Word (as checked: lower case, or as given at the start of a sentence) to its fix, or {@link #NONE}; null without a cache. */
    private final Map<String, String> cache;

    private Spelling(Dictionary american, Dictionary british, boolean cached) {
        int n = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.spellers = new ArrayBlockingQueue<>(n);
        for (int i = 0; i < n; i++) spellers.add(new Speller[] {new Speller(american, 2), new Speller(british, 2)});
        this.cache = cached ? Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > CACHE_WORDS;
            }
        }) : null;
    }

    private static final class Holder {
        static final Dictionary[] LISTS = load();
        static final Spelling ENGLISH = new Spelling(LISTS[0], LISTS[1], true);
    }

    /**
     * The English word lists from the classpath, loaded once (about 1.4 MB of automata), with
     * the verdicts on the last {@value #CACHE_WORDS} words looked up remembered.
     */
    public static Spelling english() {
        return Holder.ENGLISH;
    }

    /** The same lists with nothing remembered: every word is looked up (for measuring the lookups). */
    public static Spelling englishUncached() {
        return new Spelling(Holder.LISTS[0], Holder.LISTS[1], false);
    }

    private static Dictionary[] load() {
        try {
            return new Dictionary[] {Morphology.read("hunspell/en_US.dict"), Morphology.read("hunspell/en_GB.dict")};
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
        String key = capitalised ? word : word.toLowerCase(Locale.ROOT);
        String fix = cache == null ? null : cache.get(key);
        if (fix == null) {
            fix = lookUp(word);
            if (cache != null && !Thread.currentThread().isInterrupted()) cache.put(key, fix);
        }
        if (fix.equals(KNOWN)) return null;
        searches[0]++; // counted whether or not the verdict was cached, so a sentence's fixes never depend on the cache
        if (fix.equals(NONE)) return null;
        return capitalised ? Character.toUpperCase(fix.charAt(0)) + fix.substring(1) : fix;
    }

    /** The lower-case fix of a word, {@link #KNOWN} or {@link #NONE}. */
    private String lookUp(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        Speller[] pair;
        try {
            pair = spellers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return KNOWN; // the word is left as it is (and this verdict is not cached)
        }
        try {
            Speller american = pair[0];
            Speller british = pair[1];
            if (!american.isMisspelled(word) || !british.isMisspelled(word) || !american.isMisspelled(lower)
                    || !british.isMisspelled(lower)) {
                return KNOWN;
            }
            List<Speller.CandidateData> candidates = american.findReplacementCandidates(lower);
            if (candidates.isEmpty()) return NONE;
            Speller.CandidateData top = candidates.get(0);
            if (candidates.size() > 1 && candidates.get(1).getDistance() - top.getDistance() < MIN_LEAD) return NONE;
            String best = top.getWord();
            if (american.getFrequency(best) < MIN_FREQUENCY) return NONE;
            // letters (and an apostrophe: dont -> don't), lower case: a name or an acronym ("yong ->
            // Yong", "nir -> NIR") is more often wrong than right, and capitals are the model's to fix
            return best.chars().allMatch(c -> c == '\'' || c >= 'a' && c <= 'z') ? best : NONE;
        } finally {
            spellers.add(pair);
        }
    }

    private static boolean isLetters(String word) {
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c >= 128 || !Character.isLetter(c)) return false;
        }
        return true;
    }
}
