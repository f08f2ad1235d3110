package dev.quill.train.data;

import dev.quill.grammar.edits.ErrorType;

/**
 * Missing words (MISSING) other than articles and prepositions, which are DET and PREP: the verb
 * "be" ("She happy"), infinitive "to" ("I want go"), the dummy subject "it" ("Is raining"), the
 * auxiliary of a question ("You like it?") and an object pronoun at the end ("I like.").
 */
final class MissingWordErrors extends SiteFamily {

    MissingWordErrors(Lexicon lex) {
        super(ErrorType.MISSING, lex);
    }

    @Override
    void findSites(Draft d, Sites sites) {
        boolean question = d.lower(d.size() - 1).equals("?");
        for (int i = 0; i < d.size(); i++) {
            if (!d.isFree(i) || !d.isWord(i)) continue;
            final int at = i;
            String w = d.lower(i);
            String next = d.lower(i + 1);
            if (WordClasses.BE_FINITE.contains(w) && i > 0
                    && WordClasses.subjectNumber(d, lex, i) != WordClasses.Number.UNKNOWN
                    && (lex.has(next, "JJ") || lex.has(next, "VBG") || WordClasses.DETERMINERS.contains(next))) {
                sites.add("be", 3, r -> d.delete(at));
            }
            if (w.equals("to") && lex.has(next, "VB") && infinitiveVerbBefore(d, i)) {
                sites.add("to", 2, r -> d.delete(at));
            }
            if (i == 0 && w.equals("it") && (next.equals("is") || next.equals("was"))) {
                sites.add("subject", 1, r -> d.delete(at));
            }
            if (i == 0 && question && WordClasses.DO_FORMS.contains(w) && !w.contains("'")
                    && WordClasses.SUBJECT_PRONOUNS.contains(next)) {
                sites.add("auxiliary", 2, r -> d.delete(at));
            }
            if ((w.equals("it") || w.equals("them")) && i == d.lastWord() && i + 1 < d.size() && i > 0
                    && lex.hasPrefix(d.lower(i - 1), "VB") && !WordClasses.BE_FORMS.contains(d.lower(i - 1))) {
                sites.add("object", 1, r -> d.delete(at));
            }
        }
    }

    private boolean infinitiveVerbBefore(Draft d, int to) {
        String before = d.lower(to - 1);
        if (WordClasses.INFINITIVE_VERBS.contains(before)) return true;
        String lemma = WordClasses.verbLemma(lex, before);
        return lemma != null && WordClasses.INFINITIVE_VERBS.contains(lemma);
    }
}
