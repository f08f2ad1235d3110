package dev.quill.grammar.edits;

import dev.quill.grammar.Morphology;
import dev.quill.grammar.TextSpeak;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Gives an edit its {@link ErrorType} by rules over the words it changes, using
 * {@link Morphology} for lemmas and Penn tags. The rules, first match wins:
 *
 * <ol>
 *   <li>only whitespace, case or punctuation differs: {@link ErrorType#PUNCT};</li>
 *   <li>a known sound-alike pair ({@code their/there}, {@code its/it's}, {@code then/than}) or
 *       the same letters split, joined or hyphenated ({@code every day/everyday}): {@link ErrorType#SPELL};</li>
 *   <li>the same words in another order: {@link ErrorType#WORD_ORDER};</li>
 *   <li>words only inserted: {@link ErrorType#DET} / {@link ErrorType#PREP} when they are all
 *       determiners / prepositions, {@link ErrorType#VERB_FORM} for auxiliaries before a
 *       participle ({@code she going -> she is going}), else {@link ErrorType#MISSING};
 *       only deleted: the same with {@link ErrorType#UNNECESSARY};</li>
 *   <li>one word for another: both determiners: DET; both prepositions: PREP; the same verb
 *       lemma: {@link ErrorType#SVA} when the change is between third-person singular and
 *       plural present ({@code VBZ/VBP}, {@code was/were}) and not after a modal, {@code to} or
 *       {@code do} ({@code can goes -> can go} is VERB_FORM), else VERB_FORM; the same noun lemma,
 *       singular and plural (uncountables included): {@link ErrorType#NOUN_NUM} (a word that is
 *       both, like {@code works}, counts as a noun after a determiner, number, adjective or
 *       preposition and as a verb otherwise; after {@code to}, as a verb when it changes to the base
 *       form, {@code to goes -> to go}, and as a noun otherwise, {@code to school -> to schools});
 *       an unknown regular form of an irregular word ({@code goed -> went},
 *       {@code childs -> children}): VERB_FORM or NOUN_NUM; a misspelling (an unknown word close
 *       to its correction, or a known word one substituted or swapped letter from a different word of
 *       the same length, four letters or more: {@code form/from}): SPELL;</li>
 *   <li>several words around one verb change whose other words are auxiliaries
 *       ({@code go -> has gone}): VERB_FORM;</li>
 *   <li>anything else: {@link ErrorType#OTHER}.</li>
 * </ol>
 */
public final class EditClassifier {
    private static final Set<Set<String>> AGREEMENT_PAIRS = Set.of(
            Set.of("was", "were"), Set.of("is", "are"), Set.of("am", "is"), Set.of("am", "are"),
            Set.of("has", "have"), Set.of("does", "do"), Set.of("'s", "'re"), Set.of("'s", "'m"));

    /** Words after which a verb takes its base form, so a VBZ/VBP change there is not agreement. */
    private static final Set<String> BASE_FORM_AFTER = Set.of(
            "to", "can", "could", "will", "would", "shall", "should", "may", "might", "must", "do", "does", "did",
            "n't", "not", "'ll", "'d", "ca", "wo");

    private final Lexicon lexicon;

    public EditClassifier(Morphology morphology) {
        this(new Lexicon(morphology));
    }

    EditClassifier(Lexicon lexicon) {
        this.lexicon = lexicon;
    }

    /**
     * The type of replacing {@code from} by {@code to}.
     *
     * @param before the word just before the edit in the corrected sentence ("" at the start)
     * @param after  the word just after the edit in the corrected sentence ("" at the end)
     */
    public ErrorType classify(String from, String to, String before, String after) {
        List<String> f = texts(from);
        List<String> t = texts(to);
        if (lowered(f).equals(lowered(t))) return ErrorType.PUNCT;
        if (Lexicon.areConfusable(from.strip(), to.strip())) return ErrorType.SPELL;
        if (contractionApostrophe(from, to) || TextSpeak.writesOut(from, to)) return ErrorType.SPELL;
        String f0 = from.strip();
        if (f0.length() > 2 && Lexicon.lower(f0).endsWith("nt") && f0.indexOf('\'') < 0 && Lexicon.lower(to.strip()).endsWith("n't")) {
            // "dont -> doesn't" is the agreement of "don't -> doesn't", its apostrophe aside
            return classify(f0.substring(0, f0.length() - 1) + "'t", to, before, after);
        }
        if (!f.isEmpty() && !t.isEmpty() && Lexicon.letters(from).equals(Lexicon.letters(to))) {
            return ErrorType.SPELL;
        }
        List<String> fw = new ArrayList<>(words(f));
        List<String> tw = new ArrayList<>(words(t));
        // words both sides keep ("doesn't -> don't" is "does -> do") say nothing about the type
        while (!fw.isEmpty() && !tw.isEmpty() && Lexicon.lower(fw.getFirst()).equals(Lexicon.lower(tw.getFirst()))) {
            fw.removeFirst();
            tw.removeFirst();
        }
        while (!fw.isEmpty() && !tw.isEmpty() && Lexicon.lower(fw.getLast()).equals(Lexicon.lower(tw.getLast()))) {
            fw.removeLast();
            tw.removeLast();
        }
        if (fw.isEmpty() && tw.isEmpty()) return ErrorType.PUNCT;
        if (fw.size() >= 2 && sameMultiset(fw, tw)) return ErrorType.WORD_ORDER;
        if (fw.isEmpty()) return inserted(tw, after, ErrorType.MISSING);
        if (tw.isEmpty()) return inserted(fw, after, ErrorType.UNNECESSARY);
        if (fw.size() == 1 && tw.size() == 1) return replaced(fw.getFirst(), tw.getFirst(), before);
        return verbPhrase(fw, tw) ? ErrorType.VERB_FORM : ErrorType.OTHER;
    }

    /** Endings of a contraction after its apostrophe: don't, I'm, you're, I've, we'll, he'd ('s is also the possessive). */
    private static final Set<String> CONTRACTION_ENDINGS = Set.of("t", "m", "re", "ve", "ll", "d");

    /**
     * Whether {@code to} is {@code from} with the apostrophe of a contraction put in: "dont ->
     * don't", "Im -> I'm", "youre -> you're". The word tokenizer splits the contraction ("do n't"),
     * so without this the edit read as a rewrite (OTHER, and the wrong rule card).
     */
    private static boolean contractionApostrophe(String from, String to) {
        String f = Lexicon.lower(from.strip());
        String t = Lexicon.lower(to.strip());
        int at = t.indexOf('\'');
        if (at <= 0 || t.indexOf('\'', at + 1) >= 0 || f.indexOf('\'') >= 0) return false;
        return CONTRACTION_ENDINGS.contains(t.substring(at + 1)) && f.equals(t.substring(0, at) + t.substring(at + 1));
    }

    /** Words inserted (or deleted: {@code fallback} says which). */
    private ErrorType inserted(List<String> words, String after, ErrorType fallback) {
        if (words.stream().allMatch(Lexicon::isDeterminer)) return ErrorType.DET;
        if (words.stream().allMatch(Lexicon::isPreposition)) return ErrorType.PREP;
        if (words.stream().allMatch(Lexicon::isAuxiliary)
                && (lexicon.hasTag(after, "VBG") || lexicon.hasTag(after, "VBN"))) {
            return ErrorType.VERB_FORM;
        }
        return fallback;
    }

    private ErrorType replaced(String f, String t, String before) {
        if (Lexicon.isDeterminer(f) && Lexicon.isDeterminer(t)) return ErrorType.DET;
        if (Lexicon.isPreposition(f) && Lexicon.isPreposition(t)) return ErrorType.PREP;
        boolean verb = !Collections.disjoint(verbLemmas(f), verbLemmas(t));
        boolean noun = nounNumberChange(f, t);
        if (verb && noun) {
            // "to" is a preposition before a noun and the infinitive marker before a verb: a change to the base form reads as a verb
            if (Lexicon.lower(before).equals("to")) return lexicon.hasTag(t, "VB") ? ErrorType.VERB_FORM : ErrorType.NOUN_NUM;
            return nounContext(before) ? ErrorType.NOUN_NUM : agreement(f, t, before) ? ErrorType.SVA : ErrorType.VERB_FORM;
        }
        if (verb) return agreement(f, t, before) ? ErrorType.SVA : ErrorType.VERB_FORM;
        if (noun) return ErrorType.NOUN_NUM;
        if (!lexicon.isKnown(f)) {
            // a learner's regular form of an irregular word: "goed -> went", "childs -> children"
            if (regularForms(lexicon.lemmas(t, "VB")).contains(Lexicon.lower(f))) return ErrorType.VERB_FORM;
            if (regularForms(lexicon.lemmas(t, "NN")).contains(Lexicon.lower(f))) return ErrorType.NOUN_NUM;
        }
        if (misspelled(f, t)) return ErrorType.SPELL;
        return ErrorType.OTHER;
    }

    private Set<String> verbLemmas(String word) {
        Set<String> out = lexicon.lemmas(word, "VB");
        out.addAll(lexicon.lemmas(word, "MD"));
        return out;
    }

    /** Same noun, one singular (or uncountable) and one plural; an unknown plural of a known noun counts ("informations"). */
    private boolean nounNumberChange(String f, String t) {
        if (!Collections.disjoint(singularLemmas(f), lexicon.lemmas(t, "NNS"))) return true;
        if (!Collections.disjoint(lexicon.lemmas(f, "NNS"), singularLemmas(t))) return true;
        return unknownPlural(f, t) || unknownPlural(t, f);
    }

    private Set<String> singularLemmas(String word) {
        Set<String> out = new HashSet<>();
        for (Morphology.Reading r : lexicon.readings(word)) {
            if (r.tag().startsWith("NN") && !r.tag().startsWith("NNS") && !r.tag().startsWith("NNP")) {
                out.add(Lexicon.lower(r.lemma()));
            }
        }
        return out;
    }

    /** The forms the regular English endings would give each lemma (-s, -es, -ed, -ing, with the usual spelling changes). */
    private static Set<String> regularForms(Set<String> lemmas) {
        Set<String> out = new HashSet<>();
        for (String l : lemmas) {
            if (l.isEmpty()) continue;
            char last = l.charAt(l.length() - 1);
            String stem = l.substring(0, l.length() - 1);
            for (String ending : List.of("s", "es", "ed", "d", "ing")) out.add(l + ending);
            out.add(l + last + "ed");
            out.add(l + last + "ing");
            if (last == 'e') out.add(stem + "ing");
            if (last == 'y') {
                out.add(stem + "ied");
                out.add(stem + "ies");
            }
        }
        return out;
    }

    private boolean unknownPlural(String plural, String singular) {
        String p = Lexicon.lower(plural);
        String s = Lexicon.lower(singular);
        return !lexicon.isKnown(p) && !singularLemmas(s).isEmpty() && (p.equals(s + "s") || p.equals(s + "es"));
    }

    /** Whether the word before a noun/verb-ambiguous change makes it a noun: "two book", "the works", "of schools". */
    private boolean nounContext(String before) {
        if (before.isEmpty() || BASE_FORM_AFTER.contains(Lexicon.lower(before))) return false;
        if (Lexicon.isDeterminer(before) || Lexicon.isPreposition(before)) return true;
        if (before.chars().allMatch(Character::isDigit)) return true;
        return lexicon.hasTag(before, "CD") || (lexicon.hasTagPrefix(before, "JJ") && !lexicon.hasTagPrefix(before, "NN")
                && !lexicon.hasTagPrefix(before, "VB") && !lexicon.hasTagPrefix(before, "PRP"));
    }

    /** Whether a verb change is one of agreement: third-person singular against plural present. */
    private boolean agreement(String f, String t, String before) {
        // after a modal, "to" or do-support the verb has its base form, whatever the subject: "can goes -> can go"
        if (BASE_FORM_AFTER.contains(Lexicon.lower(before))) return false;
        String a = Lexicon.lower(f);
        String b = Lexicon.lower(t);
        if (AGREEMENT_PAIRS.contains(Set.of(a, b))) return true;
        return (lexicon.hasTag(a, "VBZ") && lexicon.hasTag(b, "VBP")) || (lexicon.hasTag(a, "VBP") && lexicon.hasTag(b, "VBZ"));
    }

    private boolean misspelled(String f, String t) {
        String a = Lexicon.lower(f);
        String b = Lexicon.lower(t);
        if (!a.chars().allMatch(Character::isLetter)) return false;
        if (!lexicon.isKnown(a)) {
            return Lexicon.similarity(a, b) >= 0.5 || Lexicon.characterDistance(a, b) <= 2;
        }
        return a.length() == b.length() && a.length() >= 4 && Lexicon.characterDistance(a, b) == 1
                && Collections.disjoint(lexicon.lemmas(a), lexicon.lemmas(b));
    }

    /** Several words for several: a verb changed with only auxiliaries (and negation, "to") around it. */
    private boolean verbPhrase(List<String> f, List<String> t) {
        for (String a : f) {
            for (String b : t) {
                if (Lexicon.lower(a).equals(Lexicon.lower(b))) continue;
                if (Collections.disjoint(verbLemmas(a), verbLemmas(b))) continue;
                List<String> rest = new ArrayList<>(f);
                rest.addAll(t);
                rest.remove(a);
                rest.remove(b);
                if (rest.stream().allMatch(w -> Lexicon.isAuxiliary(w) || isNegationOrTo(w))) return true;
            }
        }
        return false;
    }

    private static boolean isNegationOrTo(String w) {
        String l = Lexicon.lower(w);
        return l.equals("not") || l.equals("n't") || l.equals("to");
    }

    private static boolean sameMultiset(List<String> a, List<String> b) {
        if (a.size() != b.size()) return false;
        List<String> x = new ArrayList<>(lowered(a));
        List<String> y = new ArrayList<>(lowered(b));
        if (x.equals(y)) return false;
        Collections.sort(x);
        Collections.sort(y);
        return x.equals(y);
    }

    private static List<String> texts(String s) {
        return WordTokenizer.tokenize(s).stream().map(Token::text).toList();
    }

    private static List<String> words(List<String> tokens) {
        return tokens.stream().filter(t -> !Lexicon.isPunctuation(t)).toList();
    }

    private static List<String> lowered(List<String> tokens) {
        return tokens.stream().map(Lexicon::lower).toList();
    }
}
