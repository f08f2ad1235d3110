package dev.quill.retrieval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import dev.quill.grammar.Morphology;

/**
 * The labelled queries, made deterministically from the cards: no randomness, so the same card
 * file always gives the same training, dev and test sets.
 *
 * <p>Each card has four probes. Probes 0 and 1 train the encoder, probe 2 is the dev set (fusion
 * and encoder settings are tuned on it) and probe 3 is the test set; the dev and test probes are
 * never indexed and never trained on. Training also uses each card's examples and its title and
 * explanation sentences asked as questions (they are in the index anyway).
 */
public final class LabelledQueries {

    public static final String LEARNER_QUESTIONS = "learner-questions.tsv";

    /** Which probe positions make up each split. */
    public enum ProbeSplit {
        TRAIN(0, 1), DEV(2), TEST(3);

        private final int[] positions;

        ProbeSplit(int... positions) {
            this.positions = positions;
        }
    }

    private LabelledQueries() {}

    /** Probes of the split as queries: the wrong sentence with its marked edits, typed with the card's main type. */
    public static List<LabelledQuery> probes(RuleCards cards, ProbeSplit split) {
        List<LabelledQuery> out = new ArrayList<>();
        for (RuleCard card : cards.all()) {
            List<MarkedSentence> probes = cards.probes(card.id());
            for (int p : split.positions) {
                if (p < probes.size()) out.add(new LabelledQuery(query(probes.get(p), card), card.id(), LabelledQuery.Source.PROBE));
            }
        }
        return out;
    }

    /** Variants made per one-word inflection edit by {@link LemmaSwap}. */
    public static final int LEMMA_SWAPS = 3;
    /** Seed of the substitute words. */
    private static final long SWAP_SEED = 7;

    /**
     * Everything the encoder trains on: the training probes and the examples (each with up to
     * {@value #LEMMA_SWAPS} lemma-swapped variants), and the card text as questions.
     */
    public static List<LabelledQuery> training(RuleCards cards) {
        LemmaSwap swap = new LemmaSwap(Morphology.english(), cards);
        SplittableRandom random = new SplittableRandom(SWAP_SEED);
        List<LabelledQuery> out = new ArrayList<>();
        for (LabelledQuery q : probes(cards, ProbeSplit.TRAIN)) {
            out.add(q);
            for (RetrievalQuery v : swap.variants(q.query(), LEMMA_SWAPS, random)) out.add(new LabelledQuery(v, q.cardId(), LabelledQuery.Source.VARIANT));
        }
        for (RuleCard card : cards.all()) {
            for (MarkedSentence e : card.examples()) {
                RetrievalQuery q = query(e, card);
                out.add(new LabelledQuery(q, card.id(), LabelledQuery.Source.EXAMPLE));
                for (RetrievalQuery v : swap.variants(q, LEMMA_SWAPS, random)) out.add(new LabelledQuery(v, card.id(), LabelledQuery.Source.VARIANT));
            }
            out.add(new LabelledQuery(RetrievalQuery.ofText(card.title()), card.id(), LabelledQuery.Source.CARD_TEXT));
            for (String sentence : card.explanation().split("(?<=[.!?])\\s+")) {
                out.add(new LabelledQuery(RetrievalQuery.ofText(sentence), card.id(), LabelledQuery.Source.CARD_TEXT));
            }
        }
        return out;
    }

    /** The hand-written learner questions that ship with quill (evaluation only). */
    public static List<LabelledQuery> learnerQuestions() {
        try (InputStream in = LabelledQueries.class.getResourceAsStream(LEARNER_QUESTIONS)) {
            if (in == null) throw new IllegalStateException("missing resource " + LEARNER_QUESTIONS);
            List<LabelledQuery> out = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) continue;
                int tab = line.indexOf('\t');
                if (tab < 0) throw new IllegalArgumentException("no tab in learner question: " + line);
                out.add(new LabelledQuery(RetrievalQuery.ofText(line.substring(tab + 1)), line.substring(0, tab), LabelledQuery.Source.LEARNER_QUESTION));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RetrievalQuery query(MarkedSentence sentence, RuleCard card) {
        return new RetrievalQuery(sentence.wrong(), sentence.edits(card.mainType()));
    }
}
