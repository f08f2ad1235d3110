package dev.quill.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep end to end on the tiny model: a server per policy, a few requests per point, table, JSON and charts written. */
class SweepTest {

    @Test
    void aTinySweepWritesItsTableJsonAndCharts(@TempDir Path out) throws Exception {
        Sweep.Spec spec = new Sweep.Spec(TinyModel.dir(), List.of("none", "static", "continuous"), List.of(1, 2), null, 4, true, 4,
                Slo.defaults(), Dataset.bundled(), 1, Map.of("threads", "1", "kv-mb", "16", "static-wait-ms", "5"));
        Sweep.Result r = Sweep.run(spec, out, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));

        assertThat(r.points()).hasSize(6);
        assertThat(r.points()).allSatisfy(p -> assertThat(p.succeeded()).isEqualTo(4));
        List<String> rows = Files.readAllLines(out.resolve("sweep.md")).stream().filter(l -> l.startsWith("| ") && !l.startsWith("| policy")).toList();
        assertThat(rows).hasSize(6);
        List<List<String>> cells = rows.stream().map(l -> Arrays.stream(l.substring(1, l.length() - 1).split("\\|")).map(String::strip).toList()).toList();
        assertThat(cells.stream().map(c -> c.get(0) + "@" + c.get(1)).toList())
                .containsExactly("none@1", "none@2", "static@1", "static@2", "continuous@1", "continuous@2");
        assertThat(cells).allSatisfy(c -> {
            assertThat(c.get(2)).isEqualTo("4");
            assertThat(Double.parseDouble(c.get(3))).isPositive();
        });
        assertThat(Sweep.Result.read(out.resolve("sweep.json"))).isEqualTo(r);
        for (String png : List.of("latency.png", "throughput.png", "ttft.png")) {
            byte[] head = Arrays.copyOf(Files.readAllBytes(out.resolve(png)), 8);
            assertThat(head).as(png).isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        }
        assertThat(Planner.report(Planner.Measured.of(r, "continuous"),
                new Planner.Inputs(5, 2, 20, 4, 16 << 20, 8192, 16, 4.0, 0.5, 0.7, 0.995, 1000, 5000))).contains("sweep, policy continuous");
    }
}
