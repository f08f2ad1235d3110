package dev.quill.cli;

import static dev.quill.cli.OptionChecks.require;

import dev.quill.retrieval.CardEncoder;
import dev.quill.retrieval.EncoderConfig;
import dev.quill.retrieval.EncoderEnsemble;
import dev.quill.retrieval.EncoderTrainer;
import dev.quill.retrieval.Fusion;
import dev.quill.retrieval.LabelledQueries;
import dev.quill.retrieval.LabelledQuery;
import dev.quill.retrieval.RetrievalEvaluation;
import dev.quill.retrieval.RetrievalEvaluation.Metrics;
import dev.quill.retrieval.RuleCards;
import dev.quill.retrieval.RuleRetriever;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code quill retrieval-eval}: trains the card encoder, indexes the bundled rule cards and scores
 * BM25, dense and hybrid retrieval on the held-out probes and the hand-written learner questions.
 */
@Command(
        name = "retrieval-eval",
        mixinStandardHelpOptions = true,
        description = {
            "Train the rule-card encoder, index the cards and report recall@1, recall@5 and MRR for BM25, dense and hybrid retrieval",
            "on held-out synthetic errors (test probes, never indexed or trained on) and hand-written learner questions."
        })
final class RetrievalEvalCommand implements Callable<Integer> {

    /** Far beyond what was ever useful (the defaults are 25 epochs, 3 members); past these a run takes hours. */
    static final int MAX_EPOCHS = 1000;
    static final int MAX_MEMBERS = 32;

    @Spec CommandSpec spec;

    @Option(names = "--seed", defaultValue = "42", description = "Encoder training seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--epochs", description = "Encoder training epochs, 0 to " + MAX_EPOCHS + " (0: untrained encoder). Default: quill's setting.")
    Integer epochs;

    @Option(names = "--members", description = "Encoders in the ensemble, each from its own seed, 1 to " + MAX_MEMBERS + ". Default: quill's setting.")
    Integer members;

    @Option(names = "--tune", description = "Also score fusion and BM25 settings on the dev probes (what the defaults were chosen on).")
    boolean tune;

    @Option(names = "--tune-seeds", split = ",", defaultValue = "42,1,2,3",
            description = "Encoder seeds whose mean dev scores rank the fusion settings in --tune. Default: ${DEFAULT-VALUE}.")
    List<Long> tuneSeeds;

    @Override
    public Integer call() {
        require(epochs == null || epochs >= 0 && epochs <= MAX_EPOCHS, "--epochs", epochs, "between 0 (untrained) and " + MAX_EPOCHS);
        require(members == null || members >= 1 && members <= MAX_MEMBERS, "--members", members, "between 1 and " + MAX_MEMBERS);
        if (tune && tuneSeeds.isEmpty()) throw new IllegalArgumentException("--tune-seeds needs at least one seed");
        PrintWriter out = spec.commandLine().getOut();
        RuleCards cards = RuleCards.bundled();
        List<LabelledQuery> training = LabelledQueries.training(cards);
        EncoderConfig config = EncoderConfig.defaults().withSeed(seed);
        if (epochs != null) config = config.withEpochs(epochs);

        int memberCount = members != null ? members : EncoderEnsemble.DEFAULT_MEMBERS;
        EncoderEnsemble encoder = EncoderTrainer.trainEnsemble(cards, training, config, memberCount);
        CardEncoder.TrainingStats stats = encoder.members().getFirst().stats();
        long indexStart = System.nanoTime();
        try (RuleRetriever retriever = RuleRetriever.build(cards, encoder, RuleRetriever.Settings.defaults())) {
            long indexMillis = (System.nanoTime() - indexStart) / 1_000_000;
            out.printf("cards: %d; encoder: %d members of dim %d (vectors of %d), %,d parameters, %d training queries, %d steps each,"
                            + " trained in %.1f s (seed %d)%n",
                    cards.size(), encoder.members().size(), config.dim(), encoder.dim(), encoder.parameterCount(), stats.trainingQueries(),
                    stats.steps(), encoder.trainMillis() / 1000.0, seed);
            for (CardEncoder m : encoder.members()) {
                out.printf("  member: loss %.3f -> %.3f, %.1f s%n", m.stats().firstEpochLoss(), m.stats().lastEpochLoss(), m.stats().trainMillis() / 1000.0);
            }
            out.printf("index: %d cards (BM25 + HNSW) built in %d ms; hybrid = %s, %d candidates per retriever%n%n",
                    cards.size(), indexMillis, retriever.settings().fusion(), retriever.settings().candidates());

            List<LabelledQuery> test = LabelledQueries.probes(cards, LabelledQueries.ProbeSplit.TEST);
            List<LabelledQuery> questions = LabelledQueries.learnerQuestions();
            List<LabelledQuery> all = new ArrayList<>(test);
            all.addAll(questions);
            out.println("| query set | queries | retriever | recall@1 | recall@5 | MRR@10 |");
            out.println("|---|---:|---|---:|---:|---:|");
            table(out, retriever, "held-out synthetic errors (test probes)", test);
            table(out, retriever, "learner questions", questions);
            table(out, retriever, "all", all);
            out.printf("%nembedding cache: %s%n", retriever.cache().stats());

            if (tune) {
                List<LabelledQuery> dev = LabelledQueries.probes(cards, LabelledQueries.ProbeSplit.DEV);
                List<RuleRetriever> bySeed = new ArrayList<>();
                for (long s : tuneSeeds) {
                    bySeed.add(s == seed ? retriever : RuleRetriever.build(cards,
                            EncoderTrainer.trainEnsemble(cards, training, config.withSeed(s), memberCount), RuleRetriever.Settings.defaults()));
                }
                tune(out, retriever, bySeed, dev);
                for (RuleRetriever r : bySeed) if (r != retriever) r.close();
            }
        }
        out.flush();
        return 0;
    }

    private static void table(PrintWriter out, RuleRetriever retriever, String name, List<LabelledQuery> queries) {
        for (RuleRetriever.Mode mode : RuleRetriever.Mode.values()) {
            Metrics m = RetrievalEvaluation.evaluate(retriever, queries, mode);
            out.printf("| %s | %d | %s | %.3f | %.3f | %.3f |%n", name, m.queries(), mode.name().toLowerCase(), m.recallAt1(), m.recallAt5(), m.mrr());
        }
    }

    /**
     * Tunes on the dev probes in two stages: BM25's weights by BM25 alone, then the fusion with
     * those weights, by its mean over the encoders of several seeds (one seed's ranking of the
     * fusions moves with the seed); each ranked by recall@5, then MRR. The test probes and the
     * learner questions play no part.
     */
    private void tune(PrintWriter out, RuleRetriever base, List<RuleRetriever> bySeed, List<LabelledQuery> dev) {
        out.printf("%ntuning on the dev probes (%d queries); columns: recall@1 recall@5 MRR@10%n", dev.size());
        print(out, "current: bm25", RetrievalEvaluation.evaluate(base, dev, RuleRetriever.Mode.BM25));
        print(out, "current: dense", RetrievalEvaluation.evaluate(base, dev, RuleRetriever.Mode.DENSE));
        print(out, "current: hybrid", RetrievalEvaluation.evaluate(base, dev, RuleRetriever.Mode.HYBRID));

        List<Scored<RuleRetriever.Settings>> bm25 = new ArrayList<>();
        for (float edit : new float[] {1, 2, 3}) {
            for (float type : new float[] {0.5f, 1, 2}) {
                for (float sentence : new float[] {0.5f, 1}) {
                    for (float signature : new float[] {1, 2, 4}) {
                        RuleRetriever.Settings s = base.settings().withBm25Weights(edit, type, sentence, signature);
                        bm25.add(new Scored<>(s, RetrievalEvaluation.evaluate(base.withSettings(s), dev, RuleRetriever.Mode.BM25)));
                    }
                }
            }
        }
        bm25.sort(Scored.BEST_FIRST);
        out.println("stage 1, BM25 weights (edit words, type name, sentence, signatures) by BM25 alone, best 5:");
        for (Scored<RuleRetriever.Settings> s : bm25.subList(0, 5)) {
            RuleRetriever.Settings w = s.setting();
            print(out, String.format("edit %.1f type %.1f sentence %.1f signature %.1f", w.editWeight(), w.typeWeight(), w.sentenceWeight(),
                    w.signatureWeight()), s.metrics());
        }
        RuleRetriever.Settings chosen = bm25.getFirst().setting();

        List<Scored<RuleRetriever.Settings>> fused = new ArrayList<>();
        for (int k : new int[] {5, 10, 30, 60}) {
            for (double w : new double[] {0.3, 0.4, 0.5, 0.6, 0.7}) fused.add(hybrid(bySeed, chosen.withFusion(new Fusion.Rrf(k, w)), dev));
        }
        for (double w : new double[] {0.3, 0.4, 0.5, 0.6, 0.7, 0.8}) fused.add(hybrid(bySeed, chosen.withFusion(new Fusion.WeightedSum(w)), dev));
        fused.sort(Scored.BEST_FIRST);
        out.printf("stage 2, fusion with those weights, by hybrid, mean over encoder seeds %s, best first:%n", tuneSeeds);
        for (Scored<RuleRetriever.Settings> s : fused) print(out, s.setting().fusion().toString(), s.metrics());
    }

    /** Hybrid metrics with settings {@code s}, averaged over the retrievers (one per encoder seed). */
    private static Scored<RuleRetriever.Settings> hybrid(List<RuleRetriever> bySeed, RuleRetriever.Settings s, List<LabelledQuery> dev) {
        double at1 = 0, at5 = 0, mrr = 0;
        for (RuleRetriever r : bySeed) {
            Metrics m = RetrievalEvaluation.evaluate(r.withSettings(s), dev, RuleRetriever.Mode.HYBRID);
            at1 += m.recallAt1();
            at5 += m.recallAt5();
            mrr += m.mrr();
        }
        int n = bySeed.size();
        return new Scored<>(s, new Metrics(dev.size(), at1 / n, at5 / n, mrr / n));
    }

    private record Scored<T>(T setting, Metrics metrics) {
        static final java.util.Comparator<Scored<?>> BEST_FIRST = java.util.Comparator
                .<Scored<?>>comparingDouble(s -> s.metrics().recallAt5())
                .thenComparingDouble(s -> s.metrics().mrr())
                .reversed();
    }

    private static void print(PrintWriter out, String name, Metrics m) {
        out.printf("  %-62s %.3f %.3f %.3f%n", name, m.recallAt1(), m.recallAt5(), m.mrr());
    }
}
