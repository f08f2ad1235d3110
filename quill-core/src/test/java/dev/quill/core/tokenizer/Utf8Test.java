package dev.quill.core.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Utf8Test {

    @Test
    void eachMaximalIllFormedSubpartBecomesOneReplacementCharacter() {
        assertThat(decode(0xE2, 0x82, 0x41)).isEqualTo("\uFFFDA"); // truncated 3-byte char, then 'A'
        assertThat(decode(0xED, 0xA0, 0x80)).isEqualTo("\uFFFD\uFFFD\uFFFD"); // encoded surrogate
        assertThat(decode(0xC0, 0xAF)).isEqualTo("\uFFFD\uFFFD"); // overlong '/'
        assertThat(decode(0xF0, 0x9F, 0x98)).isEqualTo("\uFFFD"); // emoji missing its last byte
        assertThat(decode(0xF0, 0x9F, 0x98, 0x80)).isEqualTo("😀");
    }

    @Test
    void incompleteTailStartsAtAWellFormedUnfinishedCharacter() {
        assertThat(Utf8.incompleteTailStart(bytes('a', 0xF0, 0x9F, 0x98), 4)).isEqualTo(1);
        assertThat(Utf8.incompleteTailStart(bytes('a', 0xC3), 2)).isEqualTo(1);
        assertThat(Utf8.incompleteTailStart(bytes('a', 0xC3, 0xA9), 3)).isEqualTo(3);
        assertThat(Utf8.incompleteTailStart(bytes('a', 0xED, 0xA0), 3)).isEqualTo(3); // can never be valid
        assertThat(Utf8.incompleteTailStart(bytes(0x80, 0x80, 0x80), 3)).isEqualTo(3);
    }

    private static String decode(int... values) {
        return Utf8.decode(bytes(values), values.length);
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
        return b;
    }
}
