package dev.quill.train.data;

import java.util.Set;

/**
 * Closed word classes and the few context tests error synthesis needs. The sentences are short
 * and plain, so a handful of local patterns (a pronoun or a determiner + noun just before a verb)
 * find subjects well enough; anything unsure is left alone rather than corrupted.
 */
final class WordClasses {
    private WordClasses() {}

    static final Set<String> SUBJECT_3SG = Set.of("he", "she", "it");
    static final Set<String> SUBJECT_NON_3SG = Set.of("i", "you", "we", "they");
    static final Set<String> SUBJECT_PRONOUNS = Set.of("i", "you", "he", "she", "it", "we", "they");
    static final Set<String> OBJECT_PRONOUNS = Set.of("me", "you", "him", "her", "it", "us", "them");
    static final Set<String> DETERMINERS = Set.of("the", "a", "an", "this", "that", "these", "those", "my", "your",
            "his", "her", "its", "our", "their", "some", "any", "no", "every", "each", "another", "much", "many",
            "few", "several", "both", "all", "either", "neither");
    static final Set<String> SINGULAR_DETERMINERS = Set.of("a", "an", "one", "each", "every", "another", "this");
    static final Set<String> PLURAL_QUANTIFIERS = Set.of("two", "three", "four", "five", "six", "seven", "eight",
            "nine", "ten", "eleven", "twelve", "twenty", "thirty", "fifty", "hundred", "many", "several", "few",
            "these", "those", "both", "various", "numerous");
    static final Set<String> MODALS = Set.of("can", "could", "will", "would", "shall", "should", "may", "might", "must");
    static final Set<String> BE_FINITE = Set.of("am", "is", "are", "was", "were");
    static final Set<String> BE_FORMS = Set.of("am", "is", "are", "was", "were", "be", "been", "being");
    static final Set<String> HAVE_FORMS = Set.of("have", "has", "had", "having");
    static final Set<String> DO_FORMS = Set.of("do", "does", "did", "don't", "doesn't", "didn't");
    /** Adverbs that sit between subject and verb and that learners misplace after the verb. */
    static final Set<String> FREQUENCY_ADVERBS = Set.of("always", "never", "usually", "often", "sometimes",
            "rarely", "seldom", "also", "already", "ever", "hardly", "still", "just", "really", "even", "normally",
            "generally", "probably");
    static final Set<String> WH_WORDS = Set.of("what", "where", "when", "why", "how", "who", "which");
    /** Verbs (lemmas) that take a to-infinitive: "want to go". */
    static final Set<String> INFINITIVE_VERBS = Set.of("want", "need", "like", "love", "hate", "try", "hope", "plan",
            "decide", "learn", "forget", "remember", "seem", "begin", "start", "agree", "refuse", "promise",
            "expect", "prefer", "offer", "continue", "fail", "manage", "wish", "intend", "prepare", "have", "used",
            "going", "able", "ought", "afford", "choose", "deserve", "pretend", "appear", "tend", "happen");
    static final Set<String> PAST_TIME_MARKERS = Set.of("yesterday", "ago");
    static final Set<String> AFTER_LAST = Set.of("night", "week", "month", "year", "summer", "winter", "spring",
            "fall", "autumn", "weekend", "time", "monday", "tuesday", "wednesday", "thursday", "friday",
            "saturday", "sunday");

    enum Number { SINGULAR, PLURAL, UNKNOWN }

    /** Tags of function words; a word with one of them ("his" is also a plural of "hi") is never taken for a noun. */
    private static final Set<String> FUNCTION_TAGS = Set.of("DT", "PDT", "PRP", "PRP$", "IN", "CC", "MD", "TO", "WDT",
            "WP", "WP$", "WRB", "EX", "CD");

    /** Pronouns the dictionary tags as nouns ("anything" is NN:U there). */
    private static final Set<String> INDEFINITE_PRONOUNS = Set.of("anything", "something", "nothing", "everything",
            "anyone", "someone", "everyone", "nobody", "somebody", "anybody", "everybody", "none", "one", "ones",
            "other", "others", "self", "yourself", "myself", "himself", "herself", "itself", "ourselves", "themselves");

    static boolean hasFunctionReading(Lexicon lex, String word) {
        if (INDEFINITE_PRONOUNS.contains(word)) return true;
        for (var r : lex.readings(word)) {
            if (FUNCTION_TAGS.contains(r.tag()) || r.tag().startsWith("PRP")) return true;
        }
        return false;
    }

    /** A singular noun that needs an article when bare: tag NN, never uncountable, never plural. */
    static boolean isCountableSingular(Lexicon lex, String word) {
        return lex.has(word, "NN") && !lex.has(word, "NN:U") && !lex.has(word, "NN:UN") && !lex.has(word, "NNS")
                && !lex.isProperNoun(word) && !hasFunctionReading(lex, word);
    }

    /** A plural noun that cannot also be a singular: "books", "children". */
    static boolean isPluralOnly(Lexicon lex, String word) {
        return lex.has(word, "NNS") && !lex.has(word, "NN") && !lex.has(word, "NN:U") && !lex.has(word, "NN:UN")
                && !hasFunctionReading(lex, word);
    }

    /**
     * An uncountable noun: LanguageTool's NN:U and no countable or plural reading, and either
     * one of the classic learner uncountables or a noun the dictionary knows no plural of
     * ("sense" is NN:U there too, yet "senses" is good English).
     */
    static boolean isUncountable(Lexicon lex, String word) {
        if (!lex.has(word, "NN:U") || lex.has(word, "NNS") || lex.has(word, "NN") || lex.has(word, "NN:UN")
                || hasFunctionReading(lex, word)) {
            return false;
        }
        String lemma = lex.lemma(word, "NN:U");
        return LEARNER_UNCOUNTABLES.contains(lemma) || lex.forms(lemma, "NNS").isEmpty();
    }

    /** Nouns learners pluralise although English does not count them. */
    static final Set<String> LEARNER_UNCOUNTABLES = Set.of("information", "advice", "furniture", "luggage", "baggage",
            "equipment", "homework", "housework", "knowledge", "research", "evidence", "progress", "traffic",
            "weather", "money", "bread", "music", "software", "feedback", "vocabulary", "accommodation", "scenery",
            "stuff", "garbage", "rubbish", "permission", "behavior", "behaviour", "fun", "health", "happiness",
            "luck", "patience", "transportation", "pollution", "jewelry", "clothing", "machinery", "mail", "help",
            "news", "rice", "sugar", "water", "milk", "air", "electricity", "violence", "safety", "trouble");

    /** Nouns that make quantifiers with "a" ("a lot of", "a couple of"): their number is not the learner's to change. */
    static final Set<String> QUANTITY_NOUNS = Set.of("lot", "lots", "bit", "couple", "few", "number", "kind", "sort",
            "dozen", "hundred", "thousand", "million", "deal", "plenty", "majority", "half", "type");

    private static final Set<String> INTENSIFIERS = Set.of("very", "really", "quite", "so", "too", "rather", "pretty");

    /**
     * The head noun of the noun phrase starting right after {@code i} (at most two adjectives or
     * intensifiers before it), or -1: "the [very old] house" from "the" finds "house".
     */
    static int nounHeadAfter(Draft d, Lexicon lex, int i) {
        int j = i + 1;
        for (int skipped = 0; skipped < 2; skipped++) {
            if (!d.isWord(j) || !d.isWord(j + 1)) break;
            String w = d.lower(j);
            boolean modifier = INTENSIFIERS.contains(w) || lex.has(w, "JJ");
            String next = d.lower(j + 1);
            if (modifier && (lex.hasPrefix(next, "NN") || lex.has(next, "JJ"))) j++;
            else break;
        }
        return d.isWord(j) && lex.hasPrefix(d.lower(j), "NN") ? j : -1;
    }

    /** The determiner or quantifier that starts the noun phrase ending at noun {@code i}, skipping adjectives, or "". */
    static String determinerBefore(Draft d, Lexicon lex, int i) {
        int j = i - 1;
        for (int skipped = 0; skipped < 2 && d.isWord(j); skipped++) {
            String w = d.lower(j);
            if (DETERMINERS.contains(w) || PLURAL_QUANTIFIERS.contains(w) || SINGULAR_DETERMINERS.contains(w)) break;
            if (INTENSIFIERS.contains(w) || lex.has(w, "JJ")) j--;
            else return "";
        }
        String w = d.lower(j);
        if (DETERMINERS.contains(w) || PLURAL_QUANTIFIERS.contains(w) || SINGULAR_DETERMINERS.contains(w)) return w;
        if (!w.isEmpty() && w.chars().allMatch(Character::isDigit)) return w;
        return "";
    }

    /**
     * The grammatical number of the subject right before the verb at {@code i} (one frequency
     * adverb may come between): a subject pronoun, a name, or a noun after a determiner.
     */
    static Number subjectNumber(Draft d, Lexicon lex, int i) {
        int j = i - 1;
        if (FREQUENCY_ADVERBS.contains(d.lower(j))) j--;
        if (!d.isWord(j)) return Number.UNKNOWN;
        String w = d.lower(j);
        // "would you do", "does she like": after an inverted auxiliary the verb is a bare infinitive, not finite.
        String beforeSubject = d.lower(j - 1);
        if (MODALS.contains(beforeSubject) || DO_FORMS.contains(beforeSubject) || BE_FORMS.contains(beforeSubject)
                || HAVE_FORMS.contains(beforeSubject)) {
            return Number.UNKNOWN;
        }
        if (SUBJECT_3SG.contains(w)) return Number.SINGULAR;
        if (SUBJECT_NON_3SG.contains(w)) return Number.PLURAL;
        if (j > 0 && lex.isProperNoun(d.text(j)) && !lex.hasPrefix(w, "VB") || j == 0 && lex.isProperNoun(d.text(j))) {
            return Number.SINGULAR;
        }
        String before = d.lower(j - 1);
        boolean afterDeterminer = DETERMINERS.contains(before) || PLURAL_QUANTIFIERS.contains(before)
                || (lex.has(before, "JJ") && DETERMINERS.contains(d.lower(j - 2)));
        if (!afterDeterminer || !lex.hasPrefix(w, "NN")) return Number.UNKNOWN;
        boolean plural = lex.has(w, "NNS");
        boolean singular = lex.has(w, "NN") || lex.has(w, "NN:U") || lex.has(w, "NN:UN");
        if (plural && !singular) return Number.PLURAL;
        if (singular && !plural) return Number.SINGULAR;
        return Number.UNKNOWN;
    }

    /** Whether the sentence talks about a finished past time ("yesterday", "two days ago", "last week"). */
    static boolean mentionsPastTime(Draft d) {
        for (int i = 0; i < d.size(); i++) {
            String w = d.lower(i);
            if (PAST_TIME_MARKERS.contains(w)) return true;
            if (w.equals("last") && AFTER_LAST.contains(d.lower(i + 1))) return true;
        }
        return false;
    }

    /** The lemma of the first reading of {@code word} whose tag starts with "VB", or null. */
    static String verbLemma(Lexicon lex, String word) {
        for (var r : lex.readings(word)) if (r.tag().startsWith("VB")) return r.lemma();
        return null;
    }
}
