/**
 * quill-core: the tokenizer ({@code tokenizer}), stored weights ({@code tensor},
 * {@code safetensors}), the Llama-family model ({@code model}), its kernels ({@code kernels}),
 * paged key/value storage ({@code kv}) and single-sequence generation ({@code generate}).
 *
 * <p>It must not import anything about HTTP, grammar or the tutor: the engine, the server and
 * the trainer build on it, never the other way round.
 */
package dev.quill.core;
