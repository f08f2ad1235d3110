package dev.quill.grammar.edits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

/** Extraction is exact: the edits turn the original into the correction, whatever the perturbation. */
class EditExtractorProperties {
    private static final EditExtractor EXTRACTOR = EditExtractor.english();

    private static final List<String> SENTENCES = List.of(
            "She goes to school every day.",
            "I don't think it's going to rain, but we'll take an umbrella.",
            "My brother has lived in London since 2015 and works at a bank.",
            "There are many people who can't afford a car in this city.",
            "If I had known about the meeting, I would have come earlier.",
            "The children were playing in the garden when the storm began.",
            "He asked me whether I'd finished my homework yet.",
            "Their house is bigger than ours, though it's further from the station.",
            "Could you tell me where the nearest post office is?",
            "We've been waiting for an hour; the bus is late again!",
            "Reading books is one of the best ways to learn new words.",
            "She said, \"I'm not sure what you mean.\"",
            "The informations in the report were out of date.",
            "Everyone in the class has to hand in the essay by Friday.");

    /** Words a learner might add or substitute, including clitics and punctuation. */
    private static final List<String> NOISE = List.of(
            "the", "a", "an", "to", "in", "on", "at", "of", "is", "are", "was", "were", "has", "have", "go", "goes",
            "went", "very", "much", "their", "there", "its", "it's", "don't", "doesn't", ",", ".", "!", "?", "'s",
            "n't", "-", "\"", "everyday", "Day", "DAY", "informations", "becouse", "");

    @Property(tries = 400)
    void applyingTheEditsGivesTheCorrectionExactly(@ForAll("pairs") String[] pair) {
        String original = pair[0];
        String corrected = pair[1];
        List<Edit> edits = EXTRACTOR.extract(original, corrected);
        assertThat(EditExtractor.apply(original, edits)).isEqualTo(corrected);
        int at = 0;
        for (Edit e : edits) {
            assertThat(e.start()).isGreaterThanOrEqualTo(at);
            assertThat(original.substring(e.start(), e.end())).isEqualTo(e.from());
            assertThat(e.from()).isNotEqualTo(e.to());
            assertThat(e.explanation()).isNotBlank();
            at = e.end();
        }
    }

    /** Any two strings over letters, clitics, punctuation and spaces, however unlike sentences. */
    @Property(tries = 1000)
    void applyingTheEditsIsExactForArbitraryText(
            @ForAll @StringLength(max = 24) @Chars({'a', 'b', 'n', 't', 's', 'I', ' ', ' ', '\'', '.', ',', '-', '"', '\t'}) String original,
            @ForAll @StringLength(max = 24) @Chars({'a', 'b', 'n', 't', 's', 'I', ' ', ' ', '\'', '.', ',', '-', '"', '\t'}) String corrected) {
        assertThat(EditExtractor.apply(original, EXTRACTOR.extract(original, corrected))).isEqualTo(corrected);
    }

    @Property(tries = 100)
    void aSentenceAgainstItselfHasNoEdits(@ForAll("pairs") String[] pair) {
        assertThat(EXTRACTOR.extract(pair[0], pair[0])).isEmpty();
    }

    @Provide
    Arbitrary<String[]> pairs() {
        return Arbitraries.longs().map(seed -> {
            Random rnd = new Random(seed);
            String sentence = SENTENCES.get(rnd.nextInt(SENTENCES.size()));
            String perturbed = perturb(sentence, rnd);
            return rnd.nextInt(4) == 0 ? new String[] {sentence, perturbed} : new String[] {perturbed, sentence};
        });
    }

    /** Token-level damage: delete, insert, replace, swap, re-case, and re-space the tokens. */
    private static String perturb(String sentence, Random rnd) {
        List<String> tokens = new ArrayList<>(WordTokenizer.tokenize(sentence).stream().map(Token::text).toList());
        int damage = 1 + rnd.nextInt(4);
        for (int d = 0; d < damage && !tokens.isEmpty(); d++) {
            int i = rnd.nextInt(tokens.size());
            String noise = NOISE.get(rnd.nextInt(NOISE.size()));
            switch (rnd.nextInt(6)) {
                case 0 -> tokens.remove(i);
                case 1 -> tokens.add(i, noise);
                case 2 -> tokens.set(i, noise);
                case 3 -> {
                    if (i + 1 < tokens.size()) tokens.add(i + 1, tokens.remove(i));
                }
                case 4 -> tokens.set(i, tokens.get(i).toUpperCase());
                default -> tokens.set(i, tokens.get(i).toLowerCase());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String t : tokens) {
            if (t.isEmpty()) continue;
            String space = switch (rnd.nextInt(8)) {
                case 0 -> "";
                case 1 -> "  ";
                default -> out.isEmpty() ? "" : " ";
            };
            out.append(space).append(t);
        }
        if (rnd.nextInt(6) == 0) out.append(' ');
        return out.toString();
    }
}
