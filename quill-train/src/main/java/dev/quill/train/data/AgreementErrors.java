package dev.quill.train.data;

import dev.quill.grammar.edits.ErrorType;
import java.util.Map;
import java.util.Set;

/**
 * Subject-verb agreement errors (SVA): a third-person singular subject with the plain verb
 * ("She go", "The dog bark", "He don't", "It were") and a plural, I or you subject with the -s
 * form ("They goes", "I has", "We was"), and the auxiliary of a question ("Does they", "Do she").
 * Forms come from the dictionary; the subject is found by {@link WordClasses#subjectNumber}.
 */
final class AgreementErrors extends SiteFamily {

    /** Negative contractions and their other-number form. */
    private static final Map<String, String> CONTRACTIONS = Map.of(
            "doesn't", "don't", "don't", "doesn't", "isn't", "aren't", "aren't", "isn't",
            "wasn't", "weren't", "weren't", "wasn't", "hasn't", "haven't", "haven't", "hasn't");
    private static final Set<String> SINGULAR_CONTRACTIONS = Set.of("doesn't", "isn't", "wasn't", "hasn't");
    /** Question auxiliaries and their other-number form. */
    private static final Map<String, String> QUESTION_AUXILIARIES = Map.of(
            "does", "do", "do", "does", "is", "are", "are", "is", "was", "were", "were", "was", "has", "have",
            "have", "has");
    private static final Set<String> SINGULAR_AUXILIARIES = Set.of("does", "is", "was", "has");

    AgreementErrors(Lexicon lex) {
        super(ErrorType.SVA, lex);
    }

    @Override
    void findSites(Draft d, Sites sites) {
        question(d, sites);
        for (int i = 1; i < d.size(); i++) {
            if (!d.isFree(i) || !d.isWord(i)) continue;
            final int at = i;
            String w = d.lower(i);
            WordClasses.Number subject = WordClasses.subjectNumber(d, lex, i);
            if (subject == WordClasses.Number.UNKNOWN) continue;
            boolean singular = subject == WordClasses.Number.SINGULAR;
            String contraction = CONTRACTIONS.get(w);
            if (contraction != null) {
                if (SINGULAR_CONTRACTIONS.contains(w) == singular) {
                    sites.add(singular ? "singular-subject" : "plural-subject", 3,
                            r -> d.replace(at, Draft.matchCase(d.text(at), contraction)));
                }
                continue;
            }
            if (lex.has(w, "NNS") && !WordClasses.SUBJECT_PRONOUNS.contains(d.lower(i - 1)) && !followsLikeAVerb(d, i + 1)) {
                continue; // "the metal ribbons that ...": more likely a compound noun than noun + verb
            }
            String wrong = singular ? plainForm(w) : sFormFor(w, d.lower(i - 1));
            if (wrong != null && !wrong.equals(w)) {
                sites.add(singular ? "singular-subject" : "plural-subject", 3,
                        r -> d.replace(at, Draft.matchCase(d.text(at), wrong)));
            }
        }
    }

    /**
     * Whether the token at {@code j} is what usually follows a verb rather than a noun: the end of
     * the sentence, a determiner, an object pronoun, a preposition other than "of", or an adverb.
     */
    private boolean followsLikeAVerb(Draft d, int j) {
        String next = d.lower(j);
        if (next.equals(".") || next.equals("!") || next.equals("?")) return true;
        if (!d.isWord(j) || next.equals("of") || next.equals("that") || next.equals("and")) return false;
        return WordClasses.DETERMINERS.contains(next) || WordClasses.OBJECT_PRONOUNS.contains(next)
                || lex.has(next, "IN") || lex.has(next, "RB");
    }

    /** The plain (non-3rd-singular) form for a 3rd-singular verb: goes -> go, has -> have, is -> are, was -> were. */
    private String plainForm(String w) {
        if (w.equals("was")) return "were";
        String lemma = lex.lemma(w, "VBZ");
        if (lemma == null) return null;
        if (lemma.equals("be")) return "are";
        return lex.form(lemma, "VBP");
    }

    /** The 3rd-singular form for a plain verb: go -> goes, have -> has, are/am -> is, were -> was. */
    private String sFormFor(String w, String subject) {
        switch (w) {
            case "were" -> { return "was"; }
            case "are", "am" -> { return "is"; }
            default -> { }
        }
        if (!lex.has(w, "VBP")) return null;
        String lemma = lex.lemma(w, "VBP");
        if (lemma == null || WordClasses.MODALS.contains(w)) return null;
        // "I was": was is fine with I, so only the present is changed.
        return lex.form(lemma, "VBZ");
    }

    /** "Does he like it?" -> "Do he like it?"; "Are you ready?" -> "Is you ready?". */
    private void question(Draft d, Sites sites) {
        if (d.size() < 3 || !d.isFree(0) || !d.lower(d.size() - 1).equals("?")) return;
        String aux = d.lower(0);
        String other = QUESTION_AUXILIARIES.get(aux);
        String subject = d.lower(1);
        if (other == null || !WordClasses.SUBJECT_PRONOUNS.contains(subject)) return;
        boolean singularSubject = WordClasses.SUBJECT_3SG.contains(subject);
        if (subject.equals("i") && (aux.equals("was") || aux.equals("were"))) return;
        if (SINGULAR_AUXILIARIES.contains(aux) != singularSubject) return;
        sites.add("question", 2, r -> d.replace(0, Draft.matchCase(d.text(0), other)));
    }
}
