package dev.quill.grammar.edits;

/**
 * One difference between a sentence and its correction: the text {@code from} at characters
 * [{@code start}, {@code end}) of the original is replaced by {@code to} (empty {@code from}: an
 * insertion at {@code start}; empty {@code to}: a deletion).
 */
public record Edit(int start, int end, String from, String to, ErrorType type, String explanation) {}
