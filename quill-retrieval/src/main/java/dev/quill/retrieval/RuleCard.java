package dev.quill.retrieval;

import dev.quill.grammar.edits.ErrorType;
import java.util.List;

/**
 * One grammar rule written for learners: what the tutor shows next to an edit.
 *
 * @param id stable slug, e.g. {@code sva-third-person-s}; the API's {@code /v1/rules/{id}}
 * @param types the error types the rule explains, the main one first
 * @param examples wrong -> right pairs shown to the learner
 */
public record RuleCard(String id, String title, List<ErrorType> types, String explanation, List<MarkedSentence> examples) {

    public RuleCard {
        types = List.copyOf(types);
        examples = List.copyOf(examples);
    }

    /** The type an edit of this card's kind most often has. */
    public ErrorType mainType() {
        return types.getFirst();
    }

    /** Everything a learner reads on the card, as one text: what BM25 indexes. */
    public String searchText() {
        StringBuilder text = new StringBuilder(title).append(". ").append(explanation);
        for (MarkedSentence e : examples) text.append(' ').append(e.wrong()).append(' ').append(e.right());
        return text.toString();
    }
}
