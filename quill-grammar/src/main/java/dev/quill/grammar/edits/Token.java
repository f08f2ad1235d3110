package dev.quill.grammar.edits;

/**
 * A word or punctuation mark of a sentence: its text and where it lies, characters
 * [{@code start}, {@code end}) of the sentence (UTF-16 offsets, as {@link String#substring}).
 */
public record Token(String text, int start, int end) {
    public Token {
        if (start < 0 || end < start) throw new IllegalArgumentException("bad token span [" + start + ", " + end + ")");
        if (text.length() != end - start) throw new IllegalArgumentException("token text '" + text + "' does not fit [" + start + ", " + end + ")");
    }

    /** Whether the token has no letter or digit: punctuation, quotes, symbols. */
    public boolean isPunctuation() {
        return Lexicon.isPunctuation(text);
    }
}
