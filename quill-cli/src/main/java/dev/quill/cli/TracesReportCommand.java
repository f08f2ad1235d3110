package dev.quill.cli;

import static dev.quill.cli.OptionChecks.require;

import dev.quill.server.observe.LatencyBudget;
import dev.quill.server.observe.TraceReport;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code quill traces report --file FILE}: per-stage percentiles, the percentile-addition fallacy, the budget, cost. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Per-stage p50/p95/p99 of the answered requests in a span file; the end-to-end p95 from whole traces beside",
            "the sum of the per-stage p95s and their difference (seed 000's percentile-addition fallacy); the latency",
            "budget with each stage's burn rate (p95 / allocation, flagged over 1.5x); orphan spans; cost per million",
            "tokens at full and at the observed utilisation (seed 003)."
        })
final class TracesReportCommand implements Callable<Integer> {

    @Option(names = "--file", required = true, paramLabel = "FILE",
            description = "Span file (JSON lines) written by quill serve; repeat for rotated files (FILE.1, ...).")
    List<Path> files;

    @Option(names = "--budget", paramLabel = "FILE",
            description = "Properties file of per-stage allocations in ms (model.decode=500, queue=40, ...) over the defaults.")
    Path budgetFile;

    @Option(names = "--budget-total-ms", paramLabel = "MS",
            description = "Scale the default allocations (seed 000's table scaled to 1,000 ms) to this total.")
    Double budgetTotalMillis;

    @Option(names = "--price-per-hour-usd", paramLabel = "USD",
            description = "Instance price for the cost lines (default: the price the server recorded on each trace).")
    Double price;

    @Override
    public Integer call() throws IOException {
        for (Path f : files) {
            if (!Files.isRegularFile(f)) throw new IOException("no span file at " + f);
        }
        // the same rule as a --budget file's allocations; 0 would make every burn rate infinite
        require(budgetTotalMillis == null || budgetTotalMillis > 0 && Double.isFinite(budgetTotalMillis), "--budget-total-ms", budgetTotalMillis,
                "a positive number of milliseconds");
        require(price == null || price >= 0 && Double.isFinite(price), "--price-per-hour-usd", price, "a number of dollars, 0 or more");
        LatencyBudget budget = LatencyBudget.defaults();
        if (budgetTotalMillis != null) budget = budget.scaledTo(budgetTotalMillis);
        if (budgetFile != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(budgetFile, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            Set<String> stages = budget.allocationsMillis().keySet();
            for (String key : p.stringPropertyNames()) {
                if (!stages.contains(key.strip())) {
                    throw new IllegalArgumentException("budget for " + key + " in " + budgetFile + ": no such stage (the stages: "
                            + String.join(", ", stages) + ")");
                }
            }
            budget = budget.with(p);
        }
        TraceReport.Result result = TraceReport.analyse(files, budget,
                price == null ? OptionalDouble.empty() : OptionalDouble.of(price));
        if (result.spans() == 0) {
            String names = files.stream().map(Path::toString).collect(Collectors.joining(", "));
            int lines = result.unreadable();
            throw new IllegalArgumentException("no spans in " + names + (lines == 0 ? " (nothing but blank lines)"
                    : lines == 1 ? " (its one line is not a span)" : " (none of its " + lines + " lines is a span)"));
        }
        System.out.print(TraceReport.render(result));
        return 0;
    }
}
