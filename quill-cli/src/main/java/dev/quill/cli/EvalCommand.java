package dev.quill.cli;

import dev.quill.core.generate.MinimumGain;
import dev.quill.grammar.edits.EditExtractor;
import dev.quill.train.eval.Corrector;
import dev.quill.train.eval.EngineCorrector;
import dev.quill.train.eval.EvalReport;
import dev.quill.train.eval.EvalSet;
import dev.quill.train.eval.Evaluation;
import dev.quill.train.eval.MinimumGainTuning;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `quill eval`: corrects the held-out data with a model through the batching engine and reports
 * exact match, edit precision / recall / F0.5 by error type, the wrongly-changed rate on clean
 * sentences and JFLEG GLEU beside the identity baseline.
 */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = {
            "Evaluates a tutor model: corrects test.tsv, clean-test.tsv and lt-test.tsv from --data and the",
            "JFLEG dev set greedily (many sentences decoded together), prints a table and writes JSON.",
            "A missing file skips its section with a note."
        })
final class EvalCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "Model directory (config.json, safetensors, tokenizer.json).")
    Path model;

    @Option(names = "--data", defaultValue = "build/data", description = "The data pipeline's output folder (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--jfleg", defaultValue = "../shared/data/jfleg/dev", description = "JFLEG dev folder with dev.src and dev.ref0..3 (default: ${DEFAULT-VALUE}).")
    Path jfleg;

    @Option(names = "--limit", defaultValue = "0", description = "At most this many sentences per section; 0 for all (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--out", description = "Write the report as JSON to this file (with --tune-min-gain: each dev sentence's"
            + " proposal and gain, as TSV).")
    Path out;

    @Option(names = "--speculate", defaultValue = "true", arity = "1", description = "Decode with the unchanged sentence as the draft,"
            + " true or false: the same outputs in fewer engine steps (default: ${DEFAULT-VALUE}).")
    boolean speculate;

    @Option(names = "--spelling", defaultValue = "true", arity = "1", description = "Make the spelling fixes LanguageTool's word"
            + " lists are sure of before the model reads a sentence, and after it let the model choose among the lists' candidates"
            + " for the words still misspelled, as the server does, true or false (default: ${DEFAULT-VALUE}).")
    boolean spelling;

    @Option(names = "--outputs", description = "Write every sentence's output as TSV to this file (section, source, output, target).")
    Path outputs;

    @Option(names = "--batch", defaultValue = "32", description = "Sentences decoded together (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--step-tokens", defaultValue = "512", description = "Token budget per engine step (default: ${DEFAULT-VALUE}).")
    int stepTokens;

    @Option(names = "--kv-mb", defaultValue = "256", description = "KV cache budget in MiB (default: ${DEFAULT-VALUE}).")
    long kvMb;

    @Option(names = "--threads", description = "Kernel threads (default: one per core).")
    Integer threads;

    @Option(names = "--min-gain", defaultValue = "model", description = "Keep a correction only when the model finds it this"
            + " much more likely (natural log) than the unchanged sentence, and (after a colon) each edit of a correction of two or"
            + " more only when the correction is that much more likely than without it: a number, two ('2:1'), 'off' (keep every"
            + " correction and edit) or 'model' (the margins in the model's generation_config.json, as the server uses; off when"
            + " it has none) (default: ${DEFAULT-VALUE}). With --tune-min-gain, only its edit margin counts.")
    String minimumGain;

    @Option(names = "--tune-min-gain", description = "Instead of the test sets, compare minimum-gain margins on dev.tsv and its"
            + " correct sentences (decoded once) and print the table.")
    boolean tuneMinimumGain;

    @Option(names = "--apply", description = "With --tune-min-gain: write the chosen margin into the model's generation_config.json.")
    boolean apply;

    @Option(names = "--search-errors", description = "Instead of the test sets, decode dev.tsv and, for every pair whose proposal"
            + " (the model's greedy output, before the guard) misses the target, ask whether the model finds the target more"
            + " likely: a search error (a wider search could find it) or a model error.")
    boolean searchErrors;

    @Override
    public Integer call() throws Exception {
        if (limit < 0) throw new IllegalArgumentException("--limit must be 0 (all) or positive, got " + limit);
        PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        int kernelThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (apply && !tuneMinimumGain) throw new IllegalArgumentException("--apply goes with --tune-min-gain");
        if (tuneMinimumGain && searchErrors) throw new IllegalArgumentException("--tune-min-gain and --search-errors are two runs");
        OutputFiles.checkWritable(out, "--out");
        OutputFiles.checkWritable(outputs, "--outputs");
        if (tuneMinimumGain) return tune(stdout, kernelThreads);
        if (searchErrors) return searchErrors(stdout, kernelThreads);
        MinimumGain guard = MinimumGain.parse(minimumGain, model);
        EngineCorrector.Settings settings = new EngineCorrector.Settings(batch, stepTokens, kvMb << 20, kernelThreads, guard, speculate,
                spelling);
        Evaluation evaluation = Evaluation.load(new Evaluation.Inputs(data, jfleg, limit));
        for (String note : evaluation.notes()) System.err.println("quill eval: " + note);
        EvalReport report;
        try (EngineCorrector corrector = EngineCorrector.load(model, settings)) {
            report = evaluation.run(model + ", minimum gain " + guard.describe()
                    + ", spelling pass " + (spelling ? "on" : "off"), corrector, EditExtractor.english(), new ProgressLine(System.err), outputs);
            var engine = corrector.engineSnapshot();
            System.err.printf(Locale.ROOT, "quill eval: %,d engine steps; speculation %s: %,d draft tokens verified, %,d accepted (%.1f%%)%n",
                    engine.steps(), speculate ? "on" : "off", engine.draftProposedTokens(), engine.draftAcceptedTokens(),
                    100 * engine.draftAcceptanceRatio());
        }
        stdout.print(report.table());
        if (out != null) {
            report.writeJson(out);
            System.err.println("quill eval: wrote " + out);
        }
        if (outputs != null) System.err.println("quill eval: wrote every sentence's output to " + outputs);
        return 0;
    }

    private int searchErrors(PrintStream stdout, int kernelThreads) throws Exception {
        EvalSet dev = EvalSet.read(devFile("--search-errors"), limit);
        EngineCorrector.Settings settings = new EngineCorrector.Settings(batch, stepTokens, kvMb << 20, kernelThreads, MinimumGain.OFF,
                speculate, spelling);
        List<Boolean> prefers;
        try (EngineCorrector corrector = EngineCorrector.load(model, settings)) {
            List<EngineCorrector.Scored> scored = corrector.proposals(dev.sources(), new ProgressLine(System.err));
            prefers = corrector.prefersTarget(scored, dev.targets());
        }
        long search = prefers.stream().filter(Boolean.TRUE::equals).count();
        long modelErrors = prefers.stream().filter(Boolean.FALSE::equals).count();
        long exact = dev.size() - search - modelErrors;
        stdout.printf(Locale.ROOT, "%s, %,d pairs, spelling pass %s: the proposal is the target in %,d (%.1f%%); of the %,d others the"
                        + " model finds the target more likely in %,d (search errors, %.1f%% of the pairs) and its own proposal in %,d"
                        + " (model errors, %.1f%%)%n",
                dev.file(), dev.size(), spelling ? "on" : "off", exact, percent(exact, dev.size()), search + modelErrors, search,
                percent(search, dev.size()), modelErrors, percent(modelErrors, dev.size()));
        return 0;
    }

    private static double percent(long part, int whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }

    private Path devFile(String option) {
        Path devFile = data.resolve("dev.tsv");
        if (!Files.isRegularFile(devFile)) throw new IllegalArgumentException(option + " needs " + devFile + "; run quill prepare-data");
        return devFile;
    }

    private static final double[] MARGINS = {0, 0.5, 1, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 2.75, 3, 3.5, 4, 5, 6, 8};

    private int tune(PrintStream stdout, int kernelThreads) throws Exception {
        EvalSet dev = EvalSet.read(devFile("--tune-min-gain"), limit);
        // the edit check (--min-gain's, the model's by default) runs on every proposal; the rows
        // compare margins for whole corrections
        MinimumGain edits = MinimumGain.parse(minimumGain, model);
        List<MinimumGain> guards = new ArrayList<>();
        guards.add(edits.withMargin(Double.NEGATIVE_INFINITY));
        for (double m : MARGINS) guards.add(edits.withMargin(m));
        EngineCorrector.Settings settings = new EngineCorrector.Settings(batch, stepTokens, kvMb << 20, kernelThreads, edits.withMargin(0),
                speculate, spelling);
        if (edits.checksEdits()) stdout.printf(Locale.ROOT, "each edit of a proposal of two or more: margin %.2f%n", edits.editMargin());
        MinimumGainTuning.Result result;
        try (EngineCorrector corrector = EngineCorrector.load(model, settings)) {
            result = MinimumGainTuning.run(corrector, dev, guards, EditExtractor.english(), new ProgressLine(System.err));
        }
        stdout.print(MinimumGainTuning.table(result.rows(), dev.size(), MinimumGainTuning.cleanSentences(dev).size()));
        MinimumGainTuning.Row chosen = MinimumGainTuning.choose(result.rows());
        stdout.printf(Locale.ROOT, "chosen: %.2f (the smallest margin changing at most %.0f%% of the correct dev sentences: %.1f%%)%n",
                chosen.guard().margin(), 100 * MinimumGainTuning.MAX_WRONGLY_CHANGED, 100 * chosen.wronglyChanged());
        if (apply) {
            MinimumGainTuning.writeToModel(model, chosen.guard());
            System.err.println("quill eval: wrote minimum_gain " + chosen.guard().margin() + " to " + model.resolve("generation_config.json"));
        }
        if (out != null) {
            result.writeTsv(out);
            System.err.println("quill eval: wrote every sentence's proposal and gain to " + out);
        }
        return 0;
    }

    /**
     * "corrected 120/754 sentences, 21.3 sentences/s" on stderr: rewritten in place at most every
     * 200 ms on a terminal, a new line at most every 5 s otherwise (a log file gets no carriage returns).
     */
    static final class ProgressLine implements Corrector.Progress {
        private final PrintStream err;
        private final boolean terminal;
        private final long startNanos = System.nanoTime();
        private long lastNanos;

        ProgressLine(PrintStream err) {
            this.err = err;
            this.terminal = System.console() != null && System.console().isTerminal();
        }

        @Override
        public synchronized void update(int done, int total) {
            long now = System.nanoTime();
            long intervalNanos = terminal ? 200_000_000L : 5_000_000_000L;
            if (done < total && now - lastNanos < intervalNanos) return;
            lastNanos = now;
            double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
            String line = String.format(Locale.ROOT, "corrected %d/%d sentences, %.1f sentences/s", done, total, done / seconds);
            if (terminal) {
                err.print("\r" + line + (done == total ? System.lineSeparator() : ""));
            } else {
                err.println(line);
            }
            err.flush();
        }
    }
}
