package dev.quill.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quill.grammar.edits.Edit;
import dev.quill.grammar.edits.ErrorType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleRetrieverTest {

    private final RuleRetriever retriever = SharedRetriever.get();

    private static List<String> ids(List<ScoredCard> cards) {
        return cards.stream().map(s -> s.card().id()).toList();
    }

    /** An edit of {@code from} (its first occurrence) into {@code to}. */
    private static Edit edit(String sentence, String from, String to, ErrorType type) {
        int start = sentence.indexOf(from);
        return new Edit(start, start + from.length(), from, to, type, "");
    }

    @Test
    void hybridFindsTheRuleForConcreteLearnerErrors() {
        record Case(String sentence, String from, String to, ErrorType type, String card) {}
        List<Case> cases = List.of(
                new Case("Yesterday I goed to the store", "goed", "went", ErrorType.VERB_FORM, "verb-irregular-past-simple"),
                new Case("My sister go to work by train", "go", "goes", ErrorType.SVA, "sva-third-person-s"),
                new Case("We waited for a hour", "a", "an", ErrorType.DET, "det-a-an-vowel-sound"),
                new Case("I will meet you at Friday", "at", "on", ErrorType.PREP, "prep-time-in-on-at"),
                new Case("She gave me three informations", "informations", "information", ErrorType.NOUN_NUM, "noun-uncountable-no-plural"),
                new Case("He is more taller than me", "more taller", "taller", ErrorType.UNNECESSARY, "unnecessary-double-comparative"),
                new Case("I think their coming later", "their", "they're", ErrorType.SPELL, "spell-their-there-theyre"));
        for (Case c : cases) {
            List<ScoredCard> top = retriever.forEdit(c.sentence(), edit(c.sentence(), c.from(), c.to(), c.type()));
            assertThat(ids(top)).as("%s", c.sentence()).hasSize(5).contains(c.card());
        }
    }

    @Test
    void cardsOfTheEditsTypeComeFirst() {
        // the sentence's words match other cards ("interested in" is a preposition pattern); the
        // edit is a spelling fix, so its explanation is a spelling card
        String sentence = "Students are intwerested in siences.";
        List<ScoredCard> top = retriever.forEdit(sentence, edit(sentence, "intwerested", "interested", ErrorType.SPELL));
        assertThat(top).hasSize(5).allSatisfy(c -> assertThat(c.card().types()).contains(ErrorType.SPELL));
        // the same words typed as a preposition edit rank preposition cards first
        List<ScoredCard> prep = retriever.forEdit(sentence, edit(sentence, "in", "on", ErrorType.PREP));
        assertThat(prep.getFirst().card().types()).contains(ErrorType.PREP);
    }

    @Test
    void freeTextQuestionsFindTheirCard() {
        assertThat(ids(retriever.search("Should I write a apple or an apple?"))).contains("det-a-an-vowel-sound");
        assertThat(ids(retriever.search("difference between since and for"))).contains("prep-since-for");
    }

    @Test
    void everyCardExampleRetrievesItsCardInTheTopFive() {
        List<String> misses = new ArrayList<>();
        int asked = 0;
        for (RuleCard card : retriever.cards().all()) {
            for (MarkedSentence example : card.examples()) {
                RetrievalQuery q = LabelledQueries.query(example, card);
                asked++;
                if (!ids(retriever.search(q, 5, RuleRetriever.Mode.HYBRID)).contains(card.id())) misses.add(card.id() + ": " + example.marked());
            }
        }
        assertThat(misses).as("examples whose card is not in the top 5 (of %d)", asked).isEmpty();
    }

    /**
     * Issue 6's acceptance, at the default seed: over the held-out probes and the learner
     * questions, hybrid recall@5 is at least 0.9 and above BM25's and dense's. The settings were
     * chosen on the dev probes; this pins that the choice still holds on the held-out queries.
     */
    @Test
    void hybridBeatsBothRetrieversOnRecallAt5OverTheHeldOutQueries() {
        List<LabelledQuery> heldOut = new ArrayList<>(LabelledQueries.probes(retriever.cards(), LabelledQueries.ProbeSplit.TEST));
        heldOut.addAll(LabelledQueries.learnerQuestions());
        double hybrid = RetrievalEvaluation.evaluate(retriever, heldOut, RuleRetriever.Mode.HYBRID).recallAt5();
        double bm25 = RetrievalEvaluation.evaluate(retriever, heldOut, RuleRetriever.Mode.BM25).recallAt5();
        double dense = RetrievalEvaluation.evaluate(retriever, heldOut, RuleRetriever.Mode.DENSE).recallAt5();
        assertThat(hybrid).isGreaterThanOrEqualTo(0.9).isGreaterThan(bm25).isGreaterThan(dense);
    }

    @Test
    void topKIsConfigurableAndResultsComeBestFirst() {
        List<ScoredCard> three = retriever.search("a or an", 3);
        assertThat(three).hasSize(3);
        assertThat(three).extracting(ScoredCard::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(retriever.search("a or an")).hasSize(retriever.settings().topK()).hasSize(5);
        assertThatThrownBy(() -> retriever.search("a or an", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hybridReportsEachRetrieversRank() {
        ScoredCard first = retriever.forEdit("I ate a apple", new Edit(6, 7, "a", "an", ErrorType.DET, "")).getFirst();
        assertThat(first.card().id()).isEqualTo("det-a-an-vowel-sound");
        assertThat(first.bm25Rank()).isBetween(1, retriever.settings().candidates());
        assertThat(first.denseRank()).isBetween(1, retriever.settings().candidates());
    }

    @Test
    void repeatedQueryHitsTheEmbeddingCache() {
        RuleRetriever fresh = retriever.withSettings(retriever.settings());
        assertThat(fresh.cache().hitRatio()).isZero();
        fresh.search("is it in Monday or on Monday?");
        assertThat(fresh.cache().stats().misses()).isEqualTo(1);
        assertThat(fresh.cache().stats().hits()).isZero();
        fresh.search("is it in Monday or on Monday?");
        fresh.search("is it in Monday or on Monday?");
        EmbeddingCache.Stats stats = fresh.cache().stats();
        assertThat(stats.hits()).isEqualTo(2);
        assertThat(stats.misses()).isEqualTo(1);
        assertThat(stats.hitRatio()).isCloseTo(2.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void byIdServesTheRulesEndpoint() {
        assertThat(retriever.byId("sva-third-person-s").orElseThrow().types()).contains(ErrorType.SVA);
        assertThat(retriever.byId("nope")).isEmpty();
    }
}
