package dev.quill.grammar;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The regular rules as learners apply them, and their undoing from LanguageTool's English dictionary. */
class RegularInflectionTest {
    private final Morphology morphology = Morphology.english();

    @Test
    void regularRulesAsLearnersApplyThem() {
        assertThat(RegularInflection.past("go")).isEqualTo("goed");
        assertThat(RegularInflection.past("run")).isEqualTo("runned");
        assertThat(RegularInflection.past("make")).isEqualTo("maked");
        assertThat(RegularInflection.past("try")).isEqualTo("tried");
        assertThat(RegularInflection.past("visit")).isEqualTo("visited");
        assertThat(RegularInflection.plural("child")).isEqualTo("childs");
        assertThat(RegularInflection.plural("box")).isEqualTo("boxes");
        assertThat(RegularInflection.plural("city")).isEqualTo("cities");
    }

    @Test
    void anOverregularisedFormGivesTheIrregularOnes() {
        // a verb whose past and participle differ gives both, the simple past first
        assertThat(RegularInflection.irregularForms(morphology, "goed")).containsExactly("went", "gone");
        assertThat(RegularInflection.irregularForms(morphology, "heared")).containsExactly("heard");
        assertThat(RegularInflection.irregularForms(morphology, "runned")).contains("ran").doesNotContain("runned");
        assertThat(RegularInflection.irregularForms(morphology, "builded")).containsExactly("built");
        assertThat(RegularInflection.irregularForms(morphology, "losed")).containsExactly("lost");
        assertThat(RegularInflection.irregularForms(morphology, "childs")).containsExactly("children");
        assertThat(RegularInflection.irregularForms(morphology, "womans")).containsExactly("women");
        // a plural given a second ending is the plural (not "mediae", the dictionary's plural of "media" as a singular)
        assertThat(RegularInflection.irregularForms(morphology, "medias")).containsExactly("media");
    }

    @Test
    void otherWordsGiveNothing() {
        // regular verbs and nouns, misspellings, forms of be and have, words without the endings
        for (String w : new String[] {"walked", "visited", "cities", "boxes", "steped", "developped", "beed", "haved", "recieve",
                "informations"}) {
            assertThat(RegularInflection.irregularForms(morphology, w)).as(w).isEmpty();
        }
    }
}
