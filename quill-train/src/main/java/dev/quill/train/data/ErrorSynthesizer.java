package dev.quill.train.data;

import dev.quill.grammar.edits.ErrorType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns a clean sentence into a learner's version of it: one to three realistic errors, each
 * labelled with its {@link ErrorType} and a fine label ({@code VERB_FORM:overregularized}).
 *
 * <p>The family of each error is drawn by weight among the families that have a place in the
 * sentence. The target mix is roughly that of learner corpora as the survey cites it (articles
 * 20%, prepositions 15%, verbs 20%, noun number 10%, confusions 10%, spelling 15%,
 * order/missing/extra/casing 10%). Because a misspelling fits almost any sentence and a noun
 * number error only a few, drawing with the target shares directly would over-produce the
 * always-possible families; {@link #calibrated} fits the weights on a sample of sentences so that
 * the errors made come out in the target mix. Later errors never touch a word an earlier one changed.
 * The result is rejected when it equals the original or another clean sentence (then it would be
 * a correct sentence labelled as an error).
 *
 * <p>Deterministic: the same sentence and the same {@link Random} state give the same result.
 * Thread-safe.
 */
public final class ErrorSynthesizer {

    /** A corrupted sentence and one label per error, in the order they were made. */
    public record Corruption(String source, List<String> labels) {
        /** The error types, one per label ("DET", "SVA", ...). */
        public List<ErrorType> types() {
            List<ErrorType> out = new ArrayList<>();
            for (String label : labels) out.add(ErrorType.valueOf(label.substring(0, label.indexOf(':'))));
            return out;
        }
    }

    private record Weighted(ErrorFamily family, double weight) {}

    private final Lexicon lex;
    private final List<Weighted> families;

    /** A synthesizer that draws families with the target shares themselves (see {@link #calibrated}). */
    public ErrorSynthesizer(Lexicon lex) {
        this(lex, List.of(
                new Weighted(new ArticleErrors(lex), 20),
                new Weighted(new PrepositionErrors(lex), 15),
                new Weighted(new VerbFormErrors(lex), 10),
                new Weighted(new AgreementErrors(lex), 10),
                new Weighted(new NounNumberErrors(lex), 10),
                new Weighted(new ConfusionErrors(lex), 10),
                new Weighted(new MisspellingErrors(lex), 15),
                new Weighted(new WordOrderErrors(lex), 2.5),
                new Weighted(new MissingWordErrors(lex), 2.5),
                new Weighted(new ExtraWordErrors(lex), 2.5),
                new Weighted(new CasingErrors(lex), 2.5)));
    }

    private ErrorSynthesizer(Lexicon lex, List<Weighted> families) {
        this.lex = lex;
        this.families = families;
    }

    /** The drawing weight of each family, by class name, as shares summing to 1. */
    public Map<String, Double> familyWeights() {
        double total = 0;
        for (Weighted w : families) total += w.weight;
        Map<String, Double> out = new LinkedHashMap<>();
        for (Weighted w : families) out.put(w.family.getClass().getSimpleName(), Math.round(w.weight / total * 1e4) / 1e4);
        return out;
    }

    /** Largest factor by which calibration may raise a family's weight over its target share. */
    private static final double MAX_BOOST = 20;

    /** Rounds of corrupting the sample and correcting the weights, after the first fit. */
    private static final int SIMULATION_ROUNDS = 4;

    /**
     * A synthesizer whose family weights are fitted so that, over {@code sample}, the errors made
     * come from each family in this synthesizer's target shares. First iterative proportional
     * fitting of the weights against which families can apply to which sentences (that fits the
     * first error of each sentence), then a few rounds of corrupting the sample for real and
     * scaling each weight by its target over its realised share (that accounts for the second and
     * third errors, which find fewer places free). A family that fits too few sentences to reach
     * its share gets at most {@value #MAX_BOOST} times its share as weight. Deterministic.
     */
    public ErrorSynthesizer calibrated(List<String> sample) {
        ErrorSynthesizer fitted = fitToApplicability(sample);
        double[] target = fitted.shares(families);
        for (int round = 0; round < SIMULATION_ROUNDS; round++) {
            int[] made = new int[families.size()];
            Random random = new Random(0x5EED_CA1BL + round);
            for (String s : sample) fitted.corruptCounting(s, random, errorCount(random), made);
            double total = 0;
            for (int n : made) total += n;
            if (total == 0) break;
            List<Weighted> next = new ArrayList<>();
            double[] current = fitted.shares(fitted.families);
            for (int k = 0; k < families.size(); k++) {
                double realized = made[k] / total;
                double w = current[k];
                // Damped (square root) so that families sharing sentences do not oscillate.
                if (realized > 0) w *= Math.sqrt(target[k] / realized);
                next.add(new Weighted(families.get(k).family, Math.min(w, target[k] * MAX_BOOST)));
            }
            fitted = new ErrorSynthesizer(lex, List.copyOf(next));
        }
        return fitted;
    }

    /** The weights of {@code list} as shares summing to 1. */
    private double[] shares(List<Weighted> list) {
        double[] out = new double[list.size()];
        double sum = 0;
        for (Weighted w : list) sum += w.weight;
        for (int k = 0; k < out.length; k++) out[k] = list.get(k).weight / sum;
        return out;
    }

    /** Fits weights so that each family's expected share of first errors over {@code sample} is its target share. */
    private ErrorSynthesizer fitToApplicability(List<String> sample) {
        int f = families.size();
        double[] target = new double[f];
        double sum = 0;
        for (int k = 0; k < f; k++) sum += families.get(k).weight;
        for (int k = 0; k < f; k++) target[k] = families.get(k).weight / sum;
        List<boolean[]> applicable = new ArrayList<>();
        for (String s : sample) {
            boolean[] a = new boolean[f];
            boolean any = false;
            for (int k = 0; k < f; k++) {
                a[k] = families.get(k).family.canApply(new Draft(s, lex));
                any |= a[k];
            }
            if (any) applicable.add(a);
        }
        double[] w = target.clone();
        for (int iteration = 0; iteration < 200 && !applicable.isEmpty(); iteration++) {
            double[] realized = new double[f];
            for (boolean[] a : applicable) {
                double denominator = 0;
                for (int k = 0; k < f; k++) if (a[k]) denominator += w[k];
                for (int k = 0; k < f; k++) if (a[k]) realized[k] += w[k] / denominator;
            }
            double total = 0;
            for (int k = 0; k < f; k++) {
                realized[k] /= applicable.size();
                if (realized[k] > 0) w[k] *= target[k] / realized[k];
                w[k] = Math.min(w[k], target[k] * MAX_BOOST);
                total += w[k];
            }
            for (int k = 0; k < f; k++) w[k] /= total;
        }
        List<Weighted> fitted = new ArrayList<>();
        for (int k = 0; k < f; k++) fitted.add(new Weighted(families.get(k).family, w[k]));
        return new ErrorSynthesizer(lex, List.copyOf(fitted));
    }

    /** How many errors a corrupted sentence gets: 1 (60%), 2 (30%) or 3 (10%). */
    static int errorCount(Random random) {
        double x = random.nextDouble();
        return x < 0.6 ? 1 : x < 0.9 ? 2 : 3;
    }

    /**
     * A corrupted version of {@code sentence} with {@link #errorCount} errors (fewer if the
     * sentence has no place for more), or empty when none could be made.
     *
     * @param isCleanSentence whether a string is one of the clean sentences (a result equal to one is rejected)
     */
    public Optional<Corruption> corrupt(String sentence, Random random, Predicate<String> isCleanSentence) {
        return corrupt(sentence, random, isCleanSentence, errorCount(random));
    }

    /** As {@link #corrupt(String, Random, Predicate)} with a given number of errors. */
    public Optional<Corruption> corrupt(String sentence, Random random, Predicate<String> isCleanSentence, int errors) {
        Draft draft = new Draft(sentence, lex);
        if (!draft.render().equals(sentence)) return Optional.empty(); // irregular spacing: cannot edit faithfully
        List<String> labels = new ArrayList<>();
        for (int k = 0; k < errors; k++) {
            String label = addOne(draft, random);
            if (label == null) break;
            labels.add(label);
        }
        if (labels.isEmpty()) return Optional.empty();
        String source = draft.render();
        if (source.equals(sentence) || isCleanSentence.test(source)) return Optional.empty();
        return Optional.of(new Corruption(source, List.copyOf(labels)));
    }

    /** As {@link #corrupt(String, Random, Predicate, int)} with errors from one family only (for tests and samples). */
    Optional<Corruption> corruptWith(Class<? extends ErrorFamily> familyClass, String sentence, Random random) {
        Draft draft = new Draft(sentence, lex);
        for (Weighted w : families) {
            if (!familyClass.isInstance(w.family)) continue;
            String label = w.family.apply(draft, random);
            if (label == null) return Optional.empty();
            String source = draft.render();
            return source.equals(sentence) ? Optional.empty() : Optional.of(new Corruption(source, List.of(label)));
        }
        throw new IllegalArgumentException("no family " + familyClass.getSimpleName());
    }

    /**
     * Up to {@code count} different corrupted versions of {@code sentence} (fewer when the
     * sentence offers fewer; a few extra attempts are made to replace duplicates and failures).
     */
    public List<Corruption> variants(String sentence, int count, Random random, Predicate<String> isCleanSentence) {
        List<Corruption> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int attempt = 0; attempt < count * 2 && out.size() < count; attempt++) {
            corrupt(sentence, random, isCleanSentence).ifPresent(c -> {
                if (seen.add(c.source())) out.add(c);
            });
        }
        return out;
    }

    /** Corrupts {@code sentence} with up to {@code errors} errors, counting the errors made per family. */
    private void corruptCounting(String sentence, Random random, int errors, int[] madePerFamily) {
        Draft draft = new Draft(sentence, lex);
        for (int k = 0; k < errors; k++) {
            int before = sum(madePerFamily);
            addOne(draft, random, madePerFamily);
            if (sum(madePerFamily) == before) break;
        }
    }

    private static int sum(int[] counts) {
        int s = 0;
        for (int c : counts) s += c;
        return s;
    }

    private String addOne(Draft draft, Random random) {
        return addOne(draft, random, null);
    }

    /** Adds one error from a family drawn by weight among those that still find a place; counts it if asked. */
    private String addOne(Draft draft, Random random, int[] madePerFamily) {
        List<Weighted> left = new ArrayList<>(families);
        while (!left.isEmpty()) {
            double total = 0;
            for (Weighted w : left) total += w.weight;
            double x = random.nextDouble() * total;
            int chosen = left.size() - 1;
            for (int i = 0; i < left.size(); i++) {
                x -= left.get(i).weight;
                if (x < 0) {
                    chosen = i;
                    break;
                }
            }
            String label = left.get(chosen).family.apply(draft, random);
            if (label != null) {
                if (madePerFamily != null) madePerFamily[families.indexOf(left.get(chosen))]++;
                return label;
            }
            left.remove(chosen);
        }
        return null;
    }
}
