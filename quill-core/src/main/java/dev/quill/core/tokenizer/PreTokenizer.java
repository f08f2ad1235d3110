package dev.quill.core.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into the words BPE merges within, exactly as GPT-2's regex does (the one Hugging
 * Face's {@code ByteLevel} pre-tokenizer uses when {@code use_regex} is true). Every character of
 * the input lands in exactly one word, so concatenating the words gives the input back.
 *
 * <p>{@link #forEachWord} is a hand-written scanner for that regex, several times faster than
 * {@code java.util.regex}; {@link #splitWithRegex} is the regex itself, kept as the reference the
 * scanner is tested against.
 */
final class PreTokenizer {

    static final String GPT2_REGEX =
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

    // UNICODE_CHARACTER_CLASS makes \s mean Unicode White_Space, as in the Rust and Python regexes;
    // java.util.regex already matches \p{L} and \p{N} per code point, so surrogate pairs stay whole.
    private static final Pattern PATTERN = Pattern.compile(GPT2_REGEX, Pattern.UNICODE_CHARACTER_CLASS);

    private static final byte LETTER = 0, NUMBER = 1, SPACE = 2, OTHER = 3;
    private static final byte[] ASCII_CLASS = new byte[128];

    static {
        for (int c = 0; c < 128; c++) ASCII_CLASS[c] = classifyCodePoint(c);
    }

    private PreTokenizer() {}

    static void forEachWord(String text, Consumer<String> wordSink) {
        int length = text.length();
        for (int start = 0; start < length; ) {
            int end = wordEnd(text, start);
            wordSink.accept(text.substring(start, end));
            start = end;
        }
    }

    static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        forEachWord(text, words::add);
        return words;
    }

    static List<String> splitWithRegex(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = PATTERN.matcher(text);
        while (m.find()) words.add(text.substring(m.start(), m.end()));
        return words;
    }

    /**
     * End of the word the regex matches at {@code start}, trying its alternatives in order:
     * contractions, then an optional space before a run of letters, of numbers, or of other
     * symbols, then whitespace.
     */
    private static int wordEnd(String text, int start) {
        int length = text.length();
        char c = text.charAt(start);
        if (c == '\'') {
            int contraction = contractionLength(text, start);
            if (contraction > 0) return start + contraction;
        }
        int runStart = start;
        if (c == ' ' && start + 1 < length && classAt(text, start + 1) != SPACE) runStart = start + 1;
        byte runClass = classAt(text, runStart);
        if (runClass != SPACE) return runEnd(text, runStart, runClass);

        // \s+(?!\S): a whitespace run stops one short of a following non-space, which then
        // takes that last space as its prefix; a single space before a non-space is its own \s+.
        int end = runEnd(text, start, SPACE);
        if (end < length && end - start > 1) end -= Character.charCount(text.codePointBefore(end));
        return end;
    }

    private static int contractionLength(String text, int start) {
        int left = text.length() - start;
        if (left >= 2) {
            char a = text.charAt(start + 1);
            if (a == 's' || a == 't' || a == 'm' || a == 'd') return 2;
            if (left >= 3) {
                char b = text.charAt(start + 2);
                if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) return 3;
            }
        }
        return 0;
    }

    private static int runEnd(String text, int start, byte runClass) {
        int length = text.length();
        int i = start;
        while (i < length) {
            char c = text.charAt(i);
            if (c < 128) {
                if (ASCII_CLASS[c] != runClass) break;
                i++;
            } else {
                int cp = text.codePointAt(i);
                if (classifyCodePoint(cp) != runClass) break;
                i += Character.charCount(cp);
            }
        }
        return i;
    }

    private static byte classAt(String text, int i) {
        char c = text.charAt(i);
        return c < 128 ? ASCII_CLASS[c] : classifyCodePoint(text.codePointAt(i));
    }

    /** \p{L}, \p{N}, \s (Unicode White_Space, as java.util.regex defines it) or anything else. */
    private static byte classifyCodePoint(int cp) {
        int type = Character.getType(cp);
        return switch (type) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER -> LETTER;
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> NUMBER;
            case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> SPACE;
            default -> (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 ? SPACE : OTHER;
        };
    }
}
