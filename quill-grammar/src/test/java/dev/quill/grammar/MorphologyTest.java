package dev.quill.grammar;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MorphologyTest {
    private final Morphology m = Morphology.english();

    @Test
    void analyzesIrregularForms() {
        assertThat(m.analyze("went")).contains(new Morphology.Reading("go", "VBD"));
        assertThat(m.analyze("children")).contains(new Morphology.Reading("child", "NNS"));
        assertThat(m.lemmas("goes", "VB")).containsExactly("go");
    }

    @Test
    void synthesizesFormsFromLemmaAndTag() {
        assertThat(m.synthesize("go", "VBD")).containsExactly("went");
        assertThat(m.synthesize("go", "VBN")).containsExactly("gone");
        assertThat(m.synthesize("child", "NNS")).containsExactly("children");
        assertThat(m.synthesize("walk", "VBZ")).containsExactly("walks");
    }

    @Test
    void knowsUncountableNouns() {
        assertThat(m.hasTag("information", "NN:U")).isTrue();
        assertThat(m.hasTag("book", "NN:U")).isFalse();
    }

    @Test
    void triesLowerCaseAndRejectsUnknownWords() {
        assertThat(m.isKnown("Went")).isTrue();
        assertThat(m.isKnown("goed")).isFalse();
        assertThat(m.synthesize("qwzx", "VBD")).isEmpty();
    }
}
