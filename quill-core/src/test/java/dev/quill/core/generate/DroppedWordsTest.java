package dev.quill.core.generate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DroppedWordsTest {

    @Test
    void aCorrectionMayDropOneWordOrAFifth() {
        assertThat(DroppedWords.keeps("The the cat sat", "The cat sat")).isTrue();
        assertThat(DroppedWords.keeps("He go to to the school", "He goes to school")).isFalse();
        // ten words: two may go, three may not
        String ten = "one two three four five six seven eight nine ten";
        assertThat(DroppedWords.keeps(ten, "one two three four five six seven eight")).isTrue();
        assertThat(DroppedWords.keeps(ten, "one two three four five six seven")).isFalse();
        // longer or as long is always fine
        assertThat(DroppedWords.keeps("I like", "I like it very much")).isTrue();
    }

    @Test
    void aCorrectionMustKeepEmojiSymbolsAndOtherScripts() {
        // the tutor model's own proposal for this sentence (2026-12-05)
        assertThat(DroppedWords.keeps("I love it 😀 but my friend don't", "I love it Should not be my friend don't")).isFalse();
        assertThat(DroppedWords.keeps("I love it 😀 but my friend don't", "I love it 😀 but my friend doesn't")).isTrue();
        assertThat(DroppedWords.keeps("It costs 5 € and I likes 寿司", "It costs 5 € and I like 寿司")).isTrue();
        assertThat(DroppedWords.keeps("It costs 5 € and I likes 寿司", "It costs 5 euros and I like 寿司")).isFalse();
        assertThat(DroppedWords.keeps("I likes 寿司", "I like sushi")).isFalse();
        assertThat(DroppedWords.keeps("I like 😀 and 😀", "I like 😀 and")).isFalse();
        assertThat(DroppedWords.keeps("I like 😀 and 😀", "I like 😀 and 😀 😀")).isTrue(); // the guard is against lost text
        // Latin letters with accents, typographic punctuation and ASCII are the model's to correct
        assertThat(DroppedWords.keeps("The café’s crème brûlée – good", "The café's crème brûlée - good")).isTrue();
        assertThat(DroppedWords.isForeign('é')).isFalse();
        assertThat(DroppedWords.isForeign('’')).isFalse();
        assertThat(DroppedWords.isForeign("😀".codePointAt(0))).isTrue();
        assertThat(DroppedWords.isForeign('©')).isTrue();
        assertThat(DroppedWords.isForeign('Ж')).isTrue();
    }

    @Test
    void countsWhitespaceSeparatedWords() {
        assertThat(DroppedWords.count("")).isZero();
        assertThat(DroppedWords.count("  a  b\tc\n")).isEqualTo(3);
        assertThat(DroppedWords.count("don't, well-known.")).isEqualTo(2);
    }
}
