package dev.quill.server.tutor;

import dev.quill.grammar.edits.ErrorType;

/** A grammar rule card as retrieval returns it: the explanation an edit of its type carries. */
public record RuleCard(String id, ErrorType type, String explanation) {}
