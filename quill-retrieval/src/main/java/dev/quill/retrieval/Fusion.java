package dev.quill.retrieval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** How the BM25 list and the dense list become one ranking. */
public sealed interface Fusion {

    /** Fused score per card position; higher is better. */
    Map<Integer, Double> fuse(List<CardIndex.Hit> bm25, List<CardIndex.Hit> dense);

    /**
     * Reciprocal rank fusion (Cormack, Clarke and Büttcher, SIGIR 2009), weighted:
     * {@code (1 - w) / (k + rank_bm25) + w / (k + rank_dense)}, ranks from 1; a card missing from
     * a list gets nothing from it.
     */
    record Rrf(int k, double denseWeight) implements Fusion {
        @Override
        public Map<Integer, Double> fuse(List<CardIndex.Hit> bm25, List<CardIndex.Hit> dense) {
            Map<Integer, Double> scores = new HashMap<>();
            for (int r = 0; r < bm25.size(); r++) scores.merge(bm25.get(r).card(), (1 - denseWeight) / (k + r + 1), Double::sum);
            for (int r = 0; r < dense.size(); r++) scores.merge(dense.get(r).card(), denseWeight / (k + r + 1), Double::sum);
            return scores;
        }

        @Override
        public String toString() {
            return "RRF k=" + k + " dense weight " + denseWeight;
        }
    }

    /**
     * A weighted sum of scores: BM25 divided by the list's best score, dense as the cosine
     * similarity; a card missing from a list scores 0 there.
     */
    record WeightedSum(double denseWeight) implements Fusion {
        @Override
        public Map<Integer, Double> fuse(List<CardIndex.Hit> bm25, List<CardIndex.Hit> dense) {
            Map<Integer, Double> scores = new HashMap<>();
            double best = bm25.isEmpty() ? 1 : Math.max(bm25.getFirst().score(), 1e-9);
            for (CardIndex.Hit h : bm25) scores.merge(h.card(), (1 - denseWeight) * h.score() / best, Double::sum);
            // Lucene's DOT_PRODUCT score is (1 + cos) / 2.
            for (CardIndex.Hit h : dense) scores.merge(h.card(), denseWeight * (2 * h.score() - 1), Double::sum);
            return scores;
        }

        @Override
        public String toString() {
            return "weighted sum, dense weight " + denseWeight;
        }
    }
}
