package dev.quill.grammar.edits;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits a plain sentence into words and punctuation, keeping each token's character offsets.
 *
 * <ul>
 *   <li>Whitespace separates tokens and is never part of one.</li>
 *   <li>A word is a run of letters and digits; a hyphen, period, comma, colon or apostrophe
 *       between two letters or digits stays inside it ({@code well-known}, {@code e.g},
 *       {@code 3.5}, {@code 1,000}, {@code 10:30}, {@code o'clock}).</li>
 *   <li>English clitics split off as the Penn Treebank does, so that the verb in a contraction
 *       aligns on its own: {@code don't -> do n't}, {@code can't -> ca n't}, {@code it's -> it 's},
 *       {@code I'm -> I 'm}, {@code they're}, {@code we've}, {@code I'll}, {@code I'd}. A
 *       trailing apostrophe after a word ({@code students'}) is a token of its own.</li>
 *   <li>Any other character is punctuation; a run of the same punctuation character is one
 *       token ({@code ...}, {@code !!}, {@code --}).</li>
 * </ul>
 * Both {@code '} and the typographic {@code ’} are apostrophes.
 */
public final class WordTokenizer {
    private static final Set<String> CLITICS = Set.of("n't", "'s", "'m", "'re", "'ve", "'ll", "'d");

    private WordTokenizer() {}

    public static List<Token> tokenize(String sentence) {
        List<Token> out = new ArrayList<>();
        int n = sentence.length();
        int i = 0;
        while (i < n) {
            int cp = sentence.codePointAt(i);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                i += Character.charCount(cp);
            } else if (Character.isLetterOrDigit(cp)) {
                int end = wordEnd(sentence, i);
                splitClitic(sentence, i, end, out);
                i = end;
            } else {
                int end = i + Character.charCount(cp);
                while (end < n && sentence.codePointAt(end) == cp) end += Character.charCount(cp);
                out.add(token(sentence, i, end));
                i = end;
            }
        }
        return out;
    }

    /** Where the word starting at {@code start} ends: letters, digits and joiners between them. */
    private static int wordEnd(String s, int start) {
        int n = s.length();
        int i = start;
        while (i < n) {
            int cp = s.codePointAt(i);
            if (Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK) {
                i += Character.charCount(cp);
            } else if (isJoiner(cp) && i + 1 < n && Character.isLetterOrDigit(s.codePointAt(i + 1))) {
                i += 1;
            } else {
                break;
            }
        }
        return i;
    }

    private static boolean isJoiner(int cp) {
        return cp == '-' || cp == '.' || cp == ',' || cp == ':' || isApostrophe(cp);
    }

    static boolean isApostrophe(int cp) {
        return cp == '\'' || cp == '\u2019';
    }

    /** Adds the word [start, end), its clitic split off when it ends with one. */
    private static void splitClitic(String s, int start, int end, List<Token> out) {
        String word = s.substring(start, end);
        String lower = word.toLowerCase(Locale.ROOT).replace('\u2019', '\'');
        for (String clitic : CLITICS) {
            int cut = word.length() - clitic.length();
            if (cut > 0 && lower.endsWith(clitic) && Character.isLetter(word.charAt(cut - 1))) {
                out.add(token(s, start, start + cut));
                out.add(token(s, start + cut, end));
                return;
            }
        }
        out.add(token(s, start, end));
    }

    private static Token token(String s, int start, int end) {
        return new Token(s.substring(start, end), start, end);
    }
}
