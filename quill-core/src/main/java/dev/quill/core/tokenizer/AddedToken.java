package dev.quill.core.tokenizer;

/**
 * A token outside the BPE model, as in {@code tokenizer.json}'s {@code added_tokens}. Encoding
 * never produces one; decoding turns it into its content.
 */
record AddedToken(int id, String content, boolean special) {}
