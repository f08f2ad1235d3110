package dev.quill.grammar;

import dev.quill.grammar.edits.Edit;
import dev.quill.grammar.edits.EditExtractor;
import dev.quill.grammar.edits.ErrorType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;
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
 * An unknown word that is an irregular verb or noun given the regular ending ("heared",
 * "childs") is not a misspelling: it is mended to its irregular form from the morphology
 * ({@link RegularInflection}), here when there is one ("heard", "children") and by the pass after
 * the model when there are two ("goed": "went" or "gone").
 *
 * <p>{@link #choices} serves the pass after the model: for each word the model left misspelled (it
 * never met it, or the two best candidates were too close for the first pass) it offers the
 * common lower-case candidates at the best one's edit distance, however close the runner-up; the
 * tutor model picks among them by scoring each in the sentence (docs/benchmarks.md, "The
 * speller's guess after the model").
 *
 * <p>Thread-safe: the spellers keep per-call buffers, so there is one pair per core, each used by
 * one lookup at a time; verdicts on recent words are cached, one per word for both passes.
 */
public final class Spelling {

    /** One replacement: {@code sentence.substring(start, end)} was {@code word}. */
    public record Fix(int start, int end, String word, String replacement) {}

    /**
     * A misspelled word and the common words it may have meant, best first: the speller's
     * candidates at its best candidate's edit distance, at most {@value #MAX_OPTIONS}.
     */
    public record Choice(int start, int end, String word, List<String> options) {
        public Choice {
            options = List.copyOf(options);
            if (options.isEmpty()) throw new IllegalArgumentException("a choice needs an option: " + word);
        }
    }

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
    /** Least frequency class of a capitalised word that {@link #capitals} makes of a lower-case one ("London" 14, "Monday" 11; "Yong" 8). */
    static final int MIN_NAME_FREQUENCY = 11;
    /** The pronoun I's contractions, as written in lower case. */
    private static final Set<String> PRONOUN_I = Set.of("i'm", "i've", "i'll", "i'd");
    /** Options of a {@link Choice}, at most. */
    static final int MAX_OPTIONS = 4;
    /** morfologik's weighted distance: edit distance times this, plus a frequency term below it. */
    private static final int FREQ_RANGES = 26;
    private static final String OPENING = "\"'([{";
    private static final String CLOSING = ".,;:!?\"')]}";

    /** Words whose verdict is remembered: learners misspell the same words again and again. */
    static final int CACHE_WORDS = 8192;

    /**
     * What the word lists say of one word: known, or unknown with the best replacement (null when
     * the speller's best candidate is not a common lower-case word), its lead over the runner-up
     * (weighted distance points; {@link Integer#MAX_VALUE} when there is no runner-up), and the
     * common lower-case candidates at the best one's edit distance (lower case, best first).
     */
    private record Verdict(boolean known, String best, int lead, List<String> options) {
        static final Verdict KNOWN = new Verdict(true, null, 0, List.of());
        static final Verdict NO_FIX = new Verdict(false, null, 0, List.of());
    }

    /** Spellers (American, British) for one search at a time each: they keep per-call buffers. */
    private final BlockingQueue<Speller[]> spellers;
    /** Irregular forms, for words given the regular ending ({@link RegularInflection}). */
    private final Morphology morphology;
    /** Word (as checked: lower case, or as given at the start of a sentence) to its verdict; null without a cache. */
    private final Map<String, Verdict> cache;

    private Spelling(Dictionary american, Dictionary british, boolean cached) {
        this.morphology = Morphology.english();
        int n = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.spellers = new ArrayBlockingQueue<>(n);
        for (int i = 0; i < n; i++) spellers.add(new Speller[] {new Speller(american, 2), new Speller(british, 2)});
        this.cache = cached ? Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Verdict> eldest) {
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

    /**
     * The sentence with every confident correction made (the pass before the model): first the
     * text-message shorthands written out ({@link #textSpeak}), then the capitals it surely lacks
     * ({@link #capitals}), then the spelling {@link #fixes}.
     */
    public String correct(String sentence) {
        String capitalised = capitals(textSpeak(sentence));
        List<Fix> fixes = fixes(capitalised);
        if (fixes.isEmpty()) return capitalised;
        return EditExtractor.apply(capitalised, fixes.stream()
                .map(f -> new Edit(f.start(), f.end(), f.word(), f.replacement(), ErrorType.SPELL, "")).toList());
    }

    /**
     * {@code sentence} with the capitals it surely lacks: the pronoun I ("i", "i'm", "i've", "i'll",
     * "i'd"), the first letter of a first word written in lower case, and a lower-case word the
     * lists know only with a capital and use often (frequency class {@value #MIN_NAME_FREQUENCY} or
     * more: "london", "monday", "english"; not "yong", whose "Yong" is a rare name and which more
     * likely meant "young"). The model, trained on sentences with one case error at most, turned
     * "i think i am right." into "People think i am right.".
     */
    public String capitals(String sentence) {
        StringBuilder out = null;
        for (Word w : words(sentence)) {
            // "... which is right": a word after an ellipsis (a token of its own) goes on a sentence
            if (needsCapital(sentence.substring(w.start(), w.end()), w.token() == 0)) {
                if (out == null) out = new StringBuilder(sentence);
                out.setCharAt(w.start(), Character.toUpperCase(sentence.charAt(w.start())));
            }
        }
        return out == null ? sentence : out.toString();
    }

    /**
     * {@code sentence} with the text-message shorthands that stand for one word written out
     * ({@link TextSpeak}: "u", "r", "thx", "pls", "b4", in lower case, as words of their own). The model had not met them:
     * "how r you today?" came back as "How do you today?", and the speller made "thx" "this".
     * "ur" (your or you're) is left to the model.
     */
    public String textSpeak(String sentence) {
        StringBuilder out = null;
        int copied = 0;
        for (Word w : words(sentence)) {
            String full = TextSpeak.fullWord(sentence.substring(w.start(), w.end()));
            if (full == null) continue;
            if (out == null) out = new StringBuilder(sentence.length() + 16);
            out.append(sentence, copied, w.start()).append(full);
            copied = w.end();
        }
        return out == null ? sentence : out.append(sentence, copied, sentence.length()).toString();
    }

    /**
     * A word of a sentence, {@code sentence.substring(start, end)}: a run of non-space characters
     * with the punctuation around it left out ("(don't)" gives "don't"); {@code token} counts the
     * runs before it, those that are all punctuation ("...") included.
     */
    private record Word(int start, int end, int token) {}

    /** The words of {@code sentence}, left to right (runs of punctuation alone give none). */
    private static List<Word> words(String sentence) {
        List<Word> out = new ArrayList<>();
        int i = 0;
        int n = sentence.length();
        int token = 0;
        while (i < n) {
            while (i < n && Character.isWhitespace(sentence.charAt(i))) i++;
            int end = i;
            while (end < n && !Character.isWhitespace(sentence.charAt(end))) end++;
            if (i == end) break;
            int a = i;
            int b = end;
            while (a < b && OPENING.indexOf(sentence.charAt(a)) >= 0) a++;
            while (b > a && CLOSING.indexOf(sentence.charAt(b - 1)) >= 0) b--;
            if (b > a) out.add(new Word(a, b, token));
            token++;
            i = end;
        }
        return out;
    }

    /** Whether {@code word} (punctuation around it removed) surely starts with a capital; see {@link #capitals}. */
    private boolean needsCapital(String word, boolean first) {
        char c = word.charAt(0);
        if (c < 'a' || c > 'z') return false;
        if (word.equals("i") || PRONOUN_I.contains(word.replace('\u2019', '\''))) return true;
        if (first) { // a word of lower-case letters ("don't", "well-known"); not "iPhone", "eBay", "www.quill.dev"
            return word.chars().allMatch(ch -> Character.isLowerCase(ch) || ch == '\'' || ch == '\u2019' || ch == '-');
        }
        if (!word.chars().allMatch(ch -> ch >= 'a' && ch <= 'z')) return false; // "don't", "e.g"
        if (word.length() < MIN_LENGTH || word.length() > MAX_LENGTH) return false;
        String capitalised = Character.toUpperCase(c) + word.substring(1);
        return withSpellers(pair -> !known(pair, word) && !pair[0].isMisspelled(capitalised)
                && pair[0].getFrequency(capitalised) >= MIN_NAME_FREQUENCY, false);
    }

    /**
     * Whether {@code word} (as written or in lower case) is in the American or the British word
     * list: "recieve" is not, "receive" and "colour" are.
     */
    public boolean isWord(String word) {
        return !word.isEmpty() && withSpellers(pair -> known(pair, word), true); // interrupted: taken as a word
    }

    /** Whether either list knows {@code word} as written or in lower case. */
    private static boolean known(Speller[] pair, String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        for (Speller s : pair) {
            if (!s.isMisspelled(word) || !s.isMisspelled(lower)) return true;
        }
        return false;
    }

    /** {@code use} with a speller pair of its own; {@code ifInterrupted} when none could be taken. */
    private <T> T withSpellers(Function<Speller[], T> use, T ifInterrupted) {
        Speller[] pair;
        try {
            pair = spellers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ifInterrupted;
        }
        try {
            return use.apply(pair);
        } finally {
            spellers.add(pair);
        }
    }

    /**
     * The confident corrections of {@code sentence}, left to right. Looking for candidates costs
     * about a millisecond a word, so at most {@value #MAX_SEARCHES} unknown words of a sentence are
     * looked up: past that it is not a sentence with a few typos, and the rest are left alone.
     */
    public List<Fix> fixes(String sentence) {
        List<Fix> out = new ArrayList<>();
        for (Looked w : look(sentence)) {
            Verdict v = w.verdict();
            if (v.best() != null && v.lead() >= MIN_LEAD) out.add(new Fix(w.start(), w.end(), w.word(), w.cased(v.best())));
        }
        return out;
    }

    /**
     * The unknown words of {@code sentence} that have common candidates, each with its options
     * (cased like the word), left to right: what the pass after the model may replace, the model
     * choosing among the options. The same words as {@link #fixes} are looked up.
     */
    public List<Choice> choices(String sentence) {
        List<Choice> out = new ArrayList<>();
        for (Looked w : look(sentence)) {
            List<String> options = w.verdict().options();
            if (!options.isEmpty()) out.add(new Choice(w.start(), w.end(), w.word(), options.stream().map(w::cased).toList()));
        }
        return out;
    }

    /** An unknown word looked up: where it is, and whether it starts with a capital (the sentence's first word). */
    private record Looked(int start, int end, String word, boolean capitalised, Verdict verdict) {
        String cased(String lower) {
            return capitalised ? Character.toUpperCase(lower.charAt(0)) + lower.substring(1) : lower;
        }
    }

    /** The unknown words of a sentence that may be looked up, with their verdicts, at most {@value #MAX_SEARCHES}. */
    private List<Looked> look(String sentence) {
        List<Looked> out = new ArrayList<>();
        boolean first = true;
        for (Word w : words(sentence)) {
            if (out.size() == MAX_SEARCHES) break;
            String word = sentence.substring(w.start(), w.end());
            Verdict v = verdict(word, first);
            // every unknown word counts toward the cap, cached or not, so answers never depend on the cache
            if (v != null && !v.known()) out.add(new Looked(w.start(), w.end(), word, Character.isUpperCase(word.charAt(0)), v));
            first = false;
        }
        return out;
    }

    /**
     * The verdict on one word, or null for a word that is not checked (too short or long, not
     * plain letters, capitals inside it, or capitalised inside the sentence: a name, most likely);
     * {@code first}: it starts the sentence.
     */
    private Verdict verdict(String word, boolean first) {
        if (word.length() < MIN_LENGTH || word.length() > MAX_LENGTH || !isLetters(word)) return null;
        boolean capitalised = Character.isUpperCase(word.charAt(0));
        String rest = word.substring(1);
        if (!rest.equals(rest.toLowerCase(Locale.ROOT))) return null; // all capitals, or mixed case
        if (capitalised && !first) return null; // a name, most likely
        String key = capitalised ? word : word.toLowerCase(Locale.ROOT);
        Verdict verdict = cache == null ? null : cache.get(key);
        if (verdict == null) {
            verdict = lookUp(word);
            if (cache != null && !Thread.currentThread().isInterrupted()) cache.put(key, verdict);
        }
        return verdict;
    }

    /** What the word lists say of a word (its best candidate in lower case). */
    private Verdict lookUp(String word) {
        // interrupted: the word is left as it is (and this verdict is not cached)
        return withSpellers(pair -> known(pair, word) ? Verdict.KNOWN : unknown(pair[0], word.toLowerCase(Locale.ROOT)), Verdict.KNOWN);
    }

    /**
     * The verdict on an unknown word: an irregular verb or noun given the regular ending ("goed",
     * "childs") is mended from the morphology, never by the nearest word ("good", "child"); its one
     * irregular form is a sure fix ("heared" -> "heard"), and where there are two ("goed" -> "went",
     * "gone") the model chooses. Any other word goes to the speller.
     */
    private Verdict unknown(Speller american, String lower) {
        List<String> irregular = RegularInflection.irregularForms(morphology, lower);
        if (irregular.isEmpty()) return candidates(american, lower);
        List<String> options = irregular.size() > MAX_OPTIONS ? irregular.subList(0, MAX_OPTIONS) : irregular;
        return new Verdict(false, irregular.size() == 1 ? irregular.getFirst() : null, Integer.MAX_VALUE, List.copyOf(options));
    }

    /** The verdict on an unknown word from the American list's candidates for it (lower case). */
    private static Verdict candidates(Speller american, String lower) {
        List<Speller.CandidateData> candidates = american.findReplacementCandidates(lower);
        if (candidates.isEmpty()) return Verdict.NO_FIX;
        Speller.CandidateData top = candidates.get(0);
        int lead = candidates.size() > 1 ? candidates.get(1).getDistance() - top.getDistance() : Integer.MAX_VALUE;
        List<String> options = new ArrayList<>();
        for (Speller.CandidateData c : candidates) {
            if (c.getDistance() / FREQ_RANGES != top.getDistance() / FREQ_RANGES || options.size() == MAX_OPTIONS) break;
            if (common(american, c.getWord())) options.add(c.getWord());
        }
        String best = common(american, top.getWord()) ? top.getWord() : null;
        return best == null && options.isEmpty() ? Verdict.NO_FIX : new Verdict(false, best, lead, List.copyOf(options));
    }

    /**
     * A replacement the passes may make: a frequent word (class {@value #MIN_FREQUENCY} or more) of
     * lower-case letters (and an apostrophe: dont -> don't). A name or an acronym ("yong -> Yong",
     * "nir -> NIR") is more often wrong than right, and capitals are the model's to fix.
     */
    private static boolean common(Speller speller, String word) {
        return speller.getFrequency(word) >= MIN_FREQUENCY && word.chars().allMatch(c -> c == '\'' || c >= 'a' && c <= 'z');
    }

    private static boolean isLetters(String word) {
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c >= 128 || !Character.isLetter(c)) return false;
        }
        return true;
    }
}
