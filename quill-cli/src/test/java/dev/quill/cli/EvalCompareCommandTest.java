package dev.quill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `quill eval-compare` on two small outputs files: a table per section, and a clear refusal of a missing file. */
class EvalCompareCommandTest {

    @Test
    void printsEachSectionsSharesAndTheirDifference(@TempDir Path dir) throws Exception {
        StringBuilder a = new StringBuilder("section\tsource\toutput\ttarget\n");
        StringBuilder b = new StringBuilder("section\tsource\toutput\ttarget\n");
        for (int i = 0; i < 20; i++) {
            String src = "He go " + i + ".";
            String tgt = "He goes " + i + ".";
            a.append("synthetic\t").append(src).append('\t').append(i < 5 ? tgt : src).append('\t').append(tgt).append('\n');
            b.append("synthetic\t").append(src).append('\t').append(i < 17 ? tgt : src).append('\t').append(tgt).append('\n');
        }
        Files.writeString(dir.resolve("a.tsv"), a);
        Files.writeString(dir.resolve("b.tsv"), b);
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new Quill()).execute("eval-compare", dir.resolve("a.tsv").toString(), dir.resolve("b.tsv").toString());
        } finally {
            System.setOut(stdout);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).isZero();
        // 5 vs 17 right of 20; 12 only B, 0 only A: p = 2 / 2^12
        assertThat(text).containsPattern("synthetic +20 +25\\.0% +85\\.0% +\\+60\\.0 +0 +12 +0\\.00049");

        int missing = new CommandLine(new Quill()).execute("eval-compare", dir.resolve("a.tsv").toString(), dir.resolve("none.tsv").toString());
        assertThat(missing).isNotZero();
    }
}
