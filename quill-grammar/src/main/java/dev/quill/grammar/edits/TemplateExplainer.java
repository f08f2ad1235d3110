package dev.quill.grammar.edits;

import java.util.Locale;
import java.util.Set;

/** The default {@link Explainer}: a fixed sentence per {@link ErrorType}, filled in with the words. */
final class TemplateExplainer implements Explainer {
    static final TemplateExplainer INSTANCE = new TemplateExplainer();

    private static final Set<String> ARTICLES = Set.of("a", "an");

    private TemplateExplainer() {}

    @Override
    public String explain(ErrorType type, String from, String to) {
        boolean insertion = from.isEmpty();
        boolean deletion = to.isEmpty();
        return switch (type) {
            case VERB_FORM -> insertion ? "Add '" + to + "' to complete the verb form."
                    : deletion ? "Remove '" + from + "': the verb form does not need it."
                    : "Use the verb form '" + to + "' instead of '" + from + "' here.";
            case SVA -> "'" + from + "' should agree with its subject: '" + to + "'.";
            case DET -> insertion ? "A determiner is needed here: add '" + to + "'."
                    : deletion ? "The determiner '" + from + "' is not needed here."
                    : ARTICLES.contains(lower(from)) && ARTICLES.contains(lower(to))
                            ? "Use 'an' before a vowel sound and 'a' before a consonant sound: '" + to + "'."
                            : "Use the determiner '" + to + "' instead of '" + from + "' here.";
            case PREP -> insertion ? "A preposition is needed here: add '" + to + "'."
                    : deletion ? "The preposition '" + from + "' is not needed here."
                    : "Use the preposition '" + to + "' instead of '" + from + "' here.";
            case NOUN_NUM -> "Use '" + to + "' instead of '" + from + "': the noun should be "
                    + (isPluralOf(to, from) ? "plural" : isPluralOf(from, to) ? "singular" : "in the other number") + " here.";
            case SPELL -> Lexicon.areConfusable(from, to)
                    ? "'" + from + "' and '" + to + "' are easy to confuse; here the right word is '" + to + "'."
                    : lower(from).replace(" ", "").equals(lower(to).replace(" ", ""))
                            ? "Write '" + to + "' here, not '" + from + "'."
                            : "'" + from + "' is misspelled: write '" + to + "'.";
            case WORD_ORDER -> "These words are in the wrong order: write '" + to + "' instead of '" + from + "'.";
            case MISSING -> "A word is missing here: add '" + to + "'.";
            case UNNECESSARY -> "'" + from + "' is not needed here; remove it.";
            case PUNCT -> punctuation(from, to);
            case OTHER -> insertion ? "Add '" + to + "' here."
                    : deletion ? "Remove '" + from + "' here."
                    : "Replace '" + from + "' with '" + to + "'.";
        };
    }

    private static String punctuation(String from, String to) {
        if (from.replaceAll("\\s+", "").equals(to.replaceAll("\\s+", ""))) {
            return from.isEmpty() && to.isEmpty() ? "Fix the spacing here." : "Fix the spacing: write '" + to + "'.";
        }
        if (lower(from).equals(lower(to))) {
            boolean capital = !to.isEmpty() && Character.isUpperCase(to.codePointAt(0))
                    && !(Character.isUpperCase(from.codePointAt(0)));
            return capital ? "Write '" + to + "' with a capital letter." : "Write '" + to + "' in lower case.";
        }
        if (from.isEmpty()) return "Add '" + to + "' here.";
        if (to.isEmpty()) return "Remove '" + from + "' here.";
        return "Use '" + to + "' instead of '" + from + "' here.";
    }

    private static boolean isPluralOf(String plural, String singular) {
        String p = lower(plural);
        String s = lower(singular);
        return p.length() > s.length() && p.endsWith("s") && !s.endsWith("s");
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
