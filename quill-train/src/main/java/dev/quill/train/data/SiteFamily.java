package dev.quill.train.data;

import dev.quill.grammar.edits.ErrorType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * An error family that lists every place in a draft where it could put an error, each under a
 * fine label with a weight; {@link #apply} draws a label by weight, then one of its places
 * uniformly, and makes the edit. Weighting labels rather than places keeps a rare kind of error
 * (a question's word order) from being drowned by a frequent one (any adjacent pair).
 */
abstract class SiteFamily implements ErrorFamily {

    private final ErrorType type;
    final Lexicon lex;

    SiteFamily(ErrorType type, Lexicon lex) {
        this.type = type;
        this.lex = lex;
    }

    @Override
    public ErrorType type() {
        return type;
    }

    /** Adds every place this family could put an error in {@code d}. Only untouched tokens may be edited. */
    abstract void findSites(Draft d, Sites sites);

    @Override
    public boolean canApply(Draft d) {
        Sites sites = new Sites();
        findSites(d, sites);
        return !sites.groups.isEmpty();
    }

    @Override
    public String apply(Draft d, Random random) {
        Sites sites = new Sites();
        findSites(d, sites);
        String label = sites.applyOne(random);
        return label == null ? null : type.name() + ":" + label;
    }

    static <T> T pick(List<T> options, Random random) {
        return ErrorFamily.pick(options, random);
    }

    /** The candidate edits of one draft, grouped by fine label. */
    static final class Sites {
        private record Group(double weight, List<Consumer<Random>> edits) {}

        private final Map<String, Group> groups = new LinkedHashMap<>();

        /** One place for an error labelled {@code label}; the first site added fixes the label's weight. */
        void add(String label, double weight, Consumer<Random> edit) {
            groups.computeIfAbsent(label, k -> new Group(weight, new ArrayList<>())).edits.add(edit);
        }

        /** Draws a label by weight and one of its sites uniformly, applies it and returns the label (null if none). */
        String applyOne(Random random) {
            if (groups.isEmpty()) return null;
            double total = 0;
            for (Group g : groups.values()) total += g.weight;
            double x = random.nextDouble() * total;
            Map.Entry<String, Group> chosen = null;
            for (var e : groups.entrySet()) {
                chosen = e;
                x -= e.getValue().weight;
                if (x < 0) break;
            }
            List<Consumer<Random>> edits = chosen.getValue().edits;
            edits.get(random.nextInt(edits.size())).accept(random);
            return chosen.getKey();
        }
    }
}
