package dev.quill.bench;

import dev.quill.retrieval.MarkedSentence;
import dev.quill.retrieval.RuleCard;
import dev.quill.retrieval.RuleCards;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The bundled rule cards scaled up to a larger knowledge base for latency benchmarks: the
 * originals, then perturbed copies until there are {@code n}. A copy gets a new id, its title's
 * words and its explanation's sentences shuffled, one explanation word dropped and its examples
 * in another order, so BM25 postings and vectors differ from the original's. Seeded.
 */
final class BenchCards {

    private BenchCards() {}

    static RuleCards scaled(RuleCards cards, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<RuleCard> out = new ArrayList<>(cards.all());
        for (int copy = 1; out.size() < n; copy++) {
            for (RuleCard c : cards.all()) {
                if (out.size() >= n) break;
                out.add(perturbed(c, c.id() + "-copy-" + copy, random));
            }
        }
        return RuleCards.of(out, Map.of());
    }

    private static RuleCard perturbed(RuleCard c, String id, SplittableRandom random) {
        List<String> title = new ArrayList<>(Arrays.asList(c.title().split(" ")));
        Collections.shuffle(title, new java.util.Random(random.nextLong()));
        List<String> sentences = new ArrayList<>(Arrays.asList(c.explanation().split("(?<=[.!?])\\s+")));
        Collections.shuffle(sentences, new java.util.Random(random.nextLong()));
        List<String> words = new ArrayList<>(Arrays.asList(String.join(" ", sentences).split(" ")));
        if (words.size() > 3) words.remove(random.nextInt(words.size()));
        List<MarkedSentence> examples = new ArrayList<>(c.examples());
        Collections.shuffle(examples, new java.util.Random(random.nextLong()));
        return new RuleCard(id, String.join(" ", title), c.types(), String.join(" ", words), examples);
    }
}
