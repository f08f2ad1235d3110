package dev.quill.server.tutor;

import java.util.List;

/**
 * The rule cards most relevant to a sentence, best first (stage {@code retrieve.hybrid}). The
 * retrieval issue provides the real one (BM25 and vectors over the rule cards, fused); until
 * then {@link #NONE} finds nothing and explanations come from {@link Explanations}.
 */
@FunctionalInterface
public interface RuleCardRetriever {
    List<RuleCard> retrieve(String sentence, int k);

    RuleCardRetriever NONE = (sentence, k) -> List.of();
}
