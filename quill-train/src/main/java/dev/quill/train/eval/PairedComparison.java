package dev.quill.train.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two systems' outputs on the same sentences ({@code quill eval --outputs}), compared sentence
 * by sentence: per section, how often each is right (the output equals the target; for the
 * clean sentences the target is the sentence itself), how many sentences only one of them gets
 * right, and the exact two-sided McNemar p-value: the chance, were the two equally good, of a
 * split of those sentences at least this uneven. A difference of a point on 1,877 sentences is
 * often inside it; runs of the same recipe with two seeds differed by 3.1 points (p = 0.0008).
 * JFLEG has four references per sentence and is scored by GLEU, so it is left out here.
 */
public final class PairedComparison {
    /** The first line of an outputs file ({@link Evaluation} writes them). */
    public static final String OUTPUTS_HEADER = "section\tsource\toutput\ttarget";

    /** The sections whose target is one sentence, in the order {@code eval} writes them. */
    public static final List<String> SECTIONS = List.of("synthetic", "clean", "languagetool");

    /** One section: sentences, how many each system gets right, how many only it does, and the p-value. */
    public record Section(String name, int sentences, int rightA, int rightB, int onlyA, int onlyB, double pValue) {}

    /** One line of an outputs file. */
    public record Output(String section, String source, String output, String target) {}

    private PairedComparison() {}

    public static List<Output> read(Path file) throws IOException {
        if (Files.isDirectory(file)) throw new IOException(file + " is a directory, not a file of `quill eval --outputs`");
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException(file + " is not UTF-8 text, so not a file of `quill eval --outputs`", e);
        }
        if (lines.isEmpty() || !lines.getFirst().equals(OUTPUTS_HEADER)) {
            throw new IOException(file + " is not a file of `quill eval --outputs` (its header should be section, source, output, target)");
        }
        List<Output> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split("\t", -1);
            if (f.length != 4) throw new IOException(file + ":" + (i + 1) + ": " + f.length + " columns, expected 4");
            out.add(new Output(f[0], f[1], f[2], f[3]));
        }
        if (out.isEmpty()) throw new IOException(file + " has a header but no sentences: nothing to compare");
        return out;
    }

    /** Compares {@code a} and {@code b}, which must hold the same sentences in the same order. */
    public static List<Section> compare(List<Output> a, List<Output> b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("the two files hold " + a.size() + " and " + b.size() + " sentences: run eval on the same data");
        }
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (int i = 0; i < a.size(); i++) {
            Output x = a.get(i);
            Output y = b.get(i);
            if (!x.section().equals(y.section()) || !x.source().equals(y.source()) || !x.target().equals(y.target())) {
                throw new IllegalArgumentException("line " + (i + 2) + " differs in section, source or target: run eval on the same data");
            }
            if (!SECTIONS.contains(x.section())) continue;
            boolean ra = x.output().equals(x.target());
            boolean rb = y.output().equals(y.target());
            int[] c = counts.computeIfAbsent(x.section(), k -> new int[5]);
            c[0]++;
            if (ra) c[1]++;
            if (rb) c[2]++;
            if (ra && !rb) c[3]++;
            if (rb && !ra) c[4]++;
        }
        List<Section> out = new ArrayList<>();
        counts.forEach((name, c) -> out.add(new Section(name, c[0], c[1], c[2], c[3], c[4], mcnemarExact(c[3], c[4]))));
        return out;
    }

    /**
     * Two-sided exact McNemar test: with n = b + c discordant pairs, 2 P(X <= min(b, c)) for X
     * ~ Binomial(n, 1/2), capped at 1; 1 when there are none. Summed in log space, so n can be large.
     */
    public static double mcnemarExact(int b, int c) {
        if (b < 0 || c < 0) throw new IllegalArgumentException("counts must not be negative: " + b + ", " + c);
        int n = b + c;
        if (n == 0) return 1;
        int k = Math.min(b, c);
        double logTerm = -n * Math.log(2); // log(C(n, 0) / 2^n)
        double sum = Math.exp(logTerm);
        for (int i = 1; i <= k; i++) {
            logTerm += Math.log((double) (n - i + 1) / i);
            sum += Math.exp(logTerm);
        }
        return Math.min(1, 2 * sum);
    }
}
