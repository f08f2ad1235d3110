package dev.quill.train.data;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One token of a plain-text sentence and whether a space came before it. A word keeps its inner
 * apostrophes and hyphens ({@code don't}, {@code John's}, {@code well-known}); every other
 * non-space character is a token of its own. Joining the tokens with a space where
 * {@code spaceBefore} is set gives back the sentence exactly when it had single spaces
 * ({@link Draft#render} does that).
 */
public record Token(String text, boolean spaceBefore) {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9]+(?:['-][A-Za-z0-9]+)*|\\S");

    public static List<Token> split(String sentence) {
        List<Token> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(sentence);
        int end = 0;
        while (m.find()) {
            out.add(new Token(m.group(), m.start() > end));
            end = m.end();
        }
        return out;
    }

    /** Whether the token is a word (starts with a letter or digit) rather than punctuation. */
    public boolean isWord() {
        return isWord(text);
    }

    static boolean isWord(String text) {
        return !text.isEmpty() && Character.isLetterOrDigit(text.charAt(0));
    }
}
