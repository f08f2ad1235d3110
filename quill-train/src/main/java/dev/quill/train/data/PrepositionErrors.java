package dev.quill.train.data;

import dev.quill.grammar.edits.ErrorType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Preposition errors (PREP): a common preposition swapped for one learners confuse it with
 * ("interested on", "since two years"), dropped before its object ("listen music"), or added
 * after a verb that takes a direct object ("discuss about", "enter in the room").
 */
final class PrepositionErrors extends SiteFamily {

    /** For each common preposition, the ones learners write instead. */
    private static final Map<String, List<String>> CONFUSED = Map.ofEntries(
            Map.entry("in", List.of("on", "at", "into")),
            Map.entry("on", List.of("in", "at", "about")),
            Map.entry("at", List.of("in", "on", "to")),
            Map.entry("to", List.of("at", "for", "in")),
            Map.entry("for", List.of("to", "of", "since")),
            Map.entry("of", List.of("for", "from", "about")),
            Map.entry("with", List.of("by", "of", "to")),
            Map.entry("from", List.of("of", "by", "since")),
            Map.entry("about", List.of("of", "on", "for")),
            Map.entry("by", List.of("with", "on", "from")),
            Map.entry("into", List.of("in", "to")),
            Map.entry("onto", List.of("on", "to")),
            Map.entry("since", List.of("for", "from")),
            Map.entry("during", List.of("in", "for")),
            Map.entry("until", List.of("to", "by")),
            Map.entry("among", List.of("between")),
            Map.entry("between", List.of("among")),
            Map.entry("towards", List.of("to")),
            Map.entry("toward", List.of("to")));

    /** Verbs (lemmas) that take a direct object, and the preposition learners add after them. */
    private static final Map<String, String> ADDED_AFTER_VERB = Map.ofEntries(
            Map.entry("discuss", "about"), Map.entry("enter", "in"), Map.entry("reach", "to"),
            Map.entry("marry", "with"), Map.entry("contact", "with"), Map.entry("answer", "to"),
            Map.entry("visit", "to"), Map.entry("attend", "at"), Map.entry("lack", "of"),
            Map.entry("emphasize", "on"), Map.entry("approach", "to"), Map.entry("mention", "about"),
            Map.entry("describe", "about"), Map.entry("request", "for"), Map.entry("call", "to"),
            Map.entry("tell", "to"), Map.entry("obey", "to"), Map.entry("join", "with"),
            Map.entry("resemble", "to"), Map.entry("phone", "to"), Map.entry("email", "to"),
            Map.entry("order", "for"), Map.entry("consider", "about"), Map.entry("investigate", "about"),
            Map.entry("accompany", "with"), Map.entry("leave", "from"), Map.entry("ask", "to"));

    private static final Set<String> OBJECT_STARTERS = Set.of("the", "a", "an", "my", "your", "his", "her", "its",
            "our", "their", "this", "that", "these", "those", "me", "him", "us", "them", "some");

    PrepositionErrors(Lexicon lex) {
        super(ErrorType.PREP, lex);
    }

    @Override
    void findSites(Draft d, Sites sites) {
        for (int i = 0; i < d.size(); i++) {
            if (!d.isFree(i) || !d.isWord(i)) continue;
            final int at = i;
            String w = d.lower(i);
            List<String> alternatives = CONFUSED.get(w);
            if (alternatives != null && lex.has(w, "IN") && startsObject(d, i + 1)) {
                sites.add("wrong", 6, r -> d.replace(at, Draft.matchCase(d.text(at), pick(alternatives, r))));
                if (i > 0 && d.isWord(i - 1)) sites.add("drop", 2, r -> d.delete(at));
            }
            String lemma = WordClasses.verbLemma(lex, w);
            String added = lemma == null ? null : ADDED_AFTER_VERB.get(lemma);
            if (added != null && i > 0 && d.isFree(i + 1) && OBJECT_STARTERS.contains(d.lower(i + 1))
                    && !WordClasses.DETERMINERS.contains(d.lower(i - 1))) {
                sites.add("added", 2, r -> d.insert(at + 1, added));
            }
        }
    }

    /**
     * Whether the words from {@code j} are a preposition's object rather than a verb (which would
     * make "to" an infinitive marker): a determiner, pronoun, name, number or plain noun.
     */
    private boolean startsObject(Draft d, int j) {
        if (!d.isWord(j)) return false;
        String w = d.lower(j);
        if (OBJECT_STARTERS.contains(w) || lex.has(w, "CD") || w.chars().allMatch(Character::isDigit)) return true;
        if (lex.isProperNoun(d.text(j))) return true;
        return lex.hasPrefix(w, "NN") && !lex.hasPrefix(w, "VB");
    }
}
