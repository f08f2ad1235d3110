package dev.quill.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quill.grammar.edits.Edit;
import dev.quill.grammar.edits.ErrorType;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncoderTrainerTest {

    private static final RuleCards CARDS = RuleCards.bundled();
    private static final List<LabelledQuery> TRAINING = LabelledQueries.training(CARDS);
    /** Small and short, to keep the test fast; determinism does not depend on size. */
    private static final EncoderConfig SMALL = new EncoderConfig(16, 600, 2, 256, 0.01f, 0.05f, 0.5f, 0.3f, 42);
    private static final RetrievalQuery QUERY = RetrievalQuery.forEdit("I ate a apple", new Edit(6, 7, "a", "an", ErrorType.DET, ""));

    @Test
    void trainingIsDeterministicForASeed() {
        CardEncoder a = EncoderTrainer.train(CARDS, TRAINING, SMALL);
        CardEncoder b = EncoderTrainer.train(CARDS, TRAINING, SMALL);
        assertThat(a.encode(QUERY)).containsExactly(b.encode(QUERY));
        assertThat(a.encode(CARDS.all().get(7))).containsExactly(b.encode(CARDS.all().get(7)));
        assertThat(a.stats().lastEpochLoss()).isEqualTo(b.stats().lastEpochLoss());

        CardEncoder other = EncoderTrainer.train(CARDS, TRAINING, SMALL.withSeed(43));
        assertThat(other.encode(QUERY)).isNotEqualTo(a.encode(QUERY));
    }

    @Test
    void trainingLowersTheContrastiveLossAndVectorsAreUnitLength() {
        CardEncoder e = EncoderTrainer.train(CARDS, TRAINING, SMALL);
        assertThat(e.stats().lastEpochLoss()).isLessThan(e.stats().firstEpochLoss());
        float[] v = e.encode(QUERY);
        assertThat(v).hasSize(16);
        assertThat(CardEncoder.dot(v, v)).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-4f));
    }

    @Test
    void theTrainedEncoderRanksHeldOutProbesBetterThanTheUntrainedOne() {
        RuleRetriever trained = SharedRetriever.get();
        CardEncoder untrained = EncoderTrainer.train(CARDS, TRAINING, EncoderConfig.defaults().withEpochs(0));
        try (RuleRetriever before = RuleRetriever.build(CARDS, EncoderEnsemble.of(untrained), RuleRetriever.Settings.defaults())) {
            List<LabelledQuery> dev = LabelledQueries.probes(CARDS, LabelledQueries.ProbeSplit.DEV);
            double mrrBefore = RetrievalEvaluation.evaluate(before, dev, RuleRetriever.Mode.DENSE).mrr();
            double mrrAfter = RetrievalEvaluation.evaluate(trained, dev, RuleRetriever.Mode.DENSE).mrr();
            assertThat(mrrAfter).isGreaterThan(mrrBefore + 0.2);
        }
    }

    @Test
    void ensembleMembersTrainInParallelButDependOnlyOnTheSeed() {
        EncoderEnsemble a = EncoderTrainer.trainEnsemble(CARDS, TRAINING, SMALL, 3);
        EncoderEnsemble b = EncoderTrainer.trainEnsemble(CARDS, TRAINING, SMALL, 3);
        assertThat(a.members()).hasSize(3);
        assertThat(a.encode(QUERY)).containsExactly(b.encode(QUERY));
        // The first member is the encoder the seed gives on its own; the others differ from it.
        CardEncoder single = EncoderTrainer.train(CARDS, TRAINING, SMALL);
        assertThat(a.members().get(0).encode(QUERY)).containsExactly(single.encode(QUERY));
        assertThat(a.members().get(1).encode(QUERY)).isNotEqualTo(single.encode(QUERY));
        assertThat(a.members().get(2).encode(QUERY)).isNotEqualTo(a.members().get(1).encode(QUERY));
    }

    @Test
    void ensembleVectorsAreUnitLengthAndScoreTheMeanOfTheMembersCosines() {
        EncoderEnsemble e = EncoderTrainer.trainEnsemble(CARDS, TRAINING, SMALL, 2);
        RuleCard card = CARDS.all().get(7);
        float[] q = e.encode(QUERY);
        float[] c = e.encode(card);
        assertThat(q).hasSize(32);
        assertThat(CardEncoder.dot(q, q)).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-4f));
        float mean = 0;
        for (CardEncoder m : e.members()) mean += CardEncoder.dot(m.encode(QUERY), m.encode(card)) / e.members().size();
        assertThat(CardEncoder.dot(q, c)).isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-5f));
    }

    @Test
    void theEnsembleRanksDevProbesBetterThanItsFirstMemberAlone() {
        RuleRetriever ensemble = SharedRetriever.get();
        EncoderEnsemble alone = EncoderEnsemble.of(ensemble.encoder().members().getFirst());
        try (RuleRetriever single = RuleRetriever.build(CARDS, alone, ensemble.settings())) {
            List<LabelledQuery> dev = LabelledQueries.probes(CARDS, LabelledQueries.ProbeSplit.DEV);
            RetrievalEvaluation.Metrics one = RetrievalEvaluation.evaluate(single, dev, RuleRetriever.Mode.DENSE);
            RetrievalEvaluation.Metrics all = RetrievalEvaluation.evaluate(ensemble, dev, RuleRetriever.Mode.DENSE);
            assertThat(all.recallAt5()).isGreaterThan(one.recallAt5());
            assertThat(all.mrr()).isGreaterThan(one.mrr());
        }
    }

    @Test
    void editSignaturesNameTheChange() {
        assertThat(EditSignatures.of("a", "an")).contains("pair:a>an", "diff:>n");
        assertThat(EditSignatures.of("take", "takes")).contains("diff:>s");
        assertThat(EditSignatures.of("", "the")).contains("kind:insert", "word:+the");
        assertThat(EditSignatures.of("monday", "Monday")).contains("kind:case");
        assertThat(EditSignatures.of("go always", "always go")).contains("kind:reorder");
        assertThat(EditSignatures.of("Where do you live.", "Where do you live?")).contains("kind:punctuation");
    }
}
