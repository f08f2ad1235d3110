package dev.quill.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quill.grammar.edits.Edit;
import dev.quill.grammar.edits.ErrorType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleCardsTest {

    private final RuleCards cards = RuleCards.bundled();

    @Test
    void bundledFileHasAtLeast120CardsWithUniqueIds() {
        assertThat(cards.size()).isGreaterThanOrEqualTo(120);
        Set<String> ids = new HashSet<>();
        for (RuleCard c : cards.all()) assertThat(ids.add(c.id())).as("id %s repeats", c.id()).isTrue();
    }

    @Test
    void everyErrorTypeTheServiceEmitsHasACard() {
        assertThat(cards.uncoveredTypes()).isEmpty();
        for (ErrorType t : ErrorType.values()) assertThat(cards.covering(t)).as("cards for %s", t).isNotEmpty();
    }

    @Test
    void everyCardHasATitleAnExplanationAndMarkedExamples() {
        for (RuleCard c : cards.all()) {
            assertThat(c.title()).isNotBlank();
            assertThat(c.explanation()).isNotBlank();
            assertThat(c.examples()).as("examples of %s", c.id()).hasSizeGreaterThanOrEqualTo(2);
            for (MarkedSentence e : c.examples()) {
                assertThat(e.wrong()).as("example of %s", c.id()).isNotEqualTo(e.right());
                assertThat(e.edits(c.mainType())).isNotEmpty();
            }
            assertThat(cards.probes(c.id())).hasSize(RuleCards.PROBES_PER_CARD);
        }
    }

    @Test
    void probesAreNeverCardExamples() {
        Set<String> examples = new HashSet<>();
        for (RuleCard c : cards.all()) c.examples().forEach(e -> examples.add(e.wrong()));
        for (RuleCard c : cards.all()) {
            for (MarkedSentence p : cards.probes(c.id())) assertThat(examples).doesNotContain(p.wrong());
        }
    }

    @Test
    void byIdFindsACardAndNothingForAnUnknownId() {
        assertThat(cards.byId("det-a-an-vowel-sound")).get().extracting(RuleCard::title).asString().contains("an");
        assertThat(cards.byId("no-such-card")).isEmpty();
    }

    @Test
    void markedSentenceGivesWrongRightAndEditOffsets() {
        MarkedSentence s = new MarkedSentence("I ate [a->an] apple.");
        assertThat(s.wrong()).isEqualTo("I ate a apple.");
        assertThat(s.right()).isEqualTo("I ate an apple.");
        assertThat(s.edits(ErrorType.DET)).containsExactly(new Edit(6, 7, "a", "an", ErrorType.DET, ""));
    }

    @Test
    void insertionsAndDeletionsLeaveNoDoubleSpace() {
        MarkedSentence insert = new MarkedSentence("I have [->a] car.");
        assertThat(insert.wrong()).isEqualTo("I have car.");
        assertThat(insert.right()).isEqualTo("I have a car.");
        assertThat(insert.edits(ErrorType.DET)).containsExactly(new Edit(7, 7, "", "a", ErrorType.DET, ""));
        MarkedSentence delete = new MarkedSentence("My brother [he->] lives in Rome.");
        assertThat(delete.wrong()).isEqualTo("My brother he lives in Rome.");
        assertThat(delete.right()).isEqualTo("My brother lives in Rome.");
    }

    @Test
    void malformedCardFilesAreRejectedNamingTheCard() {
        String oneExample = """
                [{"id":"x-card","title":"T","types":["DET"],"explanation":"E","examples":["I ate [a->an] apple."],
                  "probes":["[a->b]","[a->b]","[a->b]","[a->b]"]}]""";
        assertThatThrownBy(() -> read(oneExample)).hasMessageContaining("x-card").hasMessageContaining("examples");
        String badType = oneExample.replace("DET", "ARTICLE").replace("\"examples\":[", "\"examples\":[\"[b->c]\",");
        assertThatThrownBy(() -> read(badType)).hasMessageContaining("unknown error type ARTICLE");
        String unmarked = oneExample.replace("\"examples\":[", "\"examples\":[\"no mark here\",");
        assertThatThrownBy(() -> read(unmarked)).hasMessageContaining("x-card").hasMessageContaining("no [from->to] mark");
    }

    private static RuleCards read(String json) throws Exception {
        return RuleCards.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void splitsDoNotOverlap() {
        List<LabelledQuery> train = LabelledQueries.probes(cards, LabelledQueries.ProbeSplit.TRAIN);
        List<LabelledQuery> dev = LabelledQueries.probes(cards, LabelledQueries.ProbeSplit.DEV);
        List<LabelledQuery> test = LabelledQueries.probes(cards, LabelledQueries.ProbeSplit.TEST);
        assertThat(train).hasSize(2 * cards.size());
        assertThat(dev).hasSize(cards.size());
        assertThat(test).hasSize(cards.size());
        Set<String> trainingTexts = new HashSet<>();
        LabelledQueries.training(cards).forEach(q -> trainingTexts.add(q.query().text()));
        for (LabelledQuery q : test) assertThat(trainingTexts).doesNotContain(q.query().text());
        for (LabelledQuery q : dev) assertThat(trainingTexts).doesNotContain(q.query().text());
    }
}
