package dev.quill.train.data;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The clean target sentences: candidates from each source in turn, kept when the
 * {@link SentenceFilter} accepts them and no earlier candidate had the same {@link Text#key}
 * (so a sentence belongs to the first source that has it). Counts what happened per source.
 */
public final class SentencePool {

    /** A kept sentence and the source it came from. */
    public record Sentence(String text, String origin) {}

    /** What happened to one source's candidates. */
    public static final class SourceStats {
        public int candidates;
        public int kept;
        public int duplicates;
        public int removed;
        public final Map<SentenceFilter.Verdict, Integer> rejected = new EnumMap<>(SentenceFilter.Verdict.class);
    }

    private final SentenceFilter filter;
    private final List<Sentence> sentences = new ArrayList<>();
    private final Set<String> keys = new HashSet<>();
    private final Map<String, SourceStats> stats = new LinkedHashMap<>();

    public SentencePool(SentenceFilter filter) {
        this.filter = filter;
    }

    /** Filters and adds one source's candidates (already {@link Text#clean cleaned}). */
    public void add(String origin, List<String> candidates) {
        SourceStats s = stats.computeIfAbsent(origin, k -> new SourceStats());
        for (String c : candidates) {
            s.candidates++;
            SentenceFilter.Verdict v = filter.check(c);
            if (v != SentenceFilter.Verdict.KEEP) {
                s.rejected.merge(v, 1, Integer::sum);
            } else if (!keys.add(Text.key(c))) {
                s.duplicates++;
            } else {
                s.kept++;
                sentences.add(new Sentence(c, origin));
            }
        }
    }

    /** Drops every sentence {@code exclude} accepts (counted per source as removed); returns how many. */
    public int removeIf(Predicate<String> exclude) {
        int before = sentences.size();
        sentences.removeIf(s -> {
            if (!exclude.test(s.text())) return false;
            stats.get(s.origin()).removed++;
            stats.get(s.origin()).kept--;
            keys.remove(Text.key(s.text()));
            return true;
        });
        return before - sentences.size();
    }

    public List<Sentence> sentences() {
        return sentences;
    }

    public Map<String, SourceStats> stats() {
        return stats;
    }
}
