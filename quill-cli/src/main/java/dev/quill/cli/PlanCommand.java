package dev.quill.cli;

import static dev.quill.cli.OptionChecks.require;

import dev.quill.core.kv.KvCache;
import dev.quill.core.model.DecoderModel;
import dev.quill.core.model.LlamaConfig;
import dev.quill.load.Planner;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code quill plan}: seed 003's capacity questions answered from a measured loadgen or sweep result (issue 8). */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description = {
            "Reads a loadgen or sweep JSON and answers seed 003's questions from its measured numbers: Little's",
            "law at an arrival rate, utilisation and queue wait (M/M/1, M/M/c), replicas for a target utilisation,",
            "the concurrent sequences a KV budget holds, cost per million tokens, the error budget of an SLO,",
            "and which degradation keeps a latency SLO.",
            "Example: quill plan sweep/sweep.json --rate 20 --replicas 2 --price-per-hour 0.40"
        })
final class PlanCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RESULT", description = "loadgen.json or sweep.json")
    Path result;

    @Option(names = "--policy", defaultValue = "continuous", description = "From a sweep: the policy to plan for (default: ${DEFAULT-VALUE}).")
    String policy;

    @Option(names = "--rate", defaultValue = "20", description = "Arrival rate, requests/s (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--replicas", defaultValue = "2", description = "Replicas for the M/M/c answer (default: ${DEFAULT-VALUE}).")
    int replicas;

    @Option(names = "--target-utilisation", defaultValue = "0.7", description = "For the replica count (default: ${DEFAULT-VALUE}).")
    double targetUtilisation;

    @Option(names = "--prompt-tokens", description = "Prompt length for the KV answer (default: the measured mean).")
    Integer promptTokens;

    @Option(names = "--output-tokens", description = "Output length for the KV answer (default: the measured mean).")
    Integer outputTokens;

    @Option(names = "--model", description = "Model directory whose shape sizes the KV cache (default: as quill serve).")
    Path model;

    @Option(names = "--kv-mb", defaultValue = "256", description = "KV budget in MiB (default: ${DEFAULT-VALUE}, as quill serve).")
    long kvMb;

    @Option(names = "--price-per-hour", defaultValue = "4.0", description = "Instance price, $/hour (default: ${DEFAULT-VALUE}, seed 003's).")
    double pricePerHour;

    @Option(names = "--utilisation", defaultValue = "0.5", description = "Share of the paid hours in use, for the adjusted cost (default: ${DEFAULT-VALUE}).")
    double utilisation;

    @Option(names = "--slo-target", defaultValue = "0.995", description = "SLO target for the error budget (default: ${DEFAULT-VALUE}).")
    double sloTarget;

    @Option(names = "--window-requests", defaultValue = "2000000", description = "Requests in the SLO window (default: ${DEFAULT-VALUE}).")
    long windowRequests;

    @Option(names = "--slo-ms", defaultValue = "5000", description = "End-to-end p95 the degradation answer must keep (default: ${DEFAULT-VALUE}).")
    double sloMs;

    /** Longest prompt or output the KV answer takes: their sum stays an int, far past any context a model here has. */
    private static final int MAX_TOKENS = 1 << 24;

    @Override
    public Integer call() throws Exception {
        checkOptions();
        Planner.Measured m = Planner.Measured.read(result, policy);
        Path dir = model != null ? model : ServeCommand.defaultModel();
        LlamaConfig shape = DecoderModel.readConfig(dir); // an ensemble's KV cache holds all its members' layers
        int block = 16; // the engine's block size (Tutor.open)
        Planner.Inputs in = new Planner.Inputs(rate, replicas, promptTokens != null ? promptTokens : (int) Math.round(m.meanPromptTokens()),
                outputTokens != null ? outputTokens : (int) Math.round(m.meanOutputTokens()), kvMb << 20, KvCache.bytesPerBlock(shape, block), block,
                pricePerHour, utilisation, targetUtilisation, sloTarget, windowRequests, sloMs);
        System.out.print(Planner.report(m, in));
        return 0;
    }

    /** Each what-if in its range, before anything is read: out of range, the arithmetic prints nonsense (negative rates, $Infinity). */
    private void checkOptions() {
        require(rate > 0 && Double.isFinite(rate), "--rate", rate, "a positive number of requests per second");
        require(replicas >= 1, "--replicas", replicas, "at least 1");
        require(targetUtilisation > 0 && targetUtilisation <= 1, "--target-utilisation", targetUtilisation, "above 0 and at most 1");
        require(promptTokens == null || promptTokens >= 1 && promptTokens <= MAX_TOKENS, "--prompt-tokens", promptTokens,
                "at least 1 and at most " + MAX_TOKENS);
        require(outputTokens == null || outputTokens >= 0 && outputTokens <= MAX_TOKENS, "--output-tokens", outputTokens,
                "0 or more and at most " + MAX_TOKENS);
        require(kvMb >= 1 && kvMb <= Long.MAX_VALUE >> 20, "--kv-mb", kvMb, "a positive number of MiB");
        require(pricePerHour >= 0 && Double.isFinite(pricePerHour), "--price-per-hour", pricePerHour, "a number of dollars, 0 or more");
        require(utilisation > 0 && utilisation <= 1, "--utilisation", utilisation, "above 0 and at most 1");
        require(sloTarget > 0 && sloTarget < 1, "--slo-target", sloTarget, "between 0 and 1 (e.g. 0.995)");
        require(windowRequests >= 1, "--window-requests", windowRequests, "at least 1");
        require(sloMs > 0 && Double.isFinite(sloMs), "--slo-ms", sloMs, "a positive number of milliseconds");
    }
}
