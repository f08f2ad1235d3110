package dev.quill.train.data;

import static dev.quill.train.data.WordClasses.isCountableSingular;
import static dev.quill.train.data.WordClasses.isPluralOnly;
import static dev.quill.train.data.WordClasses.isUncountable;
import static dev.quill.train.data.WordClasses.nounHeadAfter;

import dev.quill.grammar.edits.ErrorType;
import java.util.Set;

/**
 * Article errors (DET): a dropped "a/an" ("I have car") or "the" before a singular countable noun,
 * "a" for "an" and back ("a apple", "an book"), an article before a plural or uncountable noun
 * ("a books", "an information"), and this/these, that/those against the noun's number.
 */
final class ArticleErrors extends SiteFamily {

    /** Words after "a" that make a quantifier ("a few", "a lot"), where dropping "a" changes meaning, not grammar. */
    private static final Set<String> QUANTIFIER_NOUNS = Set.of("few", "little", "lot", "bit", "couple", "while",
            "number", "half", "great", "good", "dozen", "hundred", "thousand", "million", "kind", "sort");
    /** Words after "the" that often stand without it in headlines and fixed phrases. */
    private static final Set<String> THE_KEEPERS = Set.of("same", "other", "next", "last", "first", "only",
            "following", "best", "most", "whole", "rest", "end", "way", "moment", "time", "world", "one");

    ArticleErrors(Lexicon lex) {
        super(ErrorType.DET, lex);
    }

    @Override
    void findSites(Draft d, Sites sites) {
        for (int i = 0; i < d.size(); i++) {
            if (!d.isFree(i) || !d.isWord(i)) continue;
            final int at = i;
            String w = d.lower(i);
            switch (w) {
                case "a", "an" -> {
                    if (!d.isWord(i + 1) || !d.isFree(i + 1)) break;
                    boolean an = lex.takesAn(d.text(i + 1));
                    if (w.equals("a") != an) {
                        String wrong = w.equals("a") ? "an" : "a";
                        sites.add("a-an", 3, r -> d.replace(at, Draft.matchCase(d.text(at), wrong)));
                    }
                    if (nounHeadAfter(d, lex, i) > 0 && !QUANTIFIER_NOUNS.contains(d.lower(i + 1))) {
                        sites.add("drop-a", 4, r -> d.delete(at));
                    }
                }
                case "the" -> {
                    int head = nounHeadAfter(d, lex, i);
                    if (head < 0 || !d.isFree(i + 1)) break;
                    String noun = d.lower(head);
                    if (isCountableSingular(lex, noun) && !THE_KEEPERS.contains(d.lower(i + 1))) {
                        sites.add("drop-the", 3, r -> d.delete(at));
                    }
                    if (head == i + 1 && (isPluralOnly(lex, noun) || isUncountable(lex, noun))) {
                        String article = lex.takesAn(noun) ? "an" : "a";
                        String label = isPluralOnly(lex, noun) ? "a-with-plural" : "a-with-uncountable";
                        sites.add(label, 2, r -> d.replace(at, Draft.matchCase(d.text(at), article)));
                    }
                }
                case "this", "that", "these", "those" -> {
                    if (!d.isWord(i + 1) || !d.isFree(i + 1)) break;
                    String noun = d.lower(i + 1);
                    boolean singular = w.equals("this") || w.equals("that");
                    boolean nounMatches = singular ? isCountableSingular(lex, noun) : isPluralOnly(lex, noun);
                    if (!nounMatches) break;
                    String wrong = switch (w) {
                        case "this" -> "these";
                        case "that" -> "those";
                        case "these" -> "this";
                        default -> "that";
                    };
                    sites.add("demonstrative", 1, r -> d.replace(at, Draft.matchCase(d.text(at), wrong)));
                }
                default -> addArticleBeforeBareNoun(d, sites, i);
            }
        }
    }

    /** "I like cats" -> "I like a cats"; "I need information" -> "I need an information". */
    private void addArticleBeforeBareNoun(Draft d, Sites sites, int i) {
        String noun = d.lower(i);
        boolean plural = isPluralOnly(lex, noun) && !lex.has(noun, "VBZ");
        boolean uncountable = isUncountable(lex, noun);
        if (!plural && !uncountable || i == 0 || !d.isFree(i - 1) || !d.isWord(i - 1)) return;
        if (lex.has(noun, "VBG") || lex.has(noun, "VBN") || lex.has(noun, "VBD")) return;
        String before = d.lower(i - 1);
        if (lex.hasPrefix(noun, "VB") && (WordClasses.BE_FORMS.contains(before) || WordClasses.MODALS.contains(before)
                || WordClasses.DO_FORMS.contains(before) || before.equals("to"))) {
            return; // "to water", "can water": a verb
        }
        if (WordClasses.DETERMINERS.contains(before) || WordClasses.PLURAL_QUANTIFIERS.contains(before)) return;
        if (lex.has(before, "JJ") || lex.has(before, "PRP$") || lex.has(before, "CD")) return;
        if (!lex.hasPrefix(before, "VB") && !lex.has(before, "IN")) return;
        // "the dog food": a word after a determiner is a noun (or adjective), not a verb.
        if (WordClasses.DETERMINERS.contains(d.lower(i - 2)) || lex.has(d.lower(i - 2), "PRP$")) return;
        String article = lex.takesAn(noun) ? "an" : "a";
        String label = plural ? "a-with-plural" : "a-with-uncountable";
        sites.add(label, 2, r -> d.insert(i, article));
    }
}
