/**
 * Evaluation of the tutor model: {@link dev.quill.train.eval.Evaluation} gives every held-out
 * sentence to a {@link dev.quill.train.eval.Corrector} (the model through the batching engine:
 * {@link dev.quill.train.eval.EngineCorrector}) and scores the outputs with exact match,
 * ERRANT-style edit precision / recall / F0.5 by error type ({@link dev.quill.train.eval.EditScorer},
 * over the edits of {@code dev.quill.grammar.edits}), the wrongly-changed rate on clean sentences,
 * and JFLEG GLEU ({@link dev.quill.train.eval.Gleu} on {@link dev.quill.train.eval.PtbTokenizer}
 * tokens) beside the identity baseline. {@code quill eval} is the command.
 *
 * <p>Reads the data pipeline's TSV files by their header; imports nothing from the trainer or
 * the data pipeline, and nothing from the server.
 */
package dev.quill.train.eval;
