package dev.quill.train.data;

import dev.quill.grammar.edits.ErrorType;
import java.util.Locale;

/**
 * Capitalisation and punctuation (PUNCT): a sentence starting in lower case, "i" for "I", a
 * lower-case name, day or language ("monday", "english"), a question ending in a full stop, and
 * a contraction without its apostrophe ("dont", "Im").
 */
final class CasingErrors extends SiteFamily {

    CasingErrors(Lexicon lex) {
        super(ErrorType.PUNCT, lex);
    }

    @Override
    void findSites(Draft d, Sites sites) {
        if (d.canLowercaseStart()) sites.add("capitalization", 3, r -> d.lowercaseStart());
        int last = d.size() - 1;
        if (last > 0 && d.isFree(last) && d.text(last).equals("?")) sites.add("question-mark", 1, r -> d.replace(last, "."));
        for (int i = 1; i < d.size(); i++) {
            if (!d.isFree(i) || !d.isWord(i)) continue;
            final int at = i;
            String t = d.text(i);
            if (t.equals("I") || t.startsWith("I'")) {
                sites.add("i", 2, r -> d.replace(at, "i" + t.substring(1)));
            } else if (Character.isUpperCase(t.charAt(0)) && lex.isProperNoun(t)
                    && t.substring(1).equals(t.substring(1).toLowerCase(Locale.ROOT))) {
                sites.add("proper-noun", 2, r -> d.replace(at, t.toLowerCase(Locale.ROOT)));
            }
            int apostrophe = t.indexOf('\'');
            if (apostrophe > 0) {
                String without = t.substring(0, apostrophe) + t.substring(apostrophe + 1);
                if (!lex.isKnown(without)) sites.add("apostrophe", 2, r -> d.replace(at, without));
            }
        }
        if (d.isFree(0) && d.text(0).indexOf('\'') > 0) {
            String t = d.text(0);
            String without = t.replace("'", "");
            if (!lex.isKnown(without)) sites.add("apostrophe", 2, r -> d.replace(0, without));
        }
    }
}
