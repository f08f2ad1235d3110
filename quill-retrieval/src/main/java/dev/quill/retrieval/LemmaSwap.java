package dev.quill.retrieval;

import dev.quill.grammar.Morphology;
import dev.quill.grammar.edits.Edit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * More training queries from the ones written by hand: where an edit changes one word into
 * another form of the same word (go -> goes, book -> books, learn -> learning), the same change
 * is made to other words of that part of speech, in the same sentence ("It [take->takes] ten
 * minutes" gives "It [make->makes] ten minutes"). The rule the query breaks stays the same; only
 * the word changes, which teaches the encoder to look at the change and its context rather than
 * at the word. Forms come from LanguageTool's dictionary ({@link Morphology}); substitutes are
 * drawn, with a fixed seed, from the verbs and nouns of the cards themselves.
 */
final class LemmaSwap {

    private static final java.util.Set<String> AUXILIARIES = java.util.Set.of("be", "have", "do");

    private final Morphology morphology;
    private final List<String> verbs;
    private final List<String> nouns;

    LemmaSwap(Morphology morphology, RuleCards cards) {
        this.morphology = morphology;
        TreeSet<String> v = new TreeSet<>();
        TreeSet<String> n = new TreeSet<>();
        for (RuleCard c : cards.all()) {
            for (String word : c.searchText().split("[^A-Za-z]+")) {
                if (word.length() < 3 || !word.equals(word.toLowerCase(Locale.ROOT))) continue;
                v.addAll(morphology.lemmas(word, "VB"));
                n.addAll(morphology.lemmas(word, "NN"));
            }
        }
        this.verbs = List.copyOf(v);
        this.nouns = List.copyOf(n);
    }

    /** Up to {@code count} variants of the query, one substitute word each; none when no edit is a one-word inflection. */
    List<RetrievalQuery> variants(RetrievalQuery query, int count, SplittableRandom random) {
        List<RetrievalQuery> out = new ArrayList<>();
        if (query.edits().size() != 1) return out;
        Edit edit = query.edits().getFirst();
        String from = edit.from().strip();
        String to = edit.to().strip();
        if (from.isEmpty() || to.isEmpty() || from.contains(" ") || to.contains(" ")) return out;
        if (isAuxiliary(from) || isAuxiliary(to)) return out;
        for (Morphology.Reading a : morphology.analyze(from)) {
            for (Morphology.Reading b : morphology.analyze(to)) {
                if (!a.lemma().equals(b.lemma()) || a.tag().equals(b.tag())) continue;
                String pos = a.tag().substring(0, 2);
                if (!pos.equals(b.tag().substring(0, 2)) || !(pos.equals("VB") || pos.equals("NN"))) continue;
                List<String> pool = pos.equals("VB") ? verbs : nouns;
                for (int attempt = 0; attempt < 4 * count && out.size() < count && !pool.isEmpty(); attempt++) {
                    String lemma = pool.get(random.nextInt(pool.size()));
                    if (lemma.equals(a.lemma())) continue;
                    List<String> f = morphology.synthesize(lemma, a.tag());
                    List<String> t = morphology.synthesize(lemma, b.tag());
                    if (f.isEmpty() || t.isEmpty() || f.getFirst().equals(t.getFirst())) continue;
                    out.add(swap(query.text(), edit, sameCase(from, f.getFirst()), sameCase(to, t.getFirst())));
                }
                return out;
            }
        }
        return out;
    }

    /** Forms of be, have and do: their rules are about those verbs, so another verb would not keep the rule. */
    private boolean isAuxiliary(String word) {
        for (Morphology.Reading r : morphology.analyze(word)) {
            if (AUXILIARIES.contains(r.lemma())) return true;
        }
        return false;
    }

    private static RetrievalQuery swap(String sentence, Edit edit, String from, String to) {
        int start = edit.start();
        int end = edit.end();
        if (start < 0 || end > sentence.length() || !sentence.substring(start, end).equals(edit.from())) {
            start = sentence.indexOf(edit.from());
            end = start + edit.from().length();
        }
        String text = sentence.substring(0, start) + from + sentence.substring(end);
        return RetrievalQuery.forEdit(text, new Edit(start, start + from.length(), from, to, edit.type(), ""));
    }

    private static String sameCase(String model, String word) {
        return Character.isUpperCase(model.charAt(0)) ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word;
    }
}
