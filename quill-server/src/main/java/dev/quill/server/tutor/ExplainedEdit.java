package dev.quill.server.tutor;

import dev.quill.grammar.edits.Edit;
import java.util.List;

/**
 * One edit of a correction with the rule cards retrieved for it (stage {@code retrieve.hybrid}).
 *
 * @param edit    the edit; its explanation is the best card's, or the generic one of its type
 *                ({@link Explanations}) when retrieval was skipped
 * @param ruleId  the best card's id ({@code GET /v1/rules/{id}}), or null when retrieval was skipped
 * @param seeAlso the ids of the other cards of the top k, best first (none under {@code fewer_cards})
 * @param guess   whether the edit is a guess: a spelling fix of the pass after the model, a word
 *                neither word list knows replaced by the likeliest of its near spellings (right
 *                about half the time on real learner text, docs/benchmarks.md)
 */
public record ExplainedEdit(Edit edit, String ruleId, List<String> seeAlso, boolean guess) {

    public ExplainedEdit {
        seeAlso = List.copyOf(seeAlso);
    }

    /** An edit that is not a guess. */
    public ExplainedEdit(Edit edit, String ruleId, List<String> seeAlso) {
        this(edit, ruleId, seeAlso, false);
    }

    /** This edit, marked as a guess. */
    ExplainedEdit asGuess() {
        return new ExplainedEdit(edit, ruleId, seeAlso, true);
    }

    /** An edit with no card: the generic explanation of its type. */
    static ExplainedEdit generic(Edit e) {
        return new ExplainedEdit(new Edit(e.start(), e.end(), e.from(), e.to(), e.type(), Explanations.of(e.type())), null, List.of());
    }
}
