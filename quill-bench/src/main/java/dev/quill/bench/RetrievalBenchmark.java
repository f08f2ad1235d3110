package dev.quill.bench;

import dev.quill.retrieval.EncoderConfig;
import dev.quill.retrieval.EncoderEnsemble;
import dev.quill.retrieval.EncoderTrainer;
import dev.quill.retrieval.LabelledQueries;
import dev.quill.retrieval.LabelledQuery;
import dev.quill.retrieval.RetrievalQuery;
import dev.quill.retrieval.RuleCards;
import dev.quill.retrieval.RuleRetriever;
import dev.quill.retrieval.ScoredCard;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Latency of one rule-card retrieval at {@code cards} cards (the 179 bundled ones plus perturbed
 * copies, {@link BenchCards}), one thread: the encoder ensemble ({@code members} encoders) is
 * trained on the bundled cards, every card is indexed (BM25 + HNSW), and each call retrieves the
 * top 5 for the next query of a fixed list (the 179 held-out test probes with their edits, then
 * the 35 learner questions). Sample time mode, so JMH reports p50, p95 and p99 per call.
 *
 * <p>{@code cache=cold} makes a new retriever per iteration with an embedding cache of size 0, so
 * every call encodes its query; {@code cache=warm} keeps one cache, so after the first pass over
 * the 214 queries every query vector is a hit.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class RetrievalBenchmark {

    @Param({"1000"})
    public int cards;

    @Param({"HYBRID", "BM25", "DENSE"})
    public RuleRetriever.Mode mode;

    @Param({"cold", "warm"})
    public String cache;

    /** Encoders in the dense ensemble: each one costs a query encoding on a cache miss. */
    @Param({"3"})
    public int members;

    private RuleRetriever retriever;
    private RetrievalQuery[] queries;
    private int next;

    @Setup
    public void setUp() {
        if (!cache.equals("cold") && !cache.equals("warm")) throw new IllegalArgumentException("cache " + cache + ": cold or warm");
        RuleCards bundled = RuleCards.bundled();
        EncoderEnsemble encoder = EncoderTrainer.trainEnsemble(bundled, LabelledQueries.training(bundled), EncoderConfig.defaults(), members);
        RuleCards scaled = BenchCards.scaled(bundled, cards, 1);
        RuleRetriever.Settings settings = RuleRetriever.Settings.defaults();
        if (cache.equals("cold")) {
            settings = new RuleRetriever.Settings(settings.topK(), settings.candidates(), settings.fusion(), settings.editWeight(),
                    settings.typeWeight(), settings.sentenceWeight(), settings.signatureWeight(), 0);
        }
        retriever = RuleRetriever.build(scaled, encoder, settings);
        List<RetrievalQuery> list = new ArrayList<>();
        for (LabelledQuery q : LabelledQueries.probes(bundled, LabelledQueries.ProbeSplit.TEST)) list.add(q.query());
        for (LabelledQuery q : LabelledQueries.learnerQuestions()) list.add(q.query());
        queries = list.toArray(RetrievalQuery[]::new);
        System.out.printf("%n%d cards indexed; encoder trained in %d ms; %d queries%n", scaled.size(), encoder.trainMillis(), queries.length);
    }

    @Benchmark
    public List<ScoredCard> retrieve() {
        RetrievalQuery q = queries[next];
        next = next + 1 == queries.length ? 0 : next + 1;
        return retriever.search(q, 5, mode);
    }

    @TearDown
    public void tearDown() {
        System.out.printf("%nembedding cache: %s%n", retriever.cache().stats());
        retriever.close();
    }
}
