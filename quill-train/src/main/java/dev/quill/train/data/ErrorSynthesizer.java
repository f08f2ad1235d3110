package dev.quill.train.data;

import dev.quill.grammar.edits.ErrorType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns a clean sentence into a learner's version of it: one to three realistic errors, each
 * labelled with its {@link ErrorType} and a fine label ({@code VERB_FORM:overregularized}).
 *
 * <p>The family of each error is drawn with the weights below (roughly the mix of learner
 * corpora the survey cites: articles 20%, prepositions 15%, verbs 20%, noun number 10%,
 * confusions 10%, spelling 15%, order/missing/extra/casing 10%); a family with no place in the
 * sentence is skipped and another drawn. Later errors never touch a word an earlier one changed.
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

    public ErrorSynthesizer(Lexicon lex) {
        this.lex = lex;
        families = List.of(
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
                new Weighted(new CasingErrors(lex), 2.5));
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

    private String addOne(Draft draft, Random random) {
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
            if (label != null) return label;
            left.remove(chosen);
        }
        return null;
    }
}
