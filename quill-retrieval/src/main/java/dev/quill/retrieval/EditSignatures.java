package dev.quill.retrieval;

import dev.quill.grammar.Spelling;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Names for what an edit does, independent of the sentence around it: the words it swaps
 * ({@code pair:a>an}), the characters that change once the common start and end are set aside
 * ({@code diff:>s} for take -> takes, {@code diff:y>ie} for studys -> studies), and each word
 * removed or added ({@code word:-to}, {@code word:+the}). The encoder learns one vector per
 * signature seen in training; these carry the rule ("added -s", "a became an") that subword
 * tokens of the words themselves do not.
 */
final class EditSignatures {

    private EditSignatures() {}

    static List<String> of(String from, String to) {
        String f = from.strip().toLowerCase(Locale.ROOT);
        String t = to.strip().toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>(kinds(from.strip(), to.strip()));
        out.add("pair:" + f + ">" + t);
        int prefix = 0;
        while (prefix < f.length() && prefix < t.length() && f.charAt(prefix) == t.charAt(prefix)) prefix++;
        int suffix = 0;
        while (suffix < f.length() - prefix && suffix < t.length() - prefix
                && f.charAt(f.length() - 1 - suffix) == t.charAt(t.length() - 1 - suffix)) suffix++;
        out.add("diff:" + f.substring(prefix, f.length() - suffix) + ">" + t.substring(prefix, t.length() - suffix));
        List<String> removed = new ArrayList<>(words(f));
        List<String> added = new ArrayList<>(words(t));
        for (String w : List.copyOf(removed)) {
            if (added.remove(w)) removed.remove(w);
        }
        for (String w : removed) out.add("word:-" + w);
        for (String w : added) out.add("word:+" + w);
        return out;
    }

    /**
     * The signatures BM25 matches ({@link #of} and a misspelling mark): a one-word edit that makes
     * a word neither English word list knows into one they know ("definately" -> "definitely",
     * not "their" -> "there") is {@code kind:misspelling}, which the typo examples of the
     * spelling-rule cards share. The encoder does not see it (its signature vocabulary stays the
     * one it was trained with).
     */
    static List<String> forKeywords(String from, String to) {
        List<String> out = new ArrayList<>(of(from, to));
        String f = from.strip();
        String t = to.strip();
        if (isWordShaped(f) && isWordShaped(t) && !f.equalsIgnoreCase(t)) {
            Spelling lists = Spelling.english();
            if (!lists.isWord(f) && lists.isWord(t)) out.add("kind:misspelling");
        }
        return out;
    }

    private static boolean isWordShaped(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isLetter);
    }

    /** Coarse shapes of an edit that hold whatever the words: insert, delete, case, punctuation, reorder. */
    private static List<String> kinds(String from, String to) {
        List<String> out = new ArrayList<>();
        if (from.isEmpty()) out.add("kind:insert");
        if (to.isEmpty()) out.add("kind:delete");
        if (!from.equals(to) && from.equalsIgnoreCase(to)) out.add("kind:case");
        if (!from.equals(to) && letters(from).equals(letters(to))) out.add("kind:punctuation");
        List<String> a = new ArrayList<>(words(letters(from).toLowerCase(Locale.ROOT)));
        List<String> b = new ArrayList<>(words(letters(to).toLowerCase(Locale.ROOT)));
        if (a.size() > 1 && !a.equals(b)) {
            a.sort(null);
            b.sort(null);
            if (a.equals(b)) out.add("kind:reorder");
        }
        return out;
    }

    /** The text with everything but letters, digits, apostrophes and spaces removed. */
    private static String letters(String s) {
        return s.replaceAll("[^\\p{L}\\p{N}' ]", "").strip();
    }

    private static List<String> words(String s) {
        return s.isEmpty() ? List.of() : Arrays.asList(s.split("\\s+"));
    }
}
