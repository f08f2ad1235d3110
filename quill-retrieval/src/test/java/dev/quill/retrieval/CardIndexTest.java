package dev.quill.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quill.grammar.edits.Edit;
import dev.quill.grammar.edits.ErrorType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BM25 on a real Lucene index, without the encoder (vectors are placeholders here). */
class CardIndexTest {

    private static List<String> bm25Ids(RuleRetriever retriever, RetrievalQuery q, int k) {
        return retriever.search(q, k, RuleRetriever.Mode.BM25).stream().map(s -> s.card().id()).toList();
    }

    @Test
    void bm25FindsTheAAnCardForIAteAApple() {
        RuleRetriever r = SharedRetriever.get();
        Edit edit = new Edit(6, 7, "a", "an", ErrorType.DET, "");
        assertThat(bm25Ids(r, RetrievalQuery.forEdit("I ate a apple", edit), 1)).containsExactly("det-a-an-vowel-sound");
        assertThat(bm25Ids(r, RetrievalQuery.ofText("I ate a apple, should it be an apple?"), 5)).contains("det-a-an-vowel-sound");
    }

    @Test
    void analyzerKeepsTheWordsGrammarIsAbout() {
        RuleCards cards = RuleCards.bundled();
        float[] v = new float[4];
        v[0] = 1;
        try (CardIndex index = new CardIndex(cards.all().subList(0, 3), List.of(v, v, v))) {
            assertThat(index.terms("It's an apple, and they're at the bus stop in Goes."))
                    .containsExactly("it's", "an", "apple", "and", "they're", "at", "the", "bus", "stop", "in", "goes");
        }
    }

    @Test
    void denseSearchReturnsTheNearestVectorFirst() {
        RuleCards cards = RuleCards.bundled();
        List<float[]> vectors = List.of(new float[] {1, 0}, new float[] {0, 1}, new float[] {-1, 0});
        try (CardIndex index = new CardIndex(cards.all().subList(0, 3), vectors)) {
            List<CardIndex.Hit> hits = index.dense(new float[] {0.6f, 0.8f}, 3);
            assertThat(hits).extracting(CardIndex.Hit::card).containsExactly(1, 0, 2);
        }
    }
}
