package dev.quill.train.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A sentence being corrupted: its tokens, each with the spacing before it and whether an error
 * has already been put there (later errors leave touched tokens alone, so they never undo or
 * overlap an earlier one).
 *
 * <p>Sentence-initial capitals are handled once, here: the first word is stored in its natural
 * case ("The" as "the", "John" and "I" as they are) and capitalised when rendering. A word moved
 * away from the start therefore comes out lower case, a word moved to the start capitalised, and
 * an unchanged draft renders exactly as the original sentence.
 */
final class Draft {

    private static final class Slot {
        String text;
        boolean spaceBefore;
        boolean touched;

        Slot(String text, boolean spaceBefore) {
            this.text = text;
            this.spaceBefore = spaceBefore;
        }
    }

    private final List<Slot> slots = new ArrayList<>();
    private final boolean capitalStart;
    private boolean lowercaseStart;

    Draft(String sentence, Lexicon lexicon) {
        for (Token t : Token.split(sentence)) slots.add(new Slot(t.text(), t.spaceBefore()));
        capitalStart = !slots.isEmpty() && Character.isUpperCase(slots.getFirst().text.charAt(0));
        if (capitalStart) {
            Slot first = slots.getFirst();
            if (keepsCapital(first.text, lexicon)) return;
            first.text = Character.toLowerCase(first.text.charAt(0)) + first.text.substring(1);
        }
    }

    /** "I", "I'm", acronyms and proper nouns keep their capital anywhere in a sentence. */
    private static boolean keepsCapital(String word, Lexicon lexicon) {
        if (word.equals("I") || word.startsWith("I'")) return true;
        if (word.length() > 1 && Character.isUpperCase(word.charAt(1))) return true;
        return lexicon.isProperNoun(word);
    }

    int size() {
        return slots.size();
    }

    /** The token's text in its natural case (the first word not capitalised). */
    String text(int i) {
        return slots.get(i).text;
    }

    /** The token lower-cased, or "" outside the sentence (so look-arounds need no bounds checks). */
    String lower(int i) {
        return i < 0 || i >= slots.size() ? "" : slots.get(i).text.toLowerCase(Locale.ROOT);
    }

    boolean isWord(int i) {
        return i >= 0 && i < slots.size() && Token.isWord(slots.get(i).text);
    }

    boolean isFree(int i) {
        return i >= 0 && i < slots.size() && !slots.get(i).touched;
    }

    /** The index of the last word token, or -1. */
    int lastWord() {
        for (int i = slots.size() - 1; i >= 0; i--) if (isWord(i)) return i;
        return -1;
    }

    /** Whether the rendered sentence starts with a capital that a casing error could remove. */
    boolean canLowercaseStart() {
        return capitalStart && !lowercaseStart && !slots.isEmpty()
                && Character.isLowerCase(slots.getFirst().text.charAt(0));
    }

    void lowercaseStart() {
        lowercaseStart = true;
        slots.getFirst().touched = true;
    }

    void replace(int i, String text) {
        Slot s = slots.get(i);
        s.text = text;
        s.touched = true;
    }

    void delete(int i) {
        slots.remove(i);
        if (i == 0 && !slots.isEmpty()) slots.getFirst().spaceBefore = false;
        if (i > 0) slots.get(i - 1).touched = true;
        if (i < slots.size()) slots.get(i).touched = true;
    }

    /** Inserts a word before token {@code i} ({@code i == size()} appends). */
    void insert(int i, String word) {
        Slot s = new Slot(word, i > 0);
        s.touched = true;
        if (i == 0 && !slots.isEmpty()) slots.getFirst().spaceBefore = true;
        slots.add(i, s);
    }

    /** Exchanges the texts of two tokens; each position keeps its spacing. */
    void swap(int i, int j) {
        Slot a = slots.get(i);
        Slot b = slots.get(j);
        String t = a.text;
        a.text = b.text;
        b.text = t;
        a.touched = true;
        b.touched = true;
    }

    String render() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < slots.size(); i++) {
            Slot s = slots.get(i);
            if (s.spaceBefore && !sb.isEmpty()) sb.append(' ');
            if (i == 0 && capitalStart && !lowercaseStart && !s.text.isEmpty()) {
                sb.append(Character.toUpperCase(s.text.charAt(0))).append(s.text, 1, s.text.length());
            } else {
                sb.append(s.text);
            }
        }
        return sb.toString();
    }

    /** {@code word} with the case pattern of {@code model}: "The" + "a" gives "A", "NASA"-like all caps stay caps. */
    static String matchCase(String model, String word) {
        if (model.isEmpty() || word.isEmpty()) return word;
        if (model.length() > 1 && model.equals(model.toUpperCase(Locale.ROOT)) && Character.isLetter(model.charAt(1))) {
            return word.toUpperCase(Locale.ROOT);
        }
        if (Character.isUpperCase(model.charAt(0))) return Character.toUpperCase(word.charAt(0)) + word.substring(1);
        return word;
    }
}
