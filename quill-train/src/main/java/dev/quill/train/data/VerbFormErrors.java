package dev.quill.train.data;

import static dev.quill.train.data.WordClasses.BE_FINITE;
import static dev.quill.train.data.WordClasses.BE_FORMS;
import static dev.quill.train.data.WordClasses.DO_FORMS;
import static dev.quill.train.data.WordClasses.HAVE_FORMS;
import static dev.quill.train.data.WordClasses.MODALS;
import static dev.quill.train.data.WordClasses.SUBJECT_PRONOUNS;

import dev.quill.grammar.Morphology.Reading;
import dev.quill.grammar.RegularInflection;
import dev.quill.grammar.edits.ErrorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Verb form and tense errors (VERB_FORM), every form taken from the dictionary: the regular -ed
 * rule applied to an irregular verb ("goed", "buyed", "teached"), past tense for the participle
 * and back ("have went", "I seen"), an inflected verb after a modal, "do" or infinitive "to"
 * ("can goes", "did went", "want to going"), a bare verb in the progressive ("is go"), present
 * tense with a past time ("Yesterday I go"), and a bare verb after a preposition ("before go").
 */
final class VerbFormErrors extends SiteFamily {

    private static final Set<String> ADVERBS_IN_VERB_GROUP = Set.of("not", "never", "already", "just", "ever",
            "always", "also", "recently", "often", "really", "still", "n't");
    private static final Set<String> GERUND_PREPOSITIONS = Set.of("of", "for", "about", "before", "after",
            "without", "in", "at", "by", "on");

    VerbFormErrors(Lexicon lex) {
        super(ErrorType.VERB_FORM, lex);
    }

    @Override
    void findSites(Draft d, Sites sites) {
        boolean pastTime = WordClasses.mentionsPastTime(d);
        for (int i = 0; i < d.size(); i++) {
            if (!d.isFree(i) || !d.isWord(i)) continue;
            String w = d.lower(i);
            if (w.indexOf('\'') >= 0) continue;
            String auxiliary = auxiliaryBefore(d, i);
            overregularized(d, sites, i, w);
            participle(d, sites, i, w, auxiliary);
            afterModal(d, sites, i, w, auxiliary);
            progressive(d, sites, i, w, auxiliary);
            if (pastTime) presentForPast(d, sites, i, w, auxiliary);
            gerund(d, sites, i, w);
        }
    }

    /** The lower-cased word before {@code i}, looking past one adverb such as "not" or "already". */
    private static String auxiliaryBefore(Draft d, int i) {
        String prev = d.lower(i - 1);
        return ADVERBS_IN_VERB_GROUP.contains(prev) ? d.lower(i - 2) : prev;
    }

    /** went -> goed, bought -> buyed, taught -> teached: only where the dictionary says the verb is irregular. */
    private void overregularized(Draft d, Sites sites, int i, String w) {
        if (WordClasses.DETERMINERS.contains(d.lower(i - 1))) return;
        for (Reading r : lex.readings(w)) {
            if (!r.tag().equals("VBD") && !r.tag().equals("VBN")) continue;
            String lemma = r.lemma();
            // "beed", "haved": not errors learners make.
            if (lemma.equals("be") || lemma.equals("have") || !lemma.chars().allMatch(Character::isLowerCase)) continue;
            String regular = RegularInflection.past(lemma);
            if (regular.equals(w) || lex.forms(lemma, "VBD").contains(regular) || lex.forms(lemma, "VBN").contains(regular)
                    || lex.isKnown(regular)) {
                continue;
            }
            sites.add("overregularized", 4, rnd -> d.replace(i, Draft.matchCase(d.text(i), regular)));
            return;
        }
    }

    /** have gone -> have went, was written -> was wrote; I saw -> I seen. */
    private void participle(Draft d, Sites sites, int i, String w, String auxiliary) {
        if (HAVE_FORMS.contains(auxiliary) || BE_FORMS.contains(auxiliary)) {
            String lemma = lex.lemma(w, "VBN");
            if (lemma == null || lemma.equals("be")) return;
            String past = lex.form(lemma, "VBD");
            if (past != null && !past.equals(w) && !lex.forms(lemma, "VBN").contains(past)) {
                sites.add("past-for-participle", 3, rnd -> d.replace(i, Draft.matchCase(d.text(i), past)));
            }
        } else if (SUBJECT_PRONOUNS.contains(d.lower(i - 1))) {
            String lemma = lex.lemma(w, "VBD");
            if (lemma == null || lemma.equals("be")) return;
            String participle = lex.form(lemma, "VBN");
            if (participle != null && !participle.equals(w) && !lex.forms(lemma, "VBD").contains(participle)) {
                sites.add("participle-for-past", 2, rnd -> d.replace(i, Draft.matchCase(d.text(i), participle)));
            }
        }
    }

    /** can go -> can goes / can went; did go -> did went; want to go -> want to going. */
    private void afterModal(Draft d, Sites sites, int i, String w, String auxiliary) {
        String label;
        if (MODALS.contains(auxiliary)) label = "after-modal";
        else if (DO_FORMS.contains(auxiliary)) label = "after-do";
        else if (auxiliary.equals("to") && takesInfinitive(d.lower(i - 2))) label = "after-to";
        else return;
        if (!lex.has(w, "VB") || !w.equals(lex.lemma(w, "VB")) || w.equals("be")) return;
        List<String> wrong = new ArrayList<>();
        for (String tag : new String[] {"VBZ", "VBD", "VBG"}) {
            String f = lex.form(w, tag);
            if (f != null && !f.equals(w) && !wrong.contains(f)) wrong.add(f);
        }
        if (wrong.isEmpty()) return;
        sites.add(label, label.equals("after-modal") ? 3 : 2, rnd -> d.replace(i, Draft.matchCase(d.text(i), pick(wrong, rnd))));
    }

    private boolean takesInfinitive(String word) {
        if (WordClasses.INFINITIVE_VERBS.contains(word)) return true;
        String lemma = WordClasses.verbLemma(lex, word);
        return lemma != null && WordClasses.INFINITIVE_VERBS.contains(lemma);
    }

    /** I am going -> I am go. */
    private void progressive(Draft d, Sites sites, int i, String w, String auxiliary) {
        if (!BE_FINITE.contains(auxiliary) || !w.endsWith("ing")) return;
        String lemma = lex.lemma(w, "VBG");
        if (lemma == null || !lex.has(lemma, "VB")) return;
        sites.add("progressive", 2, rnd -> d.replace(i, Draft.matchCase(d.text(i), lemma)));
    }

    /** Yesterday I went -> Yesterday I go; Yesterday she was -> Yesterday she is. */
    private void presentForPast(Draft d, Sites sites, int i, String w, String auxiliary) {
        if (HAVE_FORMS.contains(auxiliary) || BE_FORMS.contains(auxiliary) || MODALS.contains(auxiliary)) return;
        String lemma = lex.lemma(w, "VBD");
        if (lemma == null) return;
        WordClasses.Number subject = WordClasses.subjectNumber(d, lex, i);
        if (subject == WordClasses.Number.UNKNOWN) return;
        String present;
        if (lemma.equals("be")) {
            present = subject == WordClasses.Number.SINGULAR ? "is" : d.lower(i - 1).equals("i") ? "am" : "are";
        } else {
            present = subject == WordClasses.Number.SINGULAR ? lex.form(lemma, "VBZ") : lex.form(lemma, "VBP");
        }
        if (present == null || present.equals(w)) return;
        sites.add("tense", 3, rnd -> d.replace(i, Draft.matchCase(d.text(i), present)));
    }

    /** interested in learning -> interested in learn; before going -> before go. */
    private void gerund(Draft d, Sites sites, int i, String w) {
        if (!GERUND_PREPOSITIONS.contains(d.lower(i - 1)) || !w.endsWith("ing")) return;
        String lemma = lex.lemma(w, "VBG");
        if (lemma == null || !lex.has(lemma, "VB") || lex.hasPrefix(w, "NN")) return;
        sites.add("gerund", 1, rnd -> d.replace(i, Draft.matchCase(d.text(i), lemma)));
    }
}
