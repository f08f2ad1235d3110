package dev.quill.retrieval;

import dev.quill.grammar.edits.Edit;
import dev.quill.grammar.edits.ErrorType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Hybrid retrieval of rule cards: BM25 and the trained dense encoder ensemble each rank candidates, and
 * {@link Fusion} merges the two lists. The service asks {@link #forEdit} for each edit's
 * explanation and {@link #search(String, int)} for {@code GET /v1/rules?q=}.
 *
 * <p>Queries are built from the sentence and its edits: BM25 gets the edit's removed and inserted
 * words (weighted up), the error type names and the sentence; the encoder gets the same pieces as
 * separate inputs (see {@link CardEncoder}). Query vectors are cached ({@link #cache()}).
 * Thread-safe.
 */
public final class RuleRetriever implements AutoCloseable {

    /** Which ranking to return: one retriever alone or both fused. */
    public enum Mode { BM25, DENSE, HYBRID }

    /**
     * @param topK cards returned when the caller does not say (seed 000: 5)
     * @param candidates cards each retriever contributes to fusion
     * @param fusion how the two lists merge
     * @param editWeight BM25 boost of an edit's from and to words
     * @param typeWeight BM25 boost of the edit's error type name
     * @param sentenceWeight BM25 boost of the sentence's words
     * @param signatureWeight BM25 boost of each of the edit's {@link EditSignatures}
     * @param cacheEntries bound of the query-embedding cache
     */
    public record Settings(int topK, int candidates, Fusion fusion, float editWeight, float typeWeight, float sentenceWeight,
                           float signatureWeight, long cacheEntries) {

        public Settings {
            if (topK <= 0 || candidates < topK) throw new IllegalArgumentException("need 0 < topK <= candidates");
        }

        /** quill's settings, tuned on the dev probes (docs/retrieval.md). */
        public static Settings defaults() {
            return new Settings(5, 20, new Fusion.WeightedSum(0.7), 1f, 2f, 0.5f, 1f, 10_000);
        }

        public Settings withFusion(Fusion f) {
            return new Settings(topK, candidates, f, editWeight, typeWeight, sentenceWeight, signatureWeight, cacheEntries);
        }

        /** Cards returned by default; the fusion candidates grow to at least {@code k}. */
        public Settings withTopK(int k) {
            return new Settings(k, Math.max(k, candidates), fusion, editWeight, typeWeight, sentenceWeight, signatureWeight, cacheEntries);
        }

        public Settings withCandidates(int n) {
            return new Settings(topK, n, fusion, editWeight, typeWeight, sentenceWeight, signatureWeight, cacheEntries);
        }

        public Settings withBm25Weights(float edit, float type, float sentence, float signature) {
            return new Settings(topK, candidates, fusion, edit, type, sentence, signature, cacheEntries);
        }
    }

    private final RuleCards cards;
    private final EncoderEnsemble encoder;
    private final CardIndex index;
    private final Settings settings;
    private final EmbeddingCache cache;

    private RuleRetriever(RuleCards cards, EncoderEnsemble encoder, Settings settings) {
        this.cards = cards;
        this.encoder = encoder;
        this.settings = settings;
        this.cache = new EmbeddingCache(settings.cacheEntries());
        List<float[]> vectors = cards.all().stream().map(encoder::encode).toList();
        this.index = new CardIndex(cards.all(), vectors);
    }

    /** Trains the encoder ensemble on the cards (a few seconds) and indexes them, with the default settings. */
    public static RuleRetriever build(RuleCards cards) {
        return build(cards, EncoderTrainer.train(cards), Settings.defaults());
    }

    /** Indexes {@code cards} with vectors from an already trained encoder. */
    public static RuleRetriever build(RuleCards cards, EncoderEnsemble encoder, Settings settings) {
        return new RuleRetriever(cards, encoder, settings);
    }

    /** The same index and encoder with other settings (a fresh cache); for tuning. */
    public RuleRetriever withSettings(Settings newSettings) {
        return new RuleRetriever(cards, encoder, newSettings);
    }

    public Optional<RuleCard> byId(String id) {
        return cards.byId(id);
    }

    public RuleCards cards() {
        return cards;
    }

    public EncoderEnsemble encoder() {
        return encoder;
    }

    public Settings settings() {
        return settings;
    }

    public EmbeddingCache cache() {
        return cache;
    }

    /** The top {@link Settings#topK} cards for a free-text question. */
    public List<ScoredCard> search(String question) {
        return search(question, settings.topK());
    }

    public List<ScoredCard> search(String question, int k) {
        return search(RetrievalQuery.ofText(question), k, Mode.HYBRID);
    }

    /** The top {@link Settings#topK} cards explaining one edit of a sentence; the first is the edit's explanation. */
    public List<ScoredCard> forEdit(String sentence, Edit edit) {
        return forEdit(sentence, edit, settings.topK());
    }

    public List<ScoredCard> forEdit(String sentence, Edit edit, int k) {
        return search(RetrievalQuery.forEdit(sentence, edit), k, Mode.HYBRID);
    }

    /** The top k cards by one retriever or both fused. */
    public List<ScoredCard> search(RetrievalQuery query, int k, Mode mode) {
        if (k <= 0) throw new IllegalArgumentException("k must be positive");
        int n = Math.max(k, settings.candidates());
        List<CardIndex.Hit> bm25 = mode == Mode.DENSE ? List.of() : index.bm25(bm25Pieces(query), signatures(query), settings.signatureWeight(), n);
        List<CardIndex.Hit> dense = mode == Mode.BM25 ? List.of() : index.dense(queryVector(query), n);
        Map<Integer, Integer> bm25Rank = ranks(bm25);
        Map<Integer, Integer> denseRank = ranks(dense);
        List<ScoredCard> out = new ArrayList<>();
        switch (mode) {
            case BM25 -> bm25.forEach(h -> out.add(scored(h.card(), h.score(), bm25Rank, denseRank)));
            case DENSE -> dense.forEach(h -> out.add(scored(h.card(), 2 * h.score() - 1, bm25Rank, denseRank)));
            case HYBRID -> settings.fusion().fuse(bm25, dense).entrySet().stream()
                    .sorted(Map.Entry.<Integer, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .forEach(e -> out.add(scored(e.getKey(), e.getValue(), bm25Rank, denseRank)));
        }
        return ofEditTypesFirst(out, query).subList(0, Math.min(k, out.size()));
    }

    /**
     * The ranking with the cards of the query's edit types first, each part in its order: the
     * explanation of a SPELL edit is a spelling card, whatever other words of the sentence match
     * ("idean -> idea" had ranked an article card first). A query without edits keeps its ranking.
     */
    private static List<ScoredCard> ofEditTypesFirst(List<ScoredCard> ranked, RetrievalQuery query) {
        if (query.edits().isEmpty()) return ranked;
        Set<ErrorType> types = EnumSet.noneOf(ErrorType.class);
        for (Edit e : query.edits()) types.add(e.type());
        List<ScoredCard> out = new ArrayList<>(ranked.size());
        for (ScoredCard c : ranked) if (c.card().types().stream().anyMatch(types::contains)) out.add(c);
        for (ScoredCard c : ranked) if (c.card().types().stream().noneMatch(types::contains)) out.add(c);
        return out;
    }

    private ScoredCard scored(int card, double score, Map<Integer, Integer> bm25Rank, Map<Integer, Integer> denseRank) {
        return new ScoredCard(index.card(card), score, bm25Rank.getOrDefault(card, 0), denseRank.getOrDefault(card, 0));
    }

    private static Map<Integer, Integer> ranks(List<CardIndex.Hit> hits) {
        Map<Integer, Integer> ranks = new HashMap<>();
        for (int r = 0; r < hits.size(); r++) ranks.putIfAbsent(hits.get(r).card(), r + 1);
        return ranks;
    }

    /** The query vector, from the cache when this query was seen before. */
    float[] queryVector(RetrievalQuery query) {
        return cache.get(query.cacheKey(), key -> encoder.encode(query));
    }

    private static List<String> signatures(RetrievalQuery query) {
        List<String> out = new ArrayList<>();
        for (Edit e : query.edits()) out.addAll(EditSignatures.forKeywords(e.from(), e.to()));
        return out;
    }

    List<CardIndex.WeightedText> bm25Pieces(RetrievalQuery query) {
        List<CardIndex.WeightedText> pieces = new ArrayList<>();
        Set<ErrorType> types = new LinkedHashSet<>();
        for (Edit e : query.edits()) {
            String words = (e.from() + " " + e.to()).strip();
            if (!words.isEmpty()) pieces.add(new CardIndex.WeightedText(words, settings.editWeight()));
            if (e.type() != null) types.add(e.type());
        }
        for (ErrorType t : types) pieces.add(new CardIndex.WeightedText(t.name(), settings.typeWeight()));
        pieces.add(new CardIndex.WeightedText(query.text(), query.edits().isEmpty() ? 1f : settings.sentenceWeight()));
        return pieces;
    }


    @Override
    public void close() {
        index.close();
    }
}
