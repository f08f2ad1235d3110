package dev.quill.train.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Penn-Treebank-style tokenization as the JFLEG references have it, so that a system's plain
 * output can be scored against them, and the inverse, so that JFLEG's tokenized sources can be
 * given to the model as plain text.
 *
 * <p>The conventions, read off JFLEG's {@code dev.ref*} files:
 * <ul>
 *   <li>punctuation is split off the edges of a whitespace-separated word ({@code , ; : ? ! ( ) [ ] { } " % ...
 *       -- ''}); inside a word it stays ({@code he/she}, {@code self-confidence}), and so does an
 *       HTML character reference ({@code &raspsquo;});</li>
 *   <li>a period is split off only at the end of the sentence; inside it, it stays on its word
 *       ({@code Mr.}, {@code etc.}, {@code day. The});</li>
 *   <li>clitics are split: {@code do n't}, {@code ca n't}, {@code wo n't}, {@code it 's},
 *       {@code I 'm}, {@code they 're}, {@code we 've}, {@code I 'll}, {@code I 'd}, and the
 *       possessive apostrophe of a plural, {@code years '}; {@code cannot} stays whole;</li>
 *   <li>double quotes stay {@code "} (JFLEG does not turn them into {@code ``} and {@code ''});</li>
 *   <li>a number is split into its digits ({@code 2006 -> 2 0 0 6}), as everywhere in JFLEG;
 *       digits joined to letters stay ({@code 1st}).</li>
 * </ul>
 */
public final class PtbTokenizer {
    private static final Set<String> CLITICS = Set.of("n't", "'s", "'m", "'re", "'ve", "'ll", "'d");
    /** Marks split off the front of a word. */
    private static final String OPENERS = "\"([{'`";
    /** Marks split off the end of a word (the period only at the end of the sentence). */
    private static final String CLOSERS = ",;:?!)]}\"%";
    private static final Set<String> NO_SPACE_BEFORE = Set.of(",", ".", ";", ":", "?", "!", ")", "]", "}", "%", "...");
    private static final Set<String> NO_SPACE_AFTER = Set.of("(", "[", "{", "$");

    private PtbTokenizer() {}

    /** The tokens of a plain sentence. */
    public static List<String> tokenize(String text) {
        String[] words = text.strip().replace('\u2019', '\'').replace('\u201c', '"').replace('\u201d', '"').split("\\s+");
        List<String> out = new ArrayList<>();
        for (int w = 0; w < words.length; w++) {
            if (!words[w].isEmpty()) word(words[w], w == words.length - 1, out);
        }
        return out;
    }

    /** {@link #tokenize} joined by single spaces: the form of a JFLEG line (without its trailing space). */
    public static String tokenizeLine(String text) {
        return String.join(" ", tokenize(text));
    }

    private static void word(String word, boolean last, List<String> out) {
        int start = 0;
        int end = word.length();
        List<String> front = new ArrayList<>();
        List<String> back = new ArrayList<>();
        boolean changed = true;
        while (changed && start < end) {
            changed = false;
            String rest = word.substring(start, end);
            if (CLITICS.contains(rest.toLowerCase(Locale.ROOT)) || rest.equals("'") || isEntity(rest)) break;
            if (rest.startsWith("...") || rest.startsWith("--") || rest.startsWith("''")) {
                int len = run(rest, 0);
                front.add(rest.substring(0, len));
                start += len;
                changed = true;
            } else if (OPENERS.indexOf(rest.charAt(0)) >= 0 && rest.length() > 1) {
                front.add(rest.substring(0, 1));
                start++;
                changed = true;
            }
            if (start >= end) break;
            rest = word.substring(start, end);
            if (isEntity(rest)) break;
            if ((rest.endsWith("...") || rest.endsWith("--") || rest.endsWith("''")) && runBack(rest) < rest.length()) {
                int len = runBack(rest);
                back.addFirst(rest.substring(rest.length() - len));
                end -= len;
                changed = true;
            } else if (rest.length() > 1 && CLOSERS.indexOf(rest.charAt(rest.length() - 1)) >= 0) {
                back.addFirst(rest.substring(rest.length() - 1));
                end--;
                changed = true;
            } else if (last && rest.length() > 1 && rest.endsWith(".")) {
                back.addFirst(".");
                end--;
                changed = true;
            }
        }
        out.addAll(front);
        if (start < end) core(word.substring(start, end), out);
        out.addAll(back);
    }

    /** A word without edge punctuation: clitics split off, numbers split into digits. */
    private static void core(String word, List<String> out) {
        String lower = word.toLowerCase(Locale.ROOT);
        for (String clitic : CLITICS) {
            int cut = word.length() - clitic.length();
            if (cut > 0 && lower.endsWith(clitic) && Character.isLetter(word.charAt(cut - 1))) {
                core(word.substring(0, cut), out);
                out.add(word.substring(cut));
                return;
            }
        }
        if (word.length() > 1 && word.endsWith("'") && (lower.endsWith("s'") || lower.endsWith("z'"))) {
            core(word.substring(0, word.length() - 1), out);
            out.add("'");
            return;
        }
        if (word.length() > 1 && word.chars().allMatch(Character::isDigit)) {
            for (int i = 0; i < word.length(); i++) out.add(word.substring(i, i + 1));
            return;
        }
        out.add(word);
    }

    /** An HTML character reference left in the text ({@code &raspsquo;}): one token. */
    private static boolean isEntity(String s) {
        return s.length() > 2 && s.charAt(0) == '&' && s.charAt(s.length() - 1) == ';'
                && s.substring(1, s.length() - 1).chars().allMatch(Character::isLetterOrDigit);
    }

    private static int run(String s, int from) {
        char c = s.charAt(from);
        int i = from;
        while (i < s.length() && s.charAt(i) == c) i++;
        return i - from;
    }

    private static int runBack(String s) {
        char c = s.charAt(s.length() - 1);
        int i = s.length();
        while (i > 0 && s.charAt(i - 1) == c) i--;
        return s.length() - i;
    }

    /**
     * Plain text from tokens: punctuation attached to its word, clitics to their host, digits
     * of a number joined, double quotes alternately opening and closing. The inverse of
     * {@link #tokenize} for the lines it produces.
     */
    public static String detokenize(List<String> tokens) {
        StringBuilder out = new StringBuilder();
        boolean quoteOpen = false;
        boolean attachNext = true;
        String prev = null;
        for (String t : tokens) {
            boolean attach;
            if (t.equals("\"")) {
                attach = quoteOpen; // a closing quote sticks to the word before it
            } else if (NO_SPACE_BEFORE.contains(t) || CLITICS.contains(t.toLowerCase(Locale.ROOT))) {
                attach = true;
            } else if (t.equals("'")) {
                attach = prev != null && (prev.toLowerCase(Locale.ROOT).endsWith("s") || prev.toLowerCase(Locale.ROOT).endsWith("z"));
            } else if (isDigit(t) && prev != null && isDigit(prev)) {
                attach = true;
            } else {
                attach = false;
            }
            if (out.length() > 0 && !attach && !attachNext) out.append(' ');
            out.append(t);
            if (t.equals("\"")) {
                attachNext = !quoteOpen; // an opening quote sticks to the word after it
                quoteOpen = !quoteOpen;
            } else {
                attachNext = NO_SPACE_AFTER.contains(t);
            }
            prev = t;
        }
        return out.toString();
    }

    /** {@link #detokenize} of a whitespace-separated tokenized line. */
    public static String detokenizeLine(String line) {
        String s = line.strip();
        return s.isEmpty() ? "" : detokenize(List.of(s.split("\\s+")));
    }

    private static boolean isDigit(String t) {
        return t.length() == 1 && Character.isDigit(t.charAt(0));
    }
}
