package dev.quill.cli;

import dev.quill.train.eval.PairedComparison;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `quill eval-compare A.tsv B.tsv`: whether two systems' outputs differ by more than chance. */
@Command(name = "eval-compare", mixinStandardHelpOptions = true,
        description = {"Compares two systems' outputs on the same sentences (files of `quill eval --outputs`), sentence by sentence:",
            "per section, the share each gets right, the sentences only one of them does, and the exact McNemar p-value",
            "(the chance of a split at least this uneven were the two equally good)."})
public final class EvalCompareCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "A", description = "Outputs of the first system (the baseline).")
    Path a;

    @Parameters(index = "1", paramLabel = "B", description = "Outputs of the second system (the candidate).")
    Path b;

    @Override
    public Integer call() throws Exception {
        for (Path p : List.of(a, b)) {
            if (!Files.isRegularFile(p)) throw new IllegalArgumentException(p + (Files.isDirectory(p) ? ": a directory, not a file" : ": no such file"));
        }
        List<PairedComparison.Section> sections = PairedComparison.compare(PairedComparison.read(a), PairedComparison.read(b));
        System.out.printf("A %s%nB %s%n", a, b);
        System.out.printf("  %-13s %9s %8s %8s %9s %7s %7s %10s%n", "section", "sentences", "A right", "B right", "B - A", "only A",
                "only B", "p");
        for (PairedComparison.Section s : sections) {
            double ra = 100.0 * s.rightA() / s.sentences();
            double rb = 100.0 * s.rightB() / s.sentences();
            System.out.printf(Locale.ROOT, "  %-13s %,9d %7.1f%% %7.1f%% %+8.1f %7d %7d %10.2g%n", s.name(), s.sentences(), ra, rb, rb - ra,
                    s.onlyA(), s.onlyB(), s.pValue());
        }
        System.out.println("  (right: the output is the target; for clean sentences, the sentence unchanged. JFLEG: compare GLEU from eval.)");
        return 0;
    }
}
