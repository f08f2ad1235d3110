package dev.quill.server.tutor;

import dev.quill.grammar.edits.Edit;
import java.util.List;

/**
 * The edits that turn {@code original} into {@code corrected}, each with character offsets in
 * {@code original}, a type and an explanation. The service's one seam for edits: quill-grammar's
 * {@code EditExtractor} (word alignment typed with the morphological dictionary) takes this
 * place when it lands; until then {@link WordDiffEditFinder} stands in.
 */
@FunctionalInterface
public interface EditFinder {
    List<Edit> edits(String original, String corrected);
}
