/**
 * The Llama-family decoder: {@code config.json} fields ({@link dev.quill.core.model.LlamaConfig}),
 * weights by their Hugging Face names ({@link dev.quill.core.model.LlamaWeights}), and the forward
 * pass over a batch of rows from many sequences ({@link dev.quill.core.model.LlamaModel},
 * {@link dev.quill.core.model.ForwardBatch}); several models run as one, with the mean of their
 * log-probabilities, by {@link dev.quill.core.model.EnsembleModel}, and the engine takes either as
 * a {@link dev.quill.core.model.DecoderModel}. Random-weight directories for tests and benchmarks
 * come from {@link dev.quill.core.model.RandomModelWriter}.
 */
package dev.quill.core.model;
