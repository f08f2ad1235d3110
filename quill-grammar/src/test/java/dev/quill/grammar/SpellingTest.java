package dev.quill.grammar;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The spelling pass on the real LanguageTool word lists: sure fixes made, everything else left alone. */
class SpellingTest {
    private final Spelling spelling = Spelling.english();

    @Test
    void fixesMisspellingsWithOneClearCandidate() {
        // learner sentences from the JFLEG dev set (../shared/data/jfleg)
        assertThat(spelling.correct("Students can focus on only a few subjects they are intwerested in."))
                .isEqualTo("Students can focus on only a few subjects they are interested in.");
        assertThat(spelling.correct("They did not developped siences and tecnologies."))
                .isEqualTo("They did not developed sciences and technologies.");
        assertThat(spelling.correct("Beacuse it is probbably true.")).isEqualTo("Because it is probably true.");
    }

    @Test
    void reportsWhereEachFixIs() {
        String sentence = "I preffer (poeple) who read.";
        List<Spelling.Fix> fixes = spelling.fixes(sentence);
        assertThat(fixes).containsExactly(new Spelling.Fix(2, 9, "preffer", "prefer"), new Spelling.Fix(11, 17, "poeple", "people"));
        for (Spelling.Fix f : fixes) assertThat(sentence.substring(f.start(), f.end())).isEqualTo(f.word());
    }

    @Test
    void leavesCorrectEnglishAloneInBothSpellings() {
        for (String s : List.of("She goes to school every day.", "The colour of the centre is grey.",
                "The color of the center is gray.", "I don't think it's well-known, e.g. in the U.S.")) {
            assertThat(spelling.fixes(s)).as(s).isEmpty();
        }
    }

    @Test
    void leavesNamesCapitalsAndUnclearWordsAlone() {
        // a capitalised word inside the sentence is most likely a name
        assertThat(spelling.fixes("We met Diana Krall in Paris.")).isEmpty();
        // all capitals, digits, short words
        assertThat(spelling.fixes("The NIRX unit 4b ws fine.")).isEmpty();
        // two candidates close together: salf (half or self), brang (brand or bring)
        assertThat(spelling.fixes("He brang it to salf.")).isEmpty();
        // the best candidate only changes case, or is a rare word (capitals() adds a sure capital: "Italian", not "Yong")
        assertThat(spelling.fixes("I like yong people who speak italian.")).isEmpty();
        assertThat(spelling.fixes("It was allday long.")).isEmpty();
    }

    @Test
    void offersOptionsWhereTheSurePassMakesNoFix() {
        // JFLEG dev words whose runners-up are close: the sure pass leaves them, the options hold the right word first
        String sentence = "Which idean is Wich?";
        assertThat(spelling.fixes(sentence)).isEmpty();
        List<Spelling.Choice> choices = spelling.choices(sentence);
        assertThat(choices).extracting(Spelling.Choice::word).containsExactly("idean");
        Spelling.Choice idean = choices.getFirst();
        assertThat(sentence.substring(idean.start(), idean.end())).isEqualTo("idean");
        assertThat(idean.options()).hasSizeBetween(2, Spelling.MAX_OPTIONS).startsWith("idea").doesNotContain("Indian");
        // the first word of a sentence keeps its capital in every option
        assertThat(spelling.choices("Wich one is it?").getFirst().options()).allSatisfy(o -> assertThat(o.charAt(0)).isUpperCase())
                .contains("Which", "With");
        for (String s : List.of("Why not focuse on it?", "She steped on it.")) {
            assertThat(spelling.fixes(s)).as(s).isEmpty();
        }
        assertThat(spelling.choices("Why not focuse on it?").getFirst().options().getFirst()).isEqualTo("focus");
        assertThat(spelling.choices("She steped on it.").getFirst().options().getFirst()).isEqualTo("stepped");
        // what the sure pass fixes has its fix among the options too
        assertThat(spelling.choices("They did not developped siences.")).extracting(c -> c.options().getFirst())
                .containsExactly("developed", "sciences");
    }

    @Test
    void mendsOverregularisedFormsFromTheMorphologyNotTheNearestWord() {
        // the speller's nearest words were "haired", "builder", "child", "Letter" (synthetic test, 2026-12-05)
        assertThat(spelling.correct("He bowed out when he heared how much work was involved."))
                .isEqualTo("He bowed out when he heard how much work was involved.");
        assertThat(spelling.correct("The houses had been builded.")).isEqualTo("The houses had been built.");
        assertThat(spelling.correct("Childs properly outfitted for school.")).isEqualTo("Children properly outfitted for school.");
        assertThat(spelling.correct("The mother deserted her childs.")).isEqualTo("The mother deserted her children.");
        // two irregular forms: no sure fix ("good" was the speller's), the model chooses between them afterwards
        String goed = "I goed to school yesterday.";
        assertThat(spelling.fixes(goed)).isEmpty();
        assertThat(spelling.choices(goed)).singleElement().satisfies(c -> {
            assertThat(c.word()).isEqualTo("goed");
            assertThat(c.options()).containsExactly("went", "gone");
        });
        assertThat(spelling.choices("Goed there.").getFirst().options()).containsExactly("Went", "Gone");
    }

    @Test
    void addsTheCapitalsASentenceSurelyLacks() {
        assertThat(spelling.correct("i think i'm right and i’ll say so.")).isEqualTo("I think I'm right and I’ll say so.");
        assertThat(spelling.correct("we will visit london on monday.")).isEqualTo("We will visit London on Monday.");
        assertThat(spelling.correct("(don't) speak english here.")).isEqualTo("(Don't) speak English here.");
        // the speller's sure fixes come after, on the capitalised sentence
        assertThat(spelling.correct("becouse we speak italian.")).isEqualTo("Because we speak Italian.");
        // a rare name is not a sure capital ("yong" is more likely "young"); words in lower case stay
        assertThat(spelling.capitals("I like yong people.")).isEqualTo("I like yong people.");
        assertThat(spelling.capitals("iPhone users like it in paris.")).isEqualTo("iPhone users like it in Paris.");
        assertThat(spelling.capitals("... which is right.")).isEqualTo("... which is right.");
        assertThat(spelling.capitals("www.quill.dev is down.")).isEqualTo("www.quill.dev is down.");
        for (String s : List.of("She goes to school every day.", "The colour of the centre is grey.", "e.g. this one, i.e. that")) {
            assertThat(spelling.capitals(s)).as(s).isEqualTo(s);
        }
    }

    @Test
    void writesOutTextMessageShorthands() {
        assertThat(spelling.correct("how r u today?")).isEqualTo("How are you today?");
        assertThat(spelling.correct("thx for the help, see u b4 noon (pls)."))
                .isEqualTo("Thanks for the help, see you before noon (please).");
        // only lower-case words of their own: a U-turn, the letter R, "ur" (your or you're) stay
        assertThat(spelling.textSpeak("Make a U-turn at R street, ur call.")).isEqualTo("Make a U-turn at R street, ur call.");
    }

    @Test
    void offersNothingForKnownWordsNamesOrRareCandidates() {
        for (String s : List.of("She goes to school every day.", "We met Diana Krall in Paris.", "The NIRX unit 4b ws fine.",
                "I like yong people who speak italian.", "It was allday long.")) {
            assertThat(spelling.choices(s)).as(s).isEmpty();
        }
    }

    @Test
    void looksUpAtMostEightUnknownWordsOfASentence() {
        String typos = "I preffer poeple who are intwerested in siences and tecnologies";
        assertThat(spelling.fixes(typos)).hasSize(5);
        // eight unknown words first: the typos after them are left alone
        String noise = "qzxv wqpz kvtq zzqx pqwv xkqz vqkz qkxw ";
        assertThat(spelling.fixes(noise + typos)).allSatisfy(f -> assertThat(f.end()).isLessThan(noise.length()));
    }

    @Test
    void rememberingVerdictsChangesNoAnswer() {
        Spelling uncached = Spelling.englishUncached();
        List<String> sentences = List.of("They did not developped siences and tecnologies.", "I preffer poeple who read.",
                "qzxv wqpz kvtq zzqx pqwv xkqz vqkz qkxw I preffer poeple", "He brang it to salf.");
        for (int pass = 0; pass < 2; pass++) {
            for (String s : sentences) {
                assertThat(spelling.fixes(s)).as(s).isEqualTo(uncached.fixes(s));
                assertThat(spelling.choices(s)).as(s).isEqualTo(uncached.choices(s));
            }
        }
    }
}
