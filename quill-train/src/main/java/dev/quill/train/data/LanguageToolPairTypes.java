package dev.quill.train.data;

import dev.quill.grammar.Morphology.Reading;
import dev.quill.grammar.edits.ErrorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A best guess of the {@link ErrorType} of a LanguageTool example pair, from the words that
 * differ and the rule's category: an article changed is DET, a preposition PREP, two forms of
 * one noun NOUN_NUM, of one verb SVA or VERB_FORM, a word added MISSING, removed UNNECESSARY, a
 * case change PUNCT, a typo or confused-word rule SPELL, anything else OTHER. The label is the
 * type and the rule category ({@code SVA:lt-grammar}).
 */
final class LanguageToolPairTypes {

    private static final Set<String> ARTICLES = Set.of("a", "an", "the");
    private static final Set<String> PREPOSITIONS = Set.of("in", "on", "at", "to", "for", "of", "with", "from",
            "about", "by", "into", "onto", "since", "during", "until", "among", "between", "towards", "toward",
            "over", "under", "through", "without", "after", "before", "across", "against", "upon", "within");
    private static final Set<String> AGREEMENT_PAIRS = Set.of("is|are", "was|were", "has|have", "does|do",
            "doesn't|don't", "isn't|aren't", "wasn't|weren't", "hasn't|haven't", "am|is", "am|are");

    private final Lexicon lex;

    LanguageToolPairTypes(Lexicon lex) {
        this.lex = lex;
    }

    /** The error type of the pair and its label. */
    String label(String source, String target, String category) {
        ErrorType type = type(source, target, category);
        return type.name() + ":lt-" + category.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    ErrorType type(String source, String target, String category) {
        List<String> a = words(source);
        List<String> b = words(target);
        int prefix = 0;
        while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) prefix++;
        int suffix = 0;
        while (suffix < a.size() - prefix && suffix < b.size() - prefix
                && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
            suffix++;
        }
        String before = prefix > 0 ? a.get(prefix - 1).toLowerCase(Locale.ROOT) : "";
        List<String> removed = a.subList(prefix, a.size() - suffix);
        List<String> added = b.subList(prefix, b.size() - suffix);
        if (!removed.isEmpty() && lower(removed).equals(lower(added))) return ErrorType.PUNCT;
        if (removed.size() == 1 && added.size() == 1) {
            ErrorType t = substitution(removed.getFirst().toLowerCase(Locale.ROOT), added.getFirst().toLowerCase(Locale.ROOT), before);
            if (t != null) return t;
        } else if (removed.isEmpty() && added.size() == 1) {
            return insertionOrDeletion(added.getFirst(), ErrorType.MISSING);
        } else if (added.isEmpty() && removed.size() == 1) {
            return insertionOrDeletion(removed.getFirst(), ErrorType.UNNECESSARY);
        } else if (removed.size() == 2 && added.size() == 2 && removed.get(0).equals(added.get(1))
                && removed.get(1).equals(added.get(0))) {
            return ErrorType.WORD_ORDER;
        }
        return switch (category) {
            case "TYPOS", "CONFUSED_WORDS", "NONSTANDARD_PHRASES" -> ErrorType.SPELL;
            case "CASING" -> ErrorType.PUNCT;
            default -> ErrorType.OTHER;
        };
    }

    private ErrorType insertionOrDeletion(String word, ErrorType otherwise) {
        String w = word.toLowerCase(Locale.ROOT);
        if (ARTICLES.contains(w)) return ErrorType.DET;
        if (PREPOSITIONS.contains(w)) return ErrorType.PREP;
        return otherwise;
    }

    /** Words after which a form of a noun-or-verb word ("go"/"goes", "book"/"books") is a verb. */
    private static final Set<String> BEFORE_VERBS = Set.of("i", "you", "he", "she", "it", "we", "they", "who", "to",
            "can", "could", "will", "would", "shall", "should", "may", "might", "must", "do", "does", "did", "not");

    private ErrorType substitution(String from, String to, String before) {
        if (ARTICLES.contains(from) && ARTICLES.contains(to)) return ErrorType.DET;
        if (PREPOSITIONS.contains(from) && PREPOSITIONS.contains(to)) return ErrorType.PREP;
        if (AGREEMENT_PAIRS.contains(from + "|" + to) || AGREEMENT_PAIRS.contains(to + "|" + from)) return ErrorType.SVA;
        ErrorType noun = null;
        ErrorType verb = null;
        for (Reading x : lex.readings(from)) {
            for (Reading y : lex.readings(to)) {
                if (!x.lemma().equals(y.lemma())) continue;
                String tx = x.tag();
                String ty = y.tag();
                if (tx.startsWith("NN") && ty.startsWith("NN") && noun == null) noun = ErrorType.NOUN_NUM;
                if (tx.startsWith("VB") && ty.startsWith("VB") && verb != ErrorType.SVA) {
                    boolean agreement = (tx.equals("VBZ") && (ty.equals("VBP") || ty.equals("VB")))
                            || (ty.equals("VBZ") && (tx.equals("VBP") || tx.equals("VB")));
                    verb = agreement ? ErrorType.SVA : ErrorType.VERB_FORM;
                }
            }
        }
        if (noun != null && verb != null) return BEFORE_VERBS.contains(before) ? verb : noun;
        return noun != null ? noun : verb;
    }

    private static List<String> words(String sentence) {
        List<String> out = new ArrayList<>();
        for (Token t : Token.split(sentence)) out.add(t.text());
        return out;
    }

    private static List<String> lower(List<String> words) {
        List<String> out = new ArrayList<>();
        for (String w : words) out.add(w.toLowerCase(Locale.ROOT));
        return out;
    }
}
