/**
 * The Llama-family decoder: {@code config.json} fields ({@link dev.quill.core.model.LlamaConfig}),
 * weights by their Hugging Face names ({@link dev.quill.core.model.LlamaWeights}), and the forward
 * pass over a batch of rows from many sequences ({@link dev.quill.core.model.LlamaModel},
 * {@link dev.quill.core.model.ForwardBatch}). Random-weight directories for tests and benchmarks
 * come from {@link dev.quill.core.model.RandomModelWriter}.
 */
package dev.quill.core.model;
