package dev.quill.retrieval;

import java.util.List;

/** Recall@1, recall@5 and MRR of one retriever mode over labelled queries. */
public final class RetrievalEvaluation {

    /** Ranks past this count as a miss for MRR. */
    public static final int MRR_CUTOFF = 10;

    /**
     * @param queries how many queries were asked
     * @param recallAt1 share whose card came first
     * @param recallAt5 share whose card was in the top 5
     * @param mrr mean of 1/rank of the card (0 past rank {@value #MRR_CUTOFF})
     */
    public record Metrics(int queries, double recallAt1, double recallAt5, double mrr) {}

    private RetrievalEvaluation() {}

    public static Metrics evaluate(RuleRetriever retriever, List<LabelledQuery> queries, RuleRetriever.Mode mode) {
        int at1 = 0, at5 = 0;
        double reciprocal = 0;
        for (LabelledQuery q : queries) {
            int rank = rank(retriever, q, mode);
            if (rank == 1) at1++;
            if (rank >= 1 && rank <= 5) at5++;
            if (rank >= 1) reciprocal += 1.0 / rank;
        }
        int n = queries.size();
        return n == 0 ? new Metrics(0, 0, 0, 0) : new Metrics(n, (double) at1 / n, (double) at5 / n, reciprocal / n);
    }

    /** Rank of the query's card from 1, or 0 when it is not in the top {@value #MRR_CUTOFF}. */
    public static int rank(RuleRetriever retriever, LabelledQuery q, RuleRetriever.Mode mode) {
        List<ScoredCard> top = retriever.search(q.query(), MRR_CUTOFF, mode);
        for (int r = 0; r < top.size(); r++) if (top.get(r).card().id().equals(q.cardId())) return r + 1;
        return 0;
    }
}
