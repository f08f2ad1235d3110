package dev.quill.train.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Each reader on a small file in its source's real format (src/test/resources/data). */
class CorpusReadersTest {

    private final DataSources sources = Fixtures.sources();

    @Test
    void dingGivesTheEnglishEntriesWithoutAnnotations() throws IOException {
        var lines = CorpusReaders.ding(sources.ding());
        assertThat(lines).contains("She likes a new bike every day.", "sentence", "example", "sample",
                "This line has a dude's apostrophe and is fine.");
        assertThat(lines).noneMatch(l -> l.contains("{") || l.contains("[") || l.contains("(") || l.contains("Satz"));
    }

    @Test
    void wordnetExamplesAreCapitalisedAndStopped() throws IOException {
        assertThat(CorpusReaders.wordnet(sources.wordnetDir())).containsExactly(
                "We took a walk in the park.", "The walk to school was long.", "The rain stopped at noon.",
                "She runs to the station every morning.", "Run home.", "He was happy with the result.",
                "We often go to the beach.");
    }

    @Test
    void brownDropsTagsAndSkipsQuotedSentences() throws IOException {
        assertThat(CorpusReaders.brown(sources.brownDir())).containsExactly(
                "The jury said it was late.", "They did not come home, and she waited.");
    }

    @Test
    void fortunesDropAttributionsDatFilesAndSkippedFiles() throws IOException {
        assertThat(CorpusReaders.fortunes(sources.fortunesDir())).containsExactly(
                "The early bird gets the worm.", "But the second mouse gets the cheese.",
                "A friend in need is a friend indeed.", "You will meet a tall stranger on Tuesday.");
    }

    @Test
    void nlpCorpusTextsAreSplitIntoSentences() throws IOException {
        assertThat(CorpusReaders.nlpCorpus(sources.nlpCorpusDir())).containsExactly(
                "The film was good, but the ending was too long.", "I liked the music.", "Where are you going tonight?",
                "lowercase start is rejected.", "We went to the shop yesterday.");
    }
}
