package dev.quill.train.eval;

import dev.quill.grammar.edits.Edit;
import dev.quill.grammar.edits.EditExtractor;
import dev.quill.grammar.edits.ErrorType;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Edit-level precision and recall, ERRANT-style: the system's edits and the gold edits are both
 * extracted from the source ({@code EditExtractor} on (source, hypothesis) and on (source, gold)),
 * and an edit is correct when the gold has one over the same span with the same replacement.
 *
 * <p>Spans are compared without the whitespace an edit carries for exactness ("very " and
 * " very" delete the same word; an insertion "to " and " to" around one space insert the same
 * word at the same place). A correct edit counts for its type; a false positive for the system
 * edit's type; a false negative for the gold edit's type.
 *
 * <p>Not thread-safe; one per evaluation.
 */
public final class EditScorer {
    private final EditExtractor extractor;
    private final Map<ErrorType, long[]> counts = new EnumMap<>(ErrorType.class);

    public EditScorer(EditExtractor extractor) {
        this.extractor = extractor;
    }

    /** Scores one sentence. */
    public void add(String source, String hypothesis, String gold) {
        Map<Key, ErrorType> goldEdits = keyed(source, extractor.extract(source, gold));
        Map<Key, ErrorType> hypEdits = keyed(source, extractor.extract(source, hypothesis));
        for (Map.Entry<Key, ErrorType> e : hypEdits.entrySet()) {
            count(e.getValue())[goldEdits.containsKey(e.getKey()) ? 0 : 1]++;
        }
        for (Map.Entry<Key, ErrorType> e : goldEdits.entrySet()) {
            if (!hypEdits.containsKey(e.getKey())) count(e.getValue())[2]++;
        }
    }

    /** Counts for every type that occurred, in {@link ErrorType} order. */
    public Map<ErrorType, EditCounts> byType() {
        Map<ErrorType, EditCounts> out = new EnumMap<>(ErrorType.class);
        counts.forEach((t, c) -> out.put(t, new EditCounts(c[0], c[1], c[2])));
        return out;
    }

    public EditCounts overall() {
        EditCounts sum = EditCounts.ZERO;
        for (EditCounts c : byType().values()) sum = sum.plus(c);
        return sum;
    }

    private long[] count(ErrorType type) {
        return counts.computeIfAbsent(type, t -> new long[3]);
    }

    /** An edit as compared: its span and replacement with the surrounding whitespace taken off. */
    private record Key(int start, int end, String to) {}

    private static Map<Key, ErrorType> keyed(String source, List<Edit> edits) {
        Map<Key, ErrorType> out = new HashMap<>();
        for (Edit e : edits) out.putIfAbsent(key(source, e), e.type());
        return out;
    }

    static Key key(String source, Edit e) {
        int start = e.start();
        int end = e.end();
        while (start < end && Character.isWhitespace(source.charAt(start))) start++;
        while (end > start && Character.isWhitespace(source.charAt(end - 1))) end--;
        if (start == end) {
            // an insertion (or a change of spacing alone) sits before the next token
            while (start < source.length() && Character.isWhitespace(source.charAt(start))) start++;
            end = start;
        }
        return new Key(start, end, e.to().strip());
    }
}
