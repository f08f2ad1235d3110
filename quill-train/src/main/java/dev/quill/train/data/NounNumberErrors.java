package dev.quill.train.data;

import dev.quill.grammar.RegularInflection;
import dev.quill.grammar.edits.ErrorType;
import java.util.Set;

/**
 * Noun number errors (NOUN_NUM): a plural after a singular determiner ("a books", "every
 * students"), a singular after a plural quantifier ("two book", "many student"), a plural of an
 * uncountable noun (LanguageTool's NN:U: "informations", "advices", "furnitures"), and the
 * regular -s on an irregular plural ("childs", "mans", "foots").
 */
final class NounNumberErrors extends SiteFamily {

    private static final Set<String> UNCOUNTABLE_CONTEXT = Set.of("the", "some", "any", "much", "more", "less",
            "enough", "of", "my", "your", "his", "her", "our", "their", "this", "no", "with", "for", "about");

    NounNumberErrors(Lexicon lex) {
        super(ErrorType.NOUN_NUM, lex);
    }

    @Override
    void findSites(Draft d, Sites sites) {
        for (int i = 0; i < d.size(); i++) {
            if (!d.isFree(i) || !d.isWord(i)) continue;
            final int at = i;
            String w = d.lower(i);
            if (!w.chars().allMatch(Character::isLowerCase) || lex.isProperNoun(d.text(i))) continue;
            if (WordClasses.QUANTITY_NOUNS.contains(w) || WordClasses.hasFunctionReading(lex, w)) continue;
            // The noun must end its phrase: in "a book shop" the number is on "shop".
            String next = d.lower(i + 1);
            if (d.isWord(i + 1) && lex.hasPrefix(next, "NN") && !lex.hasPrefix(next, "VB")) continue;
            String determiner = WordClasses.determinerBefore(d, lex, i);
            if (lex.has(w, "NN") && !lex.has(w, "NNS") && WordClasses.SINGULAR_DETERMINERS.contains(determiner)) {
                String lemma = lex.lemma(w, "NN");
                String plural = plural(lemma);
                if (plural != null && !plural.equals(w)) {
                    sites.add("plural-for-singular", 3, r -> d.replace(at, plural));
                }
            }
            if (lex.has(w, "NNS") && isPluralDeterminer(determiner)) {
                String lemma = lex.lemma(w, "NNS");
                if (lemma != null && !lemma.equals(w) && lemma.chars().allMatch(Character::isLowerCase)) {
                    sites.add("singular-for-plural", 3, r -> d.replace(at, lemma));
                }
            }
            if (WordClasses.isUncountable(lex, w) && !lex.hasPrefix(w, "VB")
                    && (UNCOUNTABLE_CONTEXT.contains(d.lower(i - 1)) || lex.has(d.lower(i - 1), "JJ"))) {
                String lemma = lex.lemma(w, "NN:U");
                if (lemma.endsWith("s")) continue; // news, kudos, physics
                String plural = lex.form(lemma, "NNS");
                String wrong = plural != null ? plural : RegularInflection.plural(lemma);
                if (!wrong.equals(w)) sites.add("uncountable", 2, r -> d.replace(at, wrong));
            }
            if (lex.has(w, "NNS")) {
                String lemma = lex.lemma(w, "NNS");
                if (lemma == null || !lemma.chars().allMatch(Character::isLowerCase)) continue;
                String regular = RegularInflection.plural(lemma);
                if (!regular.equals(w) && !lex.isKnown(regular) && !lex.forms(lemma, "NNS").contains(regular)) {
                    sites.add("overregularized", 2, r -> d.replace(at, regular));
                }
            }
        }
    }

    private static boolean isPluralDeterminer(String determiner) {
        if (WordClasses.PLURAL_QUANTIFIERS.contains(determiner)) return true;
        return !determiner.isEmpty() && determiner.chars().allMatch(Character::isDigit) && !determiner.equals("1");
    }

    /** The dictionary's plural of a countable noun, or the regular one when it has none. */
    private String plural(String lemma) {
        if (lemma == null) return null;
        String p = lex.form(lemma, "NNS");
        return p != null ? p : RegularInflection.plural(lemma);
    }
}
