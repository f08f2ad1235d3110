package dev.quill.train.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * GLEU, the n-gram metric for grammatical error correction of Napoles, Sakaguchi, Post and
 * Tetreault, "Ground Truth for Grammatical Error Correction Metrics" (ACL 2015), in the form
 * without a tuned weight that they recommend since "GLEU Without Tuning" (arXiv:1605.02592,
 * 2016) and that JFLEG (Napoles, Sakaguchi and Tetreault, EACL 2017) reports.
 *
 * <p>For a hypothesis H, its source S and one reference R, all token lists, and each n from 1
 * to 4, the sentence contributes to the corpus n-gram precision
 * <pre>
 *   numerator_n   = max(0, |ngrams_n(H) ∩ ngrams_n(R)| - |ngrams_n(H) ∩ (ngrams_n(S) \ ngrams_n(R))|)
 *   denominator_n = max(0, |H| - n + 1)
 * </pre>
 * where ∩ is multiset intersection (clipped counts) and {@code S \ R} keeps the source n-grams
 * that never occur in R (with their source counts): n-grams the writer should have changed and
 * the hypothesis kept are penalised. Over the corpus
 * <pre>
 *   GLEU = BP * exp(1/4 * sum_n log(sum numerator_n / sum denominator_n)),   BP = exp(min(0, 1 - sum|R| / sum|H|))
 * </pre>
 * and GLEU is 0 when any of those sums is 0.
 *
 * <p>With several references per sentence, each sentence is scored against one reference drawn
 * at random, the corpus GLEU computed, and the whole repeated; the score is the mean over the
 * repetitions. As the official {@code compute_gleu} does, there are 500 repetitions, repetition
 * j draws its references with Python's generator seeded {@code j * 101} (reproduced by
 * {@link PythonRandom}), one {@code randint(0, references - 1)} per sentence in order; with a
 * single reference there is one repetition. The result is therefore deterministic and comparable
 * with published JFLEG numbers. Tokens are compared exactly: tokenize hypotheses as the
 * references are ({@link PtbTokenizer} for JFLEG).
 */
public final class Gleu {
    public static final int ORDER = 4;
    public static final int ITERATIONS = 500;

    /** Mean and (population) standard deviation of GLEU over the reference samplings, in [0, 1]. */
    public record Score(double mean, double std, int iterations) {}

    private Gleu() {}

    /**
     * @param sources    per sentence, the source tokens
     * @param references per sentence, one or more references' tokens (the same number for every sentence)
     * @param hypotheses per sentence, the system's tokens
     */
    public static Score corpus(List<List<String>> sources, List<List<List<String>>> references, List<List<String>> hypotheses) {
        return corpus(sources, references, hypotheses, ITERATIONS);
    }

    public static Score corpus(List<List<String>> sources, List<List<List<String>>> references, List<List<String>> hypotheses,
            int iterations) {
        int sentences = sources.size();
        if (references.size() != sentences || hypotheses.size() != sentences) {
            throw new IllegalArgumentException("need one hypothesis and one reference set per source: " + sentences
                    + " sources, " + references.size() + " reference sets, " + hypotheses.size() + " hypotheses");
        }
        if (sentences == 0) throw new IllegalArgumentException("no sentences to score");
        int refs = references.getFirst().size();
        for (List<List<String>> r : references) {
            if (r.size() != refs) throw new IllegalArgumentException("every sentence needs the same number of references (" + refs + ")");
        }
        // stats[i][r]: the sentence's contribution when scored against reference r
        long[][][] stats = new long[sentences][refs][];
        for (int i = 0; i < sentences; i++) {
            for (int r = 0; r < refs; r++) {
                stats[i][r] = sentenceStats(sources.get(i), references.get(i).get(r), hypotheses.get(i));
            }
        }
        int runs = refs == 1 ? 1 : iterations;
        double[] scores = new double[runs];
        for (int j = 0; j < runs; j++) {
            PythonRandom rnd = new PythonRandom(j * 101L);
            long[] total = new long[2 + 2 * ORDER];
            for (int i = 0; i < sentences; i++) {
                long[] s = stats[i][rnd.randint(0, refs - 1)];
                for (int k = 0; k < total.length; k++) total[k] += s[k];
            }
            scores[j] = fromStats(total);
        }
        double mean = 0;
        for (double s : scores) mean += s;
        mean /= runs;
        double var = 0;
        for (double s : scores) var += (s - mean) * (s - mean);
        return new Score(mean, Math.sqrt(var / runs), runs);
    }

    /** {hypothesis length, reference length, numerator_1, denominator_1, ..., numerator_4, denominator_4}. */
    static long[] sentenceStats(List<String> source, List<String> reference, List<String> hypothesis) {
        long[] out = new long[2 + 2 * ORDER];
        out[0] = hypothesis.size();
        out[1] = reference.size();
        for (int n = 1; n <= ORDER; n++) {
            Map<List<String>, Integer> h = ngrams(hypothesis, n);
            Map<List<String>, Integer> r = ngrams(reference, n);
            Map<List<String>, Integer> s = ngrams(source, n);
            long matched = 0;
            long penalised = 0;
            for (Map.Entry<List<String>, Integer> e : h.entrySet()) {
                Integer inRef = r.get(e.getKey());
                if (inRef != null) {
                    matched += Math.min(e.getValue(), inRef);
                } else {
                    Integer inSource = s.get(e.getKey());
                    if (inSource != null) penalised += Math.min(e.getValue(), inSource);
                }
            }
            out[2 * n] = Math.max(0, matched - penalised);
            out[2 * n + 1] = Math.max(0, hypothesis.size() - n + 1);
        }
        return out;
    }

    /** Corpus GLEU from summed sentence stats. */
    static double fromStats(long[] s) {
        for (long x : s) {
            if (x == 0) return 0;
        }
        double logPrecision = 0;
        for (int n = 1; n <= ORDER; n++) logPrecision += Math.log((double) s[2 * n] / s[2 * n + 1]);
        double brevity = Math.min(0, 1 - (double) s[1] / s[0]);
        return Math.exp(brevity + logPrecision / ORDER);
    }

    private static Map<List<String>, Integer> ngrams(List<String> tokens, int n) {
        Map<List<String>, Integer> out = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) out.merge(new ArrayList<>(tokens.subList(i, i + n)), 1, Integer::sum);
        return out;
    }
}
