/**
 * Edits between a sentence and its correction, ERRANT-style: {@link dev.quill.grammar.edits.WordTokenizer}
 * splits words with their character offsets, {@link dev.quill.grammar.edits.EditExtractor} aligns
 * the two token sequences and merges the differences into {@link dev.quill.grammar.edits.Edit}s
 * with offsets into the original, {@link dev.quill.grammar.edits.EditClassifier} gives each an
 * {@link dev.quill.grammar.edits.ErrorType} by rules over {@link dev.quill.grammar.Morphology},
 * and an {@link dev.quill.grammar.edits.Explainer} writes its learner-facing sentence.
 *
 * <p>Shared by error synthesis, evaluation and the service; depends on nothing but the
 * morphology of this module (no model, no HTTP, no retrieval).
 */
package dev.quill.grammar.edits;
