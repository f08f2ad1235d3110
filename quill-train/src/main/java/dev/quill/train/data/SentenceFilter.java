package dev.quill.train.data;

import dev.quill.grammar.Morphology;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides whether a cleaned line is an everyday, learner-level English sentence we can use as a
 * correction target (the survey's "strict" filter): starts with a capital letter, ends in one
 * {@code . ? !}, 4 to a maximum number of words, printable ASCII letters, digits and basic punctuation only, one
 * sentence, a finite verb somewhere, no profanity, and every word in the {@link Vocabulary}
 * ({@link Mode#STRICT}) or all but one ({@link Mode#LOOSE}). The word range is 4 to 20 unless the
 * caller widens the upper bound (the tutor's recipe uses 30: JFLEG's learner sentences average
 * 18.6 words and a third of them are longer than 20).
 */
public final class SentenceFilter {

    /** How many words may fall outside the vocabulary. */
    public enum Mode { STRICT, LOOSE }

    /** Why a line was rejected, or {@link #KEEP}. */
    public enum Verdict { KEEP, NOT_ASCII, SHAPE, LENGTH, NO_VERB, RARE_WORDS, PROFANITY, AGREEMENT }

    public static final int MIN_WORDS = 4;
    /** The upper bound when none is given. */
    public static final int DEFAULT_MAX_WORDS = 20;

    /** Capital start, no brackets, quotes or symbols, one final . ? ! and no sentence break or ellipsis inside. */
    private static final Pattern SHAPE = Pattern.compile("[A-Z][A-Za-z0-9 ,;:'\\-]*[a-zA-Z0-9'][.?!]");
    private static final Set<String> FINITE_CONTRACTIONS = Set.of("n't", "'re", "'m", "'ll", "'ve", "'d");
    /** Articles and possessives: the word after one is a noun or adjective, never a finite verb. */
    private static final Set<String> NOUN_PHRASE_STARTERS = Set.of("the", "a", "an", "my", "your", "his", "its",
            "our", "their", "every", "each", "another");
    /** Words whose {@code 's} is "is" or "has", not a possessive. */
    private static final Set<String> S_IS = Set.of(
            "it's", "he's", "she's", "that's", "what's", "there's", "here's", "who's", "where's", "how's", "let's");

    private final Vocabulary vocabulary;
    private final ProfanityList profanity;
    private final Morphology morphology;
    private final Mode mode;
    private final int maxWords;

    public SentenceFilter(Vocabulary vocabulary, ProfanityList profanity, Morphology morphology, Mode mode) {
        this(vocabulary, profanity, morphology, mode, DEFAULT_MAX_WORDS);
    }

    public SentenceFilter(Vocabulary vocabulary, ProfanityList profanity, Morphology morphology, Mode mode, int maxWords) {
        if (maxWords < MIN_WORDS) throw new IllegalArgumentException("maxWords must be at least " + MIN_WORDS + ", got " + maxWords);
        this.vocabulary = vocabulary;
        this.profanity = profanity;
        this.morphology = morphology;
        this.mode = mode;
        this.maxWords = maxWords;
    }

    public Verdict check(String sentence) {
        if (!Text.isPrintableAscii(sentence)) return Verdict.NOT_ASCII;
        if (!SHAPE.matcher(sentence).matches() || sentence.contains("--") || sentence.contains(" '")
                || sentence.contains("' ")) {
            return Verdict.SHAPE;
        }
        List<Token> tokens = Token.split(sentence);
        int words = 0;
        int rare = 0;
        boolean finite = false;
        String previous = "";
        for (Token t : tokens) {
            if (!t.isWord()) {
                previous = "";
                continue;
            }
            words++;
            if (!vocabulary.contains(t.text())) rare++;
            if (!finite) finite = isFiniteVerb(t.text()) && !startsNounPhrase(previous);
            previous = t.text();
        }
        if (words < MIN_WORDS || words > maxWords) return Verdict.LENGTH;
        if (rare > (mode == Mode.STRICT ? 0 : 1)) return Verdict.RARE_WORDS;
        if (!finite || startsWithParticiple(tokens.getFirst().text())) return Verdict.NO_VERB;
        if (profanity.matches(sentence)) return Verdict.PROFANITY;
        if (hasPronounAgreementError(tokens)) return Verdict.AGREEMENT;
        return Verdict.KEEP;
    }

    /** Not "it": it is an object as often as a subject ("have it continue"). */
    private static final Set<String> THIRD_SINGULAR = Set.of("he", "she");
    private static final Set<String> NOT_THIRD_SINGULAR = Set.of("i", "we", "they");
    private static final Set<String> INVERTING = Set.of("can", "could", "will", "would", "shall", "should", "may",
            "might", "must", "do", "does", "did", "let", "make", "makes", "made", "help", "helps", "watch", "saw",
            "see", "hear", "heard", "had");

    /**
     * A cheap stand-in for a grammar checker on the most common error in scraped text: a subject
     * pronoun followed by a present-tense verb of the wrong number ("she say", "they goes").
     * Only unambiguous forms count: the verb's plain form must differ from its -s form, and a
     * preceding modal, "do" or perception/causative verb ("let her go") excuses it.
     */
    private boolean hasPronounAgreementError(List<Token> tokens) {
        for (int i = 0; i + 1 < tokens.size(); i++) {
            String subject = tokens.get(i).text().toLowerCase(java.util.Locale.ROOT);
            boolean singular = THIRD_SINGULAR.contains(subject);
            if (!singular && !NOT_THIRD_SINGULAR.contains(subject)) continue;
            if (i > 0 && INVERTING.contains(tokens.get(i - 1).text().toLowerCase(java.util.Locale.ROOT))) continue;
            String verb = tokens.get(i + 1).text();
            if (!tokens.get(i + 1).isWord() || !verb.equals(verb.toLowerCase(java.util.Locale.ROOT))) continue;
            boolean vbp = false;
            boolean vbz = false;
            boolean other = false;
            String lemma = null;
            for (Morphology.Reading r : morphology.analyze(verb)) {
                switch (r.tag()) {
                    case "VBP" -> { vbp = true; lemma = r.lemma(); }
                    case "VBZ" -> { vbz = true; lemma = r.lemma(); }
                    case "VB" -> { }
                    default -> other = true;
                }
            }
            if (other || vbp == vbz || lemma == null || lemma.equals("be")) continue;
            if (singular && vbp && !morphology.synthesize(lemma, "VBZ").isEmpty()) return true;
            if (!singular && vbz) return true;
        }
        return false;
    }

    /**
     * Whether a word before a verb-looking word makes that word part of a noun phrase instead: a
     * determiner or possessive ("the club"), or an adjective that cannot be a noun ("respective club").
     */
    private boolean startsNounPhrase(String previous) {
        if (previous.isEmpty()) return false;
        if (NOUN_PHRASE_STARTERS.contains(previous.toLowerCase(java.util.Locale.ROOT))) return true;
        boolean adjectiveOnly = false;
        for (Morphology.Reading r : morphology.analyze(previous)) {
            if (r.tag().equals("JJ")) adjectiveOnly = true;
        }
        return adjectiveOnly && !morphology.hasTagPrefix(previous, "NN") && !morphology.hasTagPrefix(previous, "VB")
                && !morphology.hasTagPrefix(previous, "RB");
    }

    /** "Promised to abolish forced labor.": a WordNet-style fragment that starts with a past tense or participle. */
    private boolean startsWithParticiple(String first) {
        boolean participle = false;
        for (Morphology.Reading r : morphology.analyze(first)) {
            switch (r.tag()) {
                case "VBD", "VBN", "VBG" -> participle = true;
                case "JJ" -> { }
                default -> { return false; }
            }
        }
        return participle;
    }

    private boolean isFiniteVerb(String word) {
        int apostrophe = word.indexOf('\'');
        if (apostrophe > 0) {
            String lower = word.toLowerCase(java.util.Locale.ROOT);
            String tail = lower.substring(lower.endsWith("n't") ? lower.length() - 3 : apostrophe);
            if (FINITE_CONTRACTIONS.contains(tail) || S_IS.contains(lower)) return true;
        }
        for (Morphology.Reading r : morphology.analyze(word)) {
            switch (r.tag()) {
                case "VBD", "VBZ", "VBP", "MD" -> { return true; }
                default -> { }
            }
        }
        return false;
    }
}
