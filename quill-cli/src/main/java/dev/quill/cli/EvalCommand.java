package dev.quill.cli;

import dev.quill.grammar.edits.EditExtractor;
import dev.quill.train.eval.Corrector;
import dev.quill.train.eval.EngineCorrector;
import dev.quill.train.eval.EvalReport;
import dev.quill.train.eval.Evaluation;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

    @Option(names = "--out", description = "Write the report as JSON to this file.")
    Path out;

    @Option(names = "--batch", defaultValue = "32", description = "Sentences decoded together (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--step-tokens", defaultValue = "512", description = "Token budget per engine step (default: ${DEFAULT-VALUE}).")
    int stepTokens;

    @Option(names = "--kv-mb", defaultValue = "256", description = "KV cache budget in MiB (default: ${DEFAULT-VALUE}).")
    long kvMb;

    @Option(names = "--threads", description = "Kernel threads (default: one per core).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        if (limit < 0) throw new IllegalArgumentException("--limit must be 0 (all) or positive, got " + limit);
        PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        EngineCorrector.Settings settings = new EngineCorrector.Settings(batch, stepTokens, kvMb << 20,
                threads != null ? threads : Runtime.getRuntime().availableProcessors());
        Evaluation evaluation = Evaluation.load(new Evaluation.Inputs(data, jfleg, limit));
        for (String note : evaluation.notes()) System.err.println("quill eval: " + note);
        EvalReport report;
        try (EngineCorrector corrector = EngineCorrector.load(model, settings)) {
            report = evaluation.run(model.toString(), corrector, EditExtractor.english(), new ProgressLine(System.err));
        }
        stdout.print(report.table());
        if (out != null) {
            report.writeJson(out);
            System.err.println("quill eval: wrote " + out);
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
