package dev.quill.train.data;

import dev.quill.grammar.edits.ErrorType;
import java.util.Set;

/**
 * Unnecessary words (UNNECESSARY): "to" after a modal ("I can to swim"), "more"/"most" before a
 * comparative or superlative ("more bigger"), "be" before a present-tense verb ("I am agree"),
 * and a short word written twice ("the the").
 */
final class ExtraWordErrors extends SiteFamily {

    private static final Set<String> REPEATABLE = Set.of("the", "a", "to", "of", "and", "in", "is", "it", "i", "on");
    private static final Set<String> NOT_COMPARATIVES = Set.of("more", "less", "other", "fewer", "lesser", "further",
            "most", "least", "rather", "either", "ever", "never", "over", "under", "after", "water", "paper");

    ExtraWordErrors(Lexicon lex) {
        super(ErrorType.UNNECESSARY, lex);
    }

    @Override
    void findSites(Draft d, Sites sites) {
        for (int i = 0; i < d.size(); i++) {
            if (!d.isFree(i) || !d.isWord(i)) continue;
            final int at = i;
            String w = d.lower(i);
            String next = d.lower(i + 1);
            if (WordClasses.MODALS.contains(w) && d.isFree(i + 1) && lex.has(next, "VB") && !next.equals("not")) {
                sites.add("to", 3, r -> d.insert(at + 1, "to"));
            }
            if (!NOT_COMPARATIVES.contains(w) && !d.lower(i - 1).equals("more") && !d.lower(i - 1).equals("most")) {
                if (lex.has(w, "JJR") && w.endsWith("er")) sites.add("more", 2, r -> d.insert(at, "more"));
                if (lex.has(w, "JJS") && w.endsWith("est")) sites.add("more", 2, r -> d.insert(at, "most"));
            }
            String subject = d.lower(i - 1);
            String beforeSubject = d.lower(i - 2);
            boolean inverted = WordClasses.MODALS.contains(beforeSubject) || WordClasses.DO_FORMS.contains(beforeSubject);
            if (i > 0 && WordClasses.SUBJECT_PRONOUNS.contains(subject) && !inverted && isPresentMainVerb(w, subject)) {
                String be = subject.equals("i") ? "am" : WordClasses.SUBJECT_3SG.contains(subject) ? "is" : "are";
                sites.add("be", 3, r -> d.insert(at, be));
            }
            if (REPEATABLE.contains(w)) sites.add("repeat", 1, r -> d.insert(at + 1, d.text(at)));
        }
    }

    /** "agree" after I/you/we/they, "likes" after he/she/it; not be, have, do or a modal. */
    private boolean isPresentMainVerb(String w, String subject) {
        if (WordClasses.BE_FORMS.contains(w) || WordClasses.HAVE_FORMS.contains(w) || WordClasses.DO_FORMS.contains(w)
                || WordClasses.MODALS.contains(w)) {
            return false;
        }
        return WordClasses.SUBJECT_3SG.contains(subject) ? lex.has(w, "VBZ") : lex.has(w, "VBP");
    }
}
