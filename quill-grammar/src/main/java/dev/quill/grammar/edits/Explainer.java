package dev.quill.grammar.edits;

/**
 * Writes the learner-facing sentence that explains one edit. The one place explanations come
 * from, so that rule cards retrieved for the edit can replace the generic templates.
 */
@FunctionalInterface
public interface Explainer {
    /**
     * @param from the original words (trimmed; empty for an insertion)
     * @param to   the corrected words (trimmed; empty for a deletion)
     */
    String explain(ErrorType type, String from, String to);

    /** One generic sentence per error type that names the words. */
    static Explainer templates() {
        return TemplateExplainer.INSTANCE;
    }
}
