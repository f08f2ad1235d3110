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
    void countsWhitespaceSeparatedWords() {
        assertThat(DroppedWords.count("")).isZero();
        assertThat(DroppedWords.count("  a  b\tc\n")).isEqualTo(3);
        assertThat(DroppedWords.count("don't, well-known.")).isEqualTo(2);
    }
}
