package dev.quill.train.data;

import dev.quill.grammar.edits.ErrorType;
import java.util.List;
import java.util.Random;

/** One family of learner errors of one {@link ErrorType}: articles, prepositions, misspellings, ... */
interface ErrorFamily {

    ErrorType type();

    /**
     * Puts one error into {@code d}, editing only untouched tokens, and returns its label
     * ({@code "DET:drop-a"}: the type and a fine label), or null when the sentence has no place for one.
     */
    String apply(Draft d, Random random);

    /** Whether {@link #apply} would find a place for an error in {@code d} (leaves {@code d} unchanged). */
    boolean canApply(Draft d);

    static <T> T pick(List<T> options, Random random) {
        return options.get(random.nextInt(options.size()));
    }
}
