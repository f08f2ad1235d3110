package dev.quill.train.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairedComparisonTest {

    @Test
    void mcnemarExactMatchesTheBinomialTail() {
        // 10 vs 2 discordant: 2 (C(12,0) + C(12,1) + C(12,2)) / 2^12 = 2 * 79 / 4096
        assertThat(PairedComparison.mcnemarExact(10, 2)).isCloseTo(158.0 / 4096, within(1e-12));
        assertThat(PairedComparison.mcnemarExact(2, 10)).isEqualTo(PairedComparison.mcnemarExact(10, 2));
        assertThat(PairedComparison.mcnemarExact(0, 0)).isEqualTo(1.0);
        assertThat(PairedComparison.mcnemarExact(5, 5)).isEqualTo(1.0); // capped
        assertThat(PairedComparison.mcnemarExact(0, 1)).isEqualTo(1.0);
        // large counts stay finite: 55 vs 125 of 180 is far from even
        assertThat(PairedComparison.mcnemarExact(55, 125)).isBetween(1e-7, 3e-7);
        assertThat(PairedComparison.mcnemarExact(600, 640)).isBetween(0.2, 0.3);
        assertThatThrownBy(() -> PairedComparison.mcnemarExact(-1, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void countsEachSectionAndLeavesJflegOut(@TempDir Path dir) throws IOException {
        String header = "section\tsource\toutput\ttarget\n";
        Path a = dir.resolve("a.tsv");
        Path b = dir.resolve("b.tsv");
        Files.writeString(a, header
                + "synthetic\tHe go.\tHe goes.\tHe goes.\n"
                + "synthetic\tShe go.\tShe go.\tShe goes.\n"
                + "synthetic\tI has.\tI have.\tI have.\n"
                + "clean\tIt is fine.\tIt is fine.\tIt is fine.\n"
                + "jfleg\tI go school.\tI go to school.\tI go to school.\n");
        Files.writeString(b, header
                + "synthetic\tHe go.\tHe goes.\tHe goes.\n"
                + "synthetic\tShe go.\tShe goes.\tShe goes.\n"
                + "synthetic\tI has.\tI has.\tI have.\n"
                + "clean\tIt is fine.\tIt is a fine.\tIt is fine.\n"
                + "jfleg\tI go school.\tI go school.\tI go to school.\n");
        List<PairedComparison.Section> s = PairedComparison.compare(PairedComparison.read(a), PairedComparison.read(b));
        assertThat(s).containsExactly(
                new PairedComparison.Section("synthetic", 3, 2, 2, 1, 1, 1.0),
                new PairedComparison.Section("clean", 1, 1, 0, 1, 0, 1.0));

        Path other = dir.resolve("other.tsv");
        Files.writeString(other, header + "synthetic\tHe went.\tHe went.\tHe went.\n");
        assertThatThrownBy(() -> PairedComparison.compare(PairedComparison.read(a), PairedComparison.read(other)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same data");
        Files.writeString(other, "source\toutput\n");
        assertThatThrownBy(() -> PairedComparison.read(other)).isInstanceOf(IOException.class).hasMessageContaining("--outputs");
    }
}
