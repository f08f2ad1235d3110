package dev.quill.train.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quill.grammar.edits.ErrorType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;

class ErrorSynthesizerTest {

    private static final ErrorSynthesizer SYNTHESIZER = new ErrorSynthesizer(Fixtures.LEXICON);

    @Provide
    Arbitrary<String> sentences() {
        Arbitrary<String> subject = Arbitraries.of("She", "He", "My brother", "The teacher", "They", "We", "I",
                "The children", "Our neighbours");
        Arbitrary<String> verb = Arbitraries.of("likes", "wants", "bought", "has seen", "can find", "is watching",
                "took", "gave me");
        Arbitrary<String> object = Arbitraries.of("a new bike", "the old house", "an apple", "some information",
                "two books", "their car", "a cup of tea");
        Arbitrary<String> tail = Arbitraries.of(".", " every day.", " in the morning.", " yesterday.", " after school.");
        return Combinators.combine(subject, verb, object, tail).as((s, v, o, t) -> s + " " + v + " " + o + t);
    }

    @Property(tries = 300)
    void aCorruptionChangesTheSentenceAndLabelsEveryError(@ForAll("sentences") String sentence, @ForAll long seed) {
        // an attempt may come back empty (two errors that undo each other, no place for the family
        // drawn): variants() retries; the rate is pinned by corruptionsAlmostAlwaysSucceed
        Optional<ErrorSynthesizer.Corruption> c = SYNTHESIZER.corrupt(sentence, new Random(seed), s -> false);
        net.jqwik.api.Assume.that(c.isPresent());
        assertThat(c.get().source()).isNotEqualTo(sentence).doesNotContain("\t", "\n", "  ");
        assertThat(c.get().labels()).hasSizeBetween(1, 3);
        List<ErrorType> types = c.get().types();
        for (int i = 0; i < types.size(); i++) assertThat(c.get().labels().get(i)).startsWith(types.get(i).name() + ":");
    }

    @Test
    void corruptionsAlmostAlwaysSucceed() {
        String[] sentences = {"She bought an apple in the morning.", "Our neighbours took two books in the morning.",
            "My brother likes the old house every day.", "The children can find their car after school."};
        int present = 0, tries = 0;
        for (String s : sentences) {
            for (int seed = 0; seed < 250; seed++, tries++) {
                if (SYNTHESIZER.corrupt(s, new Random(seed), x -> false).isPresent()) present++;
            }
        }
        assertThat((double) present / tries).isGreaterThan(0.95);
    }

    @Property(tries = 200)
    void anUntouchedDraftRendersAsTheOriginal(@ForAll("sentences") String sentence) {
        assertThat(new Draft(sentence, Fixtures.LEXICON).render()).isEqualTo(sentence);
    }

    @Test
    void sameRandomStateGivesTheSameCorruption() {
        String s = "My brother bought two books in the morning.";
        for (int seed = 0; seed < 50; seed++) {
            assertThat(SYNTHESIZER.corrupt(s, Fixtures.random(seed), x -> false))
                    .isEqualTo(SYNTHESIZER.corrupt(s, Fixtures.random(seed), x -> false));
        }
    }

    @Test
    void aCorruptionThatIsAnotherCleanSentenceIsRejected() {
        String s = "She likes the old house.";
        for (int seed = 0; seed < 50; seed++) {
            assertThat(SYNTHESIZER.corrupt(s, Fixtures.random(seed), x -> true)).isEmpty();
        }
    }

    @Test
    void variantsAreDistinct() {
        var variants = SYNTHESIZER.variants("My brother bought two books in the morning.", 4, Fixtures.random(1), x -> false);
        assertThat(variants).hasSize(4);
        assertThat(variants.stream().map(ErrorSynthesizer.Corruption::source).distinct()).hasSize(4);
    }

    @Test
    void pairGeneratorKeepsTheIdentityShareAndIsDeterministic() {
        List<SentencePool.Sentence> sentences = new ArrayList<>();
        for (String s : sentences().sampleStream().distinct().limit(150).toList()) sentences.add(new SentencePool.Sentence(s, "test"));
        var generator = new PairGenerator(SYNTHESIZER, 7, 0.12, x -> false);
        List<TrainingPair> pairs = generator.trainPairs(sentences, 3, n -> { });
        long identities = pairs.stream().filter(TrainingPair::isIdentity).count();
        assertThat((double) identities / pairs.size()).isBetween(0.11, 0.13);
        assertThat(pairs).hasSizeGreaterThan(400);
        assertThat(new PairGenerator(SYNTHESIZER, 7, 0.12, x -> false).trainPairs(sentences, 3, n -> { })).isEqualTo(pairs);
        assertThat(new PairGenerator(SYNTHESIZER, 8, 0.12, x -> false).trainPairs(sentences, 3, n -> { })).isNotEqualTo(pairs);
    }

    @Test
    void aShareAboveOneIdentityPerSentenceRepeatsThem() {
        List<SentencePool.Sentence> sentences = new ArrayList<>();
        for (String s : sentences().sampleStream().distinct().limit(40).toList()) sentences.add(new SentencePool.Sentence(s, "test"));
        // 5 variants at a share of 0.5: about 200 corrupted pairs want about 200 identities, 5 per sentence
        List<TrainingPair> pairs = new PairGenerator(SYNTHESIZER, 7, 0.5, x -> false).trainPairs(sentences, 5, n -> { });
        List<TrainingPair> identities = pairs.stream().filter(TrainingPair::isIdentity).toList();
        assertThat((double) identities.size() / pairs.size()).isBetween(0.49, 0.51);
        var perSentence = identities.stream().collect(java.util.stream.Collectors.groupingBy(TrainingPair::target,
                java.util.stream.Collectors.counting()));
        assertThat(perSentence).hasSize(sentences.size());
        assertThat(perSentence.values()).allSatisfy(n -> assertThat(n).isBetween(
                (long) identities.size() / sentences.size(), (long) identities.size() / sentences.size() + 1));
    }

    /** The target share of errors per type: the synthesizer's family weights, confusions and misspellings both SPELL. */
    private static final Map<ErrorType, Double> TARGET = Map.of(ErrorType.DET, 0.20, ErrorType.PREP, 0.15,
            ErrorType.VERB_FORM, 0.10, ErrorType.SVA, 0.10, ErrorType.NOUN_NUM, 0.10, ErrorType.SPELL, 0.25,
            ErrorType.WORD_ORDER, 0.025, ErrorType.MISSING, 0.025, ErrorType.UNNECESSARY, 0.025, ErrorType.PUNCT, 0.025);

    /** Sum over types of |made share - target share|, corrupting every sample sentence a few times. */
    private static double distanceFromTarget(ErrorSynthesizer synthesizer, List<String> sample) {
        Map<ErrorType, Integer> made = new EnumMap<>(ErrorType.class);
        int total = 0;
        Random random = Fixtures.random(99);
        for (int round = 0; round < 5; round++) {
            for (String s : sample) {
                for (ErrorType t : synthesizer.corrupt(s, random, x -> false).map(ErrorSynthesizer.Corruption::types).orElse(List.of())) {
                    made.merge(t, 1, Integer::sum);
                    total++;
                }
            }
        }
        double distance = 0;
        for (var e : TARGET.entrySet()) distance += Math.abs(made.getOrDefault(e.getKey(), 0) / (double) total - e.getValue());
        return distance;
    }

    @Test
    void calibrationBringsTheErrorMixCloserToTheTarget() {
        List<String> sample = sentences().sampleStream().distinct().limit(120).toList();
        ErrorSynthesizer calibrated = SYNTHESIZER.calibrated(sample);
        assertThat(distanceFromTarget(calibrated, sample)).isLessThan(distanceFromTarget(SYNTHESIZER, sample) * 0.7);
        assertThat(SYNTHESIZER.calibrated(sample).familyWeights()).isEqualTo(calibrated.familyWeights());
    }
}
