package dev.quill.server.tutor;

import dev.quill.grammar.edits.Edit;
import java.util.List;

/**
 * The edits that turn {@code original} into {@code corrected}, each with character offsets in
 * {@code original}, a type and an explanation. The service's one seam for edits; the server
 * uses quill-grammar's {@code EditExtractor} (word alignment typed with the morphological
 * dictionary).
 */
@FunctionalInterface
public interface EditFinder {
    List<Edit> edits(String original, String corrected);
}
