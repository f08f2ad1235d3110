package dev.quill.train.data;

import static dev.quill.train.data.WordClasses.BE_FORMS;
import static dev.quill.train.data.WordClasses.DO_FORMS;
import static dev.quill.train.data.WordClasses.HAVE_FORMS;
import static dev.quill.train.data.WordClasses.MODALS;

import dev.quill.grammar.edits.ErrorType;
import java.util.Set;

/**
 * Word order errors (WORD_ORDER): a frequency adverb moved after the verb ("I eat always
 * breakfast"), an adjective after its noun ("a car red"), subject and auxiliary not inverted in
 * a wh-question ("Where you are going?"), and, rarely, any two neighbouring words swapped.
 */
final class WordOrderErrors extends SiteFamily {

    private static final Set<String> MOVABLE_ADVERBS = Set.of("always", "never", "usually", "often", "sometimes",
            "rarely", "seldom", "also", "already", "hardly", "really", "just", "still");
    private static final Set<String> QUESTION_AUXILIARIES = Set.of("is", "are", "was", "were", "can", "will",
            "could", "would", "should", "has", "have", "had");

    WordOrderErrors(Lexicon lex) {
        super(ErrorType.WORD_ORDER, lex);
    }

    @Override
    void findSites(Draft d, Sites sites) {
        question(d, sites);
        for (int i = 0; i + 1 < d.size(); i++) {
            if (!d.isFree(i) || !d.isFree(i + 1) || !d.isWord(i) || !d.isWord(i + 1)) continue;
            final int at = i;
            String w = d.lower(i);
            String next = d.lower(i + 1);
            if (w.equals(next)) continue;
            if (MOVABLE_ADVERBS.contains(w) && isMainVerb(next) && WordClasses.subjectNumber(d, lex, i) != WordClasses.Number.UNKNOWN) {
                sites.add("adverb", 3, r -> d.swap(at, at + 1));
            }
            if (i > 0 && isDeterminer(d.lower(i - 1)) && lex.has(w, "JJ") && !lex.hasPrefix(w, "NN")
                    && lex.hasPrefix(next, "NN") && !lex.has(next, "JJ") && !lex.hasPrefix(d.lower(i + 2), "NN")) {
                sites.add("adjective", 2, r -> d.swap(at, at + 1));
            }
            sites.add("swap", 1, r -> d.swap(at, at + 1));
        }
    }

    private boolean isMainVerb(String w) {
        if (BE_FORMS.contains(w) || HAVE_FORMS.contains(w) || DO_FORMS.contains(w) || MODALS.contains(w)) return false;
        return lex.has(w, "VBZ") || lex.has(w, "VBP") || lex.has(w, "VBD");
    }

    private boolean isDeterminer(String w) {
        return WordClasses.DETERMINERS.contains(w) || lex.has(w, "PRP$");
    }

    /** "Where are you going?" -> "Where you are going?" (a pronoun subject only). */
    private void question(Draft d, Sites sites) {
        if (d.size() < 4 || !d.lower(d.size() - 1).equals("?")) return;
        if (!WordClasses.WH_WORDS.contains(d.lower(0)) || !QUESTION_AUXILIARIES.contains(d.lower(1))) return;
        if (!WordClasses.SUBJECT_PRONOUNS.contains(d.lower(2)) || !d.isFree(1) || !d.isFree(2)) return;
        sites.add("question", 3, r -> d.swap(1, 2));
    }
}
