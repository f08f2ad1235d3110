package dev.quill.core.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into the words BPE merges within, with GPT-2's regex (the one Hugging Face's
 * {@code ByteLevel} pre-tokenizer uses when {@code use_regex} is true). Every character of the
 * input lands in exactly one word, so concatenating the words gives the input back.
 */
final class PreTokenizer {

    static final String GPT2_REGEX =
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

    // UNICODE_CHARACTER_CLASS makes \s mean Unicode White_Space, as in the Rust and Python regexes;
    // java.util.regex already matches \p{L} and \p{N} per code point, so surrogate pairs stay whole.
    private static final Pattern PATTERN = Pattern.compile(GPT2_REGEX, Pattern.UNICODE_CHARACTER_CLASS);

    private PreTokenizer() {}

    static void forEachWord(String text, Consumer<String> wordSink) {
        Matcher m = PATTERN.matcher(text);
        while (m.find()) {
            wordSink.accept(text.substring(m.start(), m.end()));
        }
    }

    static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        forEachWord(text, words::add);
        return words;
    }
}
