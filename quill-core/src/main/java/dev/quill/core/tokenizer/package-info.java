/**
 * Byte-level BPE tokenization (GPT-2 style) and its Hugging Face {@code tokenizer.json} format.
 *
 * <p>Owns: the GPT-2 byte-to-unicode alphabet, the GPT-2 pre-tokenizer regex, ranked-merge
 * encoding ({@link dev.quill.core.tokenizer.BpeTokenizer}), UTF-8-safe incremental decoding
 * ({@link dev.quill.core.tokenizer.StreamingDecoder}), training merges from a corpus
 * ({@link dev.quill.core.tokenizer.BpeTrainer}), and reading/writing {@code tokenizer.json}.
 *
 * <p>Special (added) tokens are never produced by {@code encode}: text is always ordinary text,
 * and a special token is reachable only by asking for its id. Trained tokenizers put the byte
 * symbols at ids 0..255 (id = byte value), learned merges after them, and the special tokens at
 * the end of the vocabulary.
 *
 * <p>Must not import: model, generation, serving or grammar code. Depends only on the JDK and
 * Jackson (for JSON).
 */
package dev.quill.core.tokenizer;
