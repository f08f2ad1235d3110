package dev.quill.retrieval;

/**
 * A retrieved card.
 *
 * @param score the ranking score of the mode asked for (fused, BM25 or cosine); only its order means anything
 * @param bm25Rank the card's rank in the BM25 list, from 1; 0 if not among the candidates
 * @param denseRank the card's rank in the dense list, from 1; 0 if not among the candidates
 */
public record ScoredCard(RuleCard card, double score, int bm25Rank, int denseRank) {}
