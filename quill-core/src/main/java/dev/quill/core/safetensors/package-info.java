/**
 * The safetensors file format (https://huggingface.co/docs/safetensors): reading single and
 * sharded checkpoints as memory-mapped {@link dev.quill.core.tensor.Tensor} views, and writing
 * them (for tests, conversions and tiny fixture models).
 *
 * <p>Owns: header parsing and validation ({@link dev.quill.core.safetensors.ModelFormatException}
 * names the file and tensor of every defect), the read-only mappings and the arena that frees
 * them, the {@code model.safetensors.index.json} shard map, and float-to-F16/BF16 encoding on
 * write. It does not know what the tensors mean: model configs, weight names and layer layout
 * belong to the model code.
 *
 * <p>Must not import anything beyond {@code java.*}, Jackson and {@code dev.quill.core.tensor}:
 * no model, kernel, scheduler or HTTP code.
 */
package dev.quill.core.safetensors;
