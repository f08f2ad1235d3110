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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvalCommandTest {

    @Test
    void evaluatesATinyModelOnFixtureDataAndWritesJson(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model");
        RandomModelWriter.writeDirectory(model, LlamaConfig.llama(32, 64, 1, 2, 2, 300, 96, false), DType.F32, 0.02, 3, 0, null);
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("test.tsv"), "source\ttarget\ttypes\tlabels\torigin\n"
                + "She go to school.\tShe goes to school.\tSVA\t-\tsynthetic\n"
                + "I have a apple.\tI have an apple.\tDET\t-\tsynthetic\n");
        Path json = dir.resolve("report.json");

        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new Quill()).execute("eval", "--model", model.toString(), "--data", data.toString(),
                    "--jfleg", dir.resolve("no-jfleg").toString(), "--out", json.toString(), "--threads", "1", "--batch", "4", "--kv-mb", "8");
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("synthetic test", "overall", "note: ", "JFLEG skipped");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("quill eval: clean test skipped");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("corrected 2/2 sentences");
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("synthetic").get("sentences").asInt()).isEqualTo(2);
        assertThat(report.has("jfleg")).isFalse();
    }

    @Test
    void nothingToEvaluateIsAnError(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model");
        RandomModelWriter.writeDirectory(model, LlamaConfig.llama(32, 64, 1, 2, 2, 300, 96, false), DType.F32, 0.02, 3, 0, null);
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Quill());
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute("eval", "--model", model.toString(), "--data", dir.resolve("none").toString(),
                "--jfleg", dir.resolve("none").toString(), "--threads", "1");
        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("nothing to evaluate");
    }
}
