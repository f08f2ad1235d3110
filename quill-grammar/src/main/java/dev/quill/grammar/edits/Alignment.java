package dev.quill.grammar.edits;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Token alignment of a sentence with its correction: Damerau-Levenshtein over tokens with
 * linguistically informed substitution costs, after Felice, Bryant and Briscoe (2016),
 * "Automatic extraction of learner errors in ESL sentences using linguistically enhanced
 * alignments" (the alignment ERRANT uses).
 *
 * <p>Costs: a match is 0; an insertion or deletion 1; a substitution
 * {@code lemma + pos + char}, where {@code lemma} is 0 when the two words share a lemma and
 * 0.499 otherwise, {@code pos} is 0 for a shared coarse part of speech, 0.25 when both are
 * content words and 0.5 otherwise, and {@code char} is 1 minus their character
 * {@linkplain Lexicon#similarity similarity} (0.01 for a change of case alone). A substitution
 * therefore always costs less than a deletion plus an insertion (at most 1.999), and the
 * cheapest substitutions are inflections and misspellings of the same word. A word for a
 * punctuation mark costs 3, so that is always a deletion and an insertion. A transposition of
 * k tokens (the same words, lower-cased, in another order) costs k - 1.
 */
final class Alignment {
    enum Kind { MATCH, SUBSTITUTE, INSERT, DELETE, TRANSPOSE }

    /** One step of the alignment: original tokens [origStart, origEnd) become corrected tokens [corrStart, corrEnd). */
    record Op(Kind kind, int origStart, int origEnd, int corrStart, int corrEnd) {}

    /** Longest transposed block searched for; learners' reorderings are short. */
    private static final int MAX_TRANSPOSITION = 8;
    private static final double EPS = 1e-9;

    private Alignment() {}

    static List<Op> align(List<Token> orig, List<Token> corr, Lexicon lexicon) {
        int n = orig.size();
        int m = corr.size();
        String[] o = lowerTexts(orig);
        String[] c = lowerTexts(corr);
        Features[] fo = features(orig, lexicon);
        Features[] fc = features(corr, lexicon);
        double[][] cost = new double[n + 1][m + 1];
        Kind[][] kind = new Kind[n + 1][m + 1];
        int[][] span = new int[n + 1][m + 1];
        for (int i = 1; i <= n; i++) {
            cost[i][0] = i;
            kind[i][0] = Kind.DELETE;
        }
        for (int j = 1; j <= m; j++) {
            cost[0][j] = j;
            kind[0][j] = Kind.INSERT;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                // candidates in order of preference; a later one wins only when strictly cheaper
                double best;
                Kind k;
                if (orig.get(i - 1).text().equals(corr.get(j - 1).text())) {
                    best = cost[i - 1][j - 1];
                    k = Kind.MATCH;
                } else {
                    best = cost[i - 1][j - 1] + substitutionCost(orig.get(i - 1).text(), corr.get(j - 1).text(),
                            fo[i - 1], fc[j - 1]);
                    k = Kind.SUBSTITUTE;
                }
                int transposed = 0;
                if (k != Kind.MATCH) {
                    for (int len = 2; len <= Math.min(MAX_TRANSPOSITION, Math.min(i, j)); len++) {
                        if (sameWords(o, i - len, c, j - len, len)) {
                            double t = cost[i - len][j - len] + len - 1;
                            if (t < best - EPS) {
                                best = t;
                                k = Kind.TRANSPOSE;
                                transposed = len;
                            }
                        }
                    }
                }
                if (cost[i - 1][j] + 1 < best - EPS) {
                    best = cost[i - 1][j] + 1;
                    k = Kind.DELETE;
                }
                if (cost[i][j - 1] + 1 < best - EPS) {
                    best = cost[i][j - 1] + 1;
                    k = Kind.INSERT;
                }
                cost[i][j] = best;
                kind[i][j] = k;
                span[i][j] = transposed;
            }
        }
        List<Op> ops = new ArrayList<>();
        int i = n;
        int j = m;
        while (i > 0 || j > 0) {
            Kind k = kind[i][j];
            switch (k) {
                case MATCH, SUBSTITUTE -> ops.add(new Op(k, i - 1, i, j - 1, j));
                case DELETE -> ops.add(new Op(k, i - 1, i, j, j));
                case INSERT -> ops.add(new Op(k, i, i, j - 1, j));
                case TRANSPOSE -> ops.add(new Op(k, i - span[i][j], i, j - span[i][j], j));
            }
            switch (k) {
                case MATCH, SUBSTITUTE -> { i--; j--; }
                case DELETE -> i--;
                case INSERT -> j--;
                case TRANSPOSE -> {
                    int len = span[i][j];
                    i -= len;
                    j -= len;
                }
            }
        }
        return ops.reversed();
    }

    /** What the substitution cost needs to know about a token, looked up once per token. */
    private record Features(Set<String> lemmas, Set<Lexicon.Pos> pos) {}

    private static Features[] features(List<Token> tokens, Lexicon lexicon) {
        Features[] out = new Features[tokens.size()];
        for (int i = 0; i < out.length; i++) {
            String t = tokens.get(i).text();
            out[i] = new Features(lexicon.lemmas(t), lexicon.pos(t));
        }
        return out;
    }

    private static double substitutionCost(String a, String b, Features fa, Features fb) {
        // a word never stands in for a punctuation mark: deleting one and inserting the other is cheaper
        if (Lexicon.isPunctuation(a) != Lexicon.isPunctuation(b)) return 3;
        double lemma = intersects(fa.lemmas(), fb.lemmas()) ? 0 : 0.499;
        double pos = intersects(fa.pos(), fb.pos()) ? 0
                : Lexicon.isContent(fa.pos()) && Lexicon.isContent(fb.pos()) ? 0.25 : 0.5;
        String la = Lexicon.lower(a);
        String lb = Lexicon.lower(b);
        double chars = la.equals(lb) ? 0.01 : 1 - Lexicon.similarity(la, lb);
        return lemma + pos + chars;
    }

    private static <T> boolean intersects(Set<T> a, Set<T> b) {
        for (T x : a) {
            if (b.contains(x)) return true;
        }
        return false;
    }

    /** Whether o[oFrom, oFrom+len) and c[cFrom, cFrom+len) hold the same words in a different order. */
    private static boolean sameWords(String[] o, int oFrom, String[] c, int cFrom, int len) {
        String[] a = Arrays.copyOfRange(o, oFrom, oFrom + len);
        String[] b = Arrays.copyOfRange(c, cFrom, cFrom + len);
        if (Arrays.equals(a, b)) return false;
        Arrays.sort(a);
        Arrays.sort(b);
        return Arrays.equals(a, b);
    }

    private static String[] lowerTexts(List<Token> tokens) {
        String[] out = new String[tokens.size()];
        for (int i = 0; i < out.length; i++) out[i] = Lexicon.lower(tokens.get(i).text());
        return out;
    }
}
