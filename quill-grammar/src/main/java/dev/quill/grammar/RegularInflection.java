package dev.quill.grammar;

import java.util.ArrayList;
import java.util.List;

/**
 * English's regular -ed and -s rules, and their misuse: learners over-regularise irregular verbs
 * and nouns ("goed", "heared", "childs", "womans"), a form no word list holds. The error
 * synthesizer makes such errors with {@link #past} and {@link #plural}; the spelling pass undoes
 * them with {@link #irregularForms}, because a speller's nearest word is the wrong answer there
 * ("heared" is one letter from "haired", "childs" from "child").
 */
public final class RegularInflection {

    private RegularInflection() {}

    /** What the regular -ed rule makes of a verb: {@code go -> goed}, {@code run -> runned}, {@code try -> tried}. */
    public static String past(String lemma) {
        if (lemma.endsWith("e")) return lemma + "d";
        if (endsInConsonantY(lemma)) return lemma.substring(0, lemma.length() - 1) + "ied";
        if (doublesFinalConsonant(lemma)) return lemma + lemma.charAt(lemma.length() - 1) + "ed";
        return lemma + "ed";
    }

    /** What the regular -s rule makes of a noun: {@code child -> childs}, {@code box -> boxes}, {@code city -> cities}. */
    public static String plural(String lemma) {
        if (lemma.endsWith("s") || lemma.endsWith("x") || lemma.endsWith("z") || lemma.endsWith("ch") || lemma.endsWith("sh")) {
            return lemma + "es";
        }
        if (endsInConsonantY(lemma)) return lemma.substring(0, lemma.length() - 1) + "ies";
        return lemma + "s";
    }

    /**
     * The forms {@code word} (lower case) was meant to be when it is the regular rule applied to an
     * irregular verb or noun of {@code morphology}: {@code goed -> [went, gone]}, {@code heared ->
     * [heard]}, {@code childs -> [children]}, {@code medias -> [media]} (a plural given a second
     * ending); the simple past before the participle. Empty for a
     * word that is not such a form, or is one of the word's own forms ("dreamed", "learned"), or
     * of "be" and "have".
     */
    public static List<String> irregularForms(Morphology morphology, String word) {
        List<String> out = new ArrayList<>();
        if (word.endsWith("ed")) {
            for (String lemma : stems(word, "ed", "d", "ied")) {
                if (lemma.equals("be") || lemma.equals("have") || !morphology.hasTag(lemma, "VB") || !past(lemma).equals(word)) continue;
                addIrregular(out, morphology, lemma, word, past(lemma), "VBD", "VBN");
            }
        } else if (word.endsWith("s")) {
            for (String lemma : stems(word, "es", "s", "ies")) {
                if (!isSingularNoun(morphology, lemma) || !plural(lemma).equals(word)) continue;
                if (morphology.hasTag(lemma, "NNS") && !morphology.synthesize(lemma, "NNS").contains(word)) {
                    if (!out.contains(lemma)) out.add(lemma); // a plural given a second ending: "medias", "datas"
                } else {
                    addIrregular(out, morphology, lemma, word, plural(lemma), "NNS");
                }
            }
        }
        return out;
    }

    /**
     * Lemmas the regular rule may have made {@code word} from: the word less {@code longEnding}
     * ("goed"), less {@code shortEnding} ("losed"), less a doubled final consonant ("runned"), and
     * with {@code yEnding} undone ("carried"); {@link #irregularForms} keeps those the rule maps back.
     */
    private static List<String> stems(String word, String longEnding, String shortEnding, String yEnding) {
        List<String> out = new ArrayList<>();
        int n = word.length();
        if (n > longEnding.length() + 1) out.add(word.substring(0, n - longEnding.length()));
        if (n > shortEnding.length() + 1) out.add(word.substring(0, n - shortEnding.length()));
        if (n > longEnding.length() + 2) out.add(word.substring(0, n - longEnding.length() - 1));
        if (word.endsWith(yEnding) && n > yEnding.length() + 1) out.add(word.substring(0, n - yEnding.length()) + "y");
        return out;
    }

    /** A singular noun: tagged NN, or NN:UN ("woman": countable or not) or NN:U. */
    private static boolean isSingularNoun(Morphology morphology, String lemma) {
        for (Morphology.Reading r : morphology.analyze(lemma)) {
            if (r.tag().equals("NN") || r.tag().startsWith("NN:")) return true;
        }
        return false;
    }

    /** Adds the lemma's forms with {@code tags} unless the regular form is one of them (then nothing was irregular). */
    private static void addIrregular(List<String> out, Morphology morphology, String lemma, String word, String regular, String... tags) {
        List<String> forms = new ArrayList<>();
        for (String tag : tags) forms.addAll(morphology.synthesize(lemma, tag));
        if (forms.contains(regular)) return;
        for (String f : forms) {
            if (!f.equals(word) && !out.contains(f) && f.chars().allMatch(c -> c >= 'a' && c <= 'z')) out.add(f);
        }
    }

    private static boolean isVowel(char c) {
        return "aeiou".indexOf(c) >= 0;
    }

    private static boolean endsInConsonantY(String w) {
        return w.length() > 1 && w.endsWith("y") && !isVowel(w.charAt(w.length() - 2));
    }

    /** One syllable ending consonant-vowel-consonant (not w, x, y): {@code run}, {@code swim}, {@code get}. */
    private static boolean doublesFinalConsonant(String w) {
        int n = w.length();
        if (n < 3) return false;
        char last = w.charAt(n - 1);
        if (isVowel(last) || "wxy".indexOf(last) >= 0) return false;
        if (!isVowel(w.charAt(n - 2)) || isVowel(w.charAt(n - 3))) return false;
        int vowelGroups = 0;
        boolean inVowel = false;
        for (int i = 0; i < n; i++) {
            boolean v = isVowel(w.charAt(i));
            if (v && !inVowel) vowelGroups++;
            inVowel = v;
        }
        return vowelGroups == 1;
    }
}
