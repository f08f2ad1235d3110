package dev.quill.train.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quill.core.model.LlamaConfig;
import dev.quill.core.model.RandomModelWriter;
import dev.quill.core.tensor.DType;
import dev.quill.core.generate.MinimumGain;
import dev.quill.grammar.edits.EditExtractor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationTest {
    private static final EditExtractor EXTRACTOR = EditExtractor.english();

    /** Small fixture files in the data pipeline's and JFLEG's formats. */
    static void writeFixtures(Path data, Path jfleg) throws IOException {
        Files.createDirectories(data);
        String header = "source\ttarget\ttypes\tlabels\torigin\n";
        Files.writeString(data.resolve("test.tsv"), header
                + "She go to school every days\tShe goes to school every day.\tSVA,NOUN_NUM,PUNCT\t-\tsynthetic\n"
                + "I have a apple.\tI have an apple.\tDET\t-\tsynthetic\n"
                + "They was happy.\tThey were happy.\tSVA\t-\tsynthetic\n");
        Files.writeString(data.resolve("clean-test.tsv"), header
                + "The cat sleeps on the sofa.\tThe cat sleeps on the sofa.\t\t\tclean\n"
                + "We met at noon.\tWe met at noon.\t\t\tclean\n");
        Files.writeString(data.resolve("lt-test.tsv"), header
                + "Their is a problem.\tThere is a problem.\tSPELL\t-\tlanguagetool\n");
        Files.createDirectories(jfleg);
        Files.writeString(jfleg.resolve("dev.src"), "He do n't like it . \nI has 2 0 cats . \n");
        Files.writeString(jfleg.resolve("dev.ref0"), "He does n't like it . \nI have 2 0 cats . \n");
        Files.writeString(jfleg.resolve("dev.ref1"), "He does not like it . \nI have 2 0 cats . \n");
    }

    @Test
    void theIdentityChangesNothingAndFindsNothing(@TempDir Path dir) throws Exception {
        writeFixtures(dir.resolve("data"), dir.resolve("jfleg"));
        EvalReport r = Evaluation.load(new Evaluation.Inputs(dir.resolve("data"), dir.resolve("jfleg"), 0))
                .run("identity", Corrector.IDENTITY, EXTRACTOR, Corrector.Progress.NONE, null);
        assertThat(r.sentences()).isEqualTo(3 + 2 + 1 + 2);
        assertThat(r.synthetic().exactMatch()).isZero();
        assertThat(r.synthetic().edits().tp()).isZero();
        assertThat(r.synthetic().edits().fp()).isZero();
        assertThat(r.synthetic().edits().fn()).isEqualTo(5);
        assertThat(r.clean().wronglyChanged()).isZero();
        assertThat(r.languageTool().exactMatch()).isZero();
        assertThat(r.jfleg().gleu()).isEqualTo(r.jfleg().identityGleu());
        assertThat(r.jfleg().references()).isEqualTo(2);
        assertThat(r.notes()).isEmpty();
    }

    @Test
    void aPerfectCorrectorScoresFullMarks(@TempDir Path dir) throws Exception {
        writeFixtures(dir.resolve("data"), dir.resolve("jfleg"));
        List<String> targets = List.of("She goes to school every day.", "I have an apple.", "They were happy.",
                "The cat sleeps on the sofa.", "We met at noon.", "There is a problem.", "He doesn't like it.", "I have 20 cats.");
        Corrector perfect = (sentences, progress) -> targets;
        EvalReport r = Evaluation.load(new Evaluation.Inputs(dir.resolve("data"), dir.resolve("jfleg"), 0))
                .run("oracle", perfect, EXTRACTOR, Corrector.Progress.NONE, null);
        assertThat(r.synthetic().exactMatch()).isEqualTo(1.0);
        assertThat(r.synthetic().edits()).isEqualTo(new EditCounts(5, 0, 0));
        assertThat(r.synthetic().editsByType()).containsKeys(dev.quill.grammar.edits.ErrorType.SVA,
                dev.quill.grammar.edits.ErrorType.NOUN_NUM, dev.quill.grammar.edits.ErrorType.PUNCT,
                dev.quill.grammar.edits.ErrorType.DET);
        assertThat(r.languageTool().exactMatch()).isEqualTo(1.0);
        assertThat(r.jfleg().gleu()).isGreaterThan(r.jfleg().identityGleu());
    }

    @Test
    void missingFilesSkipTheirSectionAndNothingAtAllIsAnError(@TempDir Path dir) throws Exception {
        writeFixtures(dir.resolve("data"), dir.resolve("jfleg"));
        Files.delete(dir.resolve("data/lt-test.tsv"));
        Evaluation evaluation = Evaluation.load(new Evaluation.Inputs(dir.resolve("data"), dir.resolve("nowhere"), 2));
        assertThat(evaluation.sentences()).isEqualTo(2 + 2);
        Path outputs = dir.resolve("out/outputs.tsv");
        EvalReport r = evaluation.run("identity", Corrector.IDENTITY, EXTRACTOR, Corrector.Progress.NONE, outputs);
        List<String> rows = Files.readAllLines(outputs);
        assertThat(rows).hasSize(1 + 4).first().isEqualTo("section\tsource\toutput\ttarget");
        assertThat(rows.subList(1, 3)).allMatch(row -> row.startsWith("synthetic\t"));
        assertThat(rows.subList(3, 5)).allSatisfy(row -> {
            String[] f = row.split("\t", -1);
            assertThat(f).hasSize(4);
            assertThat(f[0]).isEqualTo("clean");
            assertThat(f[2]).isEqualTo(f[1]).isEqualTo(f[3]); // the identity corrector, on sentences left as they are
        });
        assertThat(r.languageTool()).isNull();
        assertThat(r.jfleg()).isNull();
        assertThat(r.synthetic().sentences()).isEqualTo(2);
        assertThat(r.notes()).hasSize(2).anyMatch(n -> n.contains("lt-test.tsv")).anyMatch(n -> n.contains("JFLEG"));
        assertThat(r.table()).contains("note: ");

        assertThatThrownBy(() -> Evaluation.load(new Evaluation.Inputs(dir.resolve("empty"), null, 0)))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("nothing to evaluate");
    }

    @Test
    void outputsWithTabsAndLineBreaksKeepTheirRow(@TempDir Path dir) throws Exception {
        writeFixtures(dir.resolve("data"), dir.resolve("jfleg"));
        Evaluation evaluation = Evaluation.load(new Evaluation.Inputs(dir.resolve("data"), null, 2));
        Path outputs = dir.resolve("outputs.tsv");
        Corrector noisy = (sentences, progress) -> sentences.stream().map(s -> s + "\tand\r\nmore").toList();
        evaluation.run("noisy", noisy, EXTRACTOR, Corrector.Progress.NONE, outputs);
        List<String> rows = Files.readAllLines(outputs);
        assertThat(rows).hasSize(1 + evaluation.sentences());
        assertThat(rows.subList(1, rows.size())).allSatisfy(row -> assertThat(row.split("\t", -1)).hasSize(4));
        assertThat(PairedComparison.read(outputs)).hasSize(evaluation.sentences()).first()
                .satisfies(o -> assertThat(o.output()).endsWith(" and  more"));
    }

    /** The real path: a (random, tiny) model through the batching engine, every section, JSON out. */
    @Test
    void aModelThroughTheEngineIsEvaluatedEndToEnd(@TempDir Path dir) throws Exception {
        writeFixtures(dir.resolve("data"), dir.resolve("jfleg"));
        Path model = dir.resolve("model");
        RandomModelWriter.writeDirectory(model, LlamaConfig.llama(32, 64, 1, 2, 2, 300, 96, false), DType.F32, 0.02, 7, 0, null);
        AtomicInteger lastDone = new AtomicInteger();
        EvalReport r;
        try (EngineCorrector corrector = EngineCorrector.load(model, new EngineCorrector.Settings(4, 256, 8L << 20, 1, MinimumGain.OFF))) {
            r = Evaluation.load(new Evaluation.Inputs(dir.resolve("data"), dir.resolve("jfleg"), 0))
                    .run(model.toString(), corrector, EXTRACTOR, (done, total) -> lastDone.accumulateAndGet(done, Math::max), null);
        }
        assertThat(lastDone.get()).isEqualTo(8);
        assertThat(r.sentences()).isEqualTo(8);
        assertThat(r.synthetic()).isNotNull();
        assertThat(r.clean()).isNotNull();
        assertThat(r.languageTool()).isNotNull();
        assertThat(r.jfleg()).isNotNull();
        assertThat(r.jfleg().gleu()).isBetween(0.0, 1.0);
        Path json = dir.resolve("out/report.json");
        r.writeJson(json);
        JsonNode tree = new ObjectMapper().readTree(json.toFile());
        assertThat(tree.get("sentences").asInt()).isEqualTo(8);
        assertThat(tree.get("synthetic").get("edits").has("f05")).isTrue();
        assertThat(tree.get("jfleg").get("identityGleu").asDouble()).isBetween(0.0, 1.0);
        assertThat(r.table()).contains("synthetic test", "clean test", "LT held-out", "JFLEG dev", "overall");
    }

    /**
     * The guard against needless changes, on the real path: every proposal the model makes is
     * scored against the unchanged sentence; a margin nothing reaches returns every sentence
     * unchanged, one everything reaches returns every proposal.
     */
    @Test
    void theMinimumGainKeepsAProposalOnlyWhenItBeatsTheUnchangedSentence(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model");
        RandomModelWriter.writeDirectory(model, LlamaConfig.llama(32, 64, 1, 2, 2, 300, 96, false), DType.F32, 0.02, 7, 0, null);
        List<String> sentences = List.of("She go to school.", "I have a apple.", "They was happy.", "We met at noon.");
        List<EngineCorrector.Scored> scored;
        List<String> unguarded;
        try (EngineCorrector corrector = EngineCorrector.load(model, new EngineCorrector.Settings(4, 256, 8L << 20, 1, new MinimumGain(0)));
                EngineCorrector plain = EngineCorrector.load(model, new EngineCorrector.Settings(4, 256, 8L << 20, 1, MinimumGain.OFF))) {
            scored = corrector.correctScored(sentences, Corrector.Progress.NONE);
            unguarded = plain.correct(sentences, Corrector.Progress.NONE);
        }
        assertThat(scored).extracting(EngineCorrector.Scored::proposal).containsExactlyElementsOf(unguarded);
        for (EngineCorrector.Scored s : scored) {
            // a random model rewrites every sentence, so each proposal was scored
            assertThat(s.proposal()).isNotEqualTo(s.sentence());
            assertThat(s.gain()).isFinite();
            assertThat(s.output(new MinimumGain(s.gain()))).isEqualTo(s.proposal());
            assertThat(s.output(new MinimumGain(Math.nextUp(s.gain())))).isEqualTo(s.sentence());
            assertThat(s.output(MinimumGain.OFF)).isEqualTo(s.proposal());
        }
    }
}
