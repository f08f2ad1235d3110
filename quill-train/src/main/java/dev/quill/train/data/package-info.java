/**
 * The tutor's training data: clean learner-level sentences from offline sources (Debian, npm,
 * LanguageTool's rule examples), learner errors synthesised into them with LanguageTool's English
 * dictionary, LanguageTool's real error pairs split by rule, and the files {@code quill
 * prepare-data} writes ({@link dev.quill.train.data.DataPreparation}). See quill-train/README.md.
 *
 * <p>Depends on quill-grammar (morphology, error types) and LanguageTool's rule data only; it
 * must not import the trainer, the evaluation, the engine or anything of serving.
 */
package dev.quill.train.data;
