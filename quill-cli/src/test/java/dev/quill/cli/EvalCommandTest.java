package dev.quill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quill.core.model.LlamaConfig;
import dev.quill.core.model.RandomModelWriter;
import dev.quill.core.tensor.DType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvalCommandTest {

    @Test
    void evaluatesATinyModelOnFixtureDataAndWritesJson(@TempDir Path dir) throws Exception {
        Path model = tinyModel(dir);
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("test.tsv"), "source\ttarget\ttypes\tlabels\torigin\n"
                + "She go to school.\tShe goes to school.\tSVA\t-\tsynthetic\n"
                + "I have a apple.\tI have an apple.\tDET\t-\tsynthetic\n");
        Path json = dir.resolve("report.json");

        Run run = run("eval", "--model", model.toString(), "--data", data.toString(), "--jfleg", dir.resolve("no-jfleg").toString(),
                "--out", json.toString(), "--threads", "1", "--batch", "4", "--kv-mb", "8");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("synthetic test", "overall", "note: ", "JFLEG skipped");
        assertThat(run.err()).contains("quill eval: clean test skipped", "corrected 2/2 sentences");
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("synthetic").get("sentences").asInt()).isEqualTo(2);
        assertThat(report.has("jfleg")).isFalse();
    }

    @Test
    void nothingToEvaluateIsAnError(@TempDir Path dir) throws Exception {
        Path model = tinyModel(dir);
        Run run = run("eval", "--model", model.toString(), "--data", dir.resolve("none").toString(),
                "--jfleg", dir.resolve("none").toString(), "--threads", "1");
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("nothing to evaluate");
    }

    @Test
    void searchErrorsSortsEveryMissIntoSearchOrModelError(@TempDir Path dir) throws Exception {
        Path model = tinyModel(dir);
        String[] sources = {"She go to school.", "I have a apple.", "He like it."};
        // the random model's own greedy outputs, through the plain evaluation
        Path test = Files.createDirectories(dir.resolve("test"));
        StringBuilder tsv = new StringBuilder("source\ttarget\ttypes\tlabels\torigin\n");
        for (String s : sources) tsv.append(s).append('\t').append(s).append("\t-\t-\tsynthetic\n");
        Files.writeString(test.resolve("test.tsv"), tsv);
        Path outputs = dir.resolve("outputs.tsv");
        Run plain = run("eval", "--model", model.toString(), "--data", test.toString(), "--jfleg", dir.resolve("none").toString(),
                "--min-gain", "off", "--spelling", "false", "--outputs", outputs.toString(), "--threads", "1", "--batch", "4", "--kv-mb", "8");
        assertThat(plain.exit()).as(plain.err()).isZero();
        List<String> greedy = Files.readAllLines(outputs).stream().skip(1).map(l -> l.split("\t", -1)[2]).toList();
        assertThat(greedy).hasSize(3).allSatisfy(g -> assertThat(g).isNotBlank());

        // the first target is the model's output (no miss); the second its output with much more
        // text after it, which a near-uniform model finds far less likely (a model error); the
        // third a single token, far more likely than the several-token output (a search error)
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("dev.tsv"), "source\ttarget\ttypes\tlabels\torigin\n"
                + sources[0] + "\t" + greedy.get(0) + "\t-\t-\tsynthetic\n"
                + sources[1] + "\t" + greedy.get(1) + " and then some more words at the end of it\t-\t-\tsynthetic\n"
                + sources[2] + "\t.\t-\t-\tsynthetic\n");
        Run diagnosis = run("eval", "--model", model.toString(), "--data", data.toString(), "--search-errors", "--spelling", "false",
                "--threads", "1", "--batch", "4", "--kv-mb", "8");
        assertThat(diagnosis.exit()).as(diagnosis.err()).isZero();
        assertThat(diagnosis.out()).contains("3 pairs", "the proposal is the target in 1 (33.3%)",
                "of the 2 others the model finds the target more likely in 1 (search errors", "and its own proposal in 1 (model errors");
    }

    @Test
    void searchErrorsNeedsTheDevFile(@TempDir Path dir) throws Exception {
        Path model = tinyModel(dir);
        Run run = run("eval", "--model", model.toString(), "--data", dir.toString(), "--search-errors", "--threads", "1");
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("--search-errors needs " + dir.resolve("dev.tsv"));
    }

    /** A random 1-layer model (vocabulary 300) in {@code dir/model}. */
    private static Path tinyModel(Path dir) throws Exception {
        Path model = dir.resolve("model");
        RandomModelWriter.writeDirectory(model, LlamaConfig.llama(32, 64, 1, 2, 2, 300, 96, false), DType.F32, 0.02, 3, 0, null);
        return model;
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StringWriter cliErr = new StringWriter();
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            CommandLine cli = new CommandLine(new Quill());
            cli.setErr(new PrintWriter(cliErr));
            exit = cli.execute(args);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8) + cliErr);
    }
}
