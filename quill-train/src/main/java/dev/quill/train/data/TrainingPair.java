package dev.quill.train.data;

import dev.quill.grammar.edits.ErrorType;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One line of a pairs file: the learner's sentence, its correction, one error type and one fine
 * label per error (both empty when the sentence is already correct), and where the target came
 * from ({@code ding}, {@code wordnet}, {@code lt:A_NNS}, ...).
 */
public record TrainingPair(String source, String target, List<ErrorType> types, List<String> labels, String origin) {

    /** The header line of every pairs file. */
    public static final String TSV_HEADER = "source\ttarget\ttypes\tlabels\torigin";

    public TrainingPair {
        types = List.copyOf(types);
        labels = List.copyOf(labels);
        for (String field : List.of(source, target, origin)) {
            if (field.indexOf('\t') >= 0 || field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("a pair field contains a tab or line break: " + field);
            }
        }
    }

    public static TrainingPair identity(String sentence, String origin) {
        return new TrainingPair(sentence, sentence, List.of(), List.of(), origin);
    }

    public boolean isIdentity() {
        return source.equals(target);
    }

    /** source, target, types (comma-separated), labels (comma-separated), origin; tab-separated. */
    public String toTsv() {
        return source + "\t" + target + "\t" + types.stream().map(Enum::name).collect(Collectors.joining(","))
                + "\t" + String.join(",", labels) + "\t" + origin;
    }

    /** Parses a line written by {@link #toTsv}. */
    public static TrainingPair fromTsv(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 5) throw new IllegalArgumentException("expected 5 tab-separated fields, got " + f.length + ": " + line);
        List<ErrorType> types = f[2].isEmpty() ? List.of()
                : java.util.Arrays.stream(f[2].split(",")).map(ErrorType::valueOf).toList();
        List<String> labels = f[3].isEmpty() ? List.of() : List.of(f[3].split(","));
        return new TrainingPair(f[0], f[1], types, labels, f[4]);
    }
}
