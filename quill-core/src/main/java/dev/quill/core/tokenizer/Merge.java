package dev.quill.core.tokenizer;

/** One BPE merge rule: adjacent tokens {@code left} and {@code right} become {@code left + right}. */
record Merge(String left, String right) {}
