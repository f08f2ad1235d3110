package dev.quill.load;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Seed 003's planning arithmetic, as plain functions of measured numbers (see {@code quill plan}).
 * Times in seconds, rates in requests (or tokens) per second, unless a name says otherwise.
 */
public final class CapacityPlan {
    private CapacityPlan() {}

    /** Little's law: requests in the system on average, L = lambda * W. */
    public static double littlesLaw(double arrivalsPerSecond, double latencySeconds) {
        return arrivalsPerSecond * latencySeconds;
    }

    /** Utilisation rho = lambda / (c * mu) of c servers, each serving mu = 1 / S requests a second. */
    public static double utilisation(double arrivalsPerSecond, double serviceSeconds, int servers) {
        return arrivalsPerSecond * serviceSeconds / servers;
    }

    /** M/M/1 mean time in queue, Wq = rho * S / (1 - rho); infinite when rho >= 1 (the queue grows without bound). */
    public static double mm1QueueSeconds(double arrivalsPerSecond, double serviceSeconds) {
        double rho = utilisation(arrivalsPerSecond, serviceSeconds, 1);
        return rho >= 1 ? Double.POSITIVE_INFINITY : rho * serviceSeconds / (1 - rho);
    }

    /** M/M/1 mean response time, W = S / (1 - rho). */
    public static double mm1ResponseSeconds(double arrivalsPerSecond, double serviceSeconds) {
        return mm1QueueSeconds(arrivalsPerSecond, serviceSeconds) + serviceSeconds;
    }

    /**
     * Erlang's C formula: the chance that an arrival at c servers with offered load a = lambda * S
     * waits, C = (a^c / c!) (c / (c - a)) / (sum_{k<c} a^k / k! + (a^c / c!) (c / (c - a))).
     */
    public static double erlangC(int servers, double offeredLoad) {
        if (offeredLoad >= servers) return 1;
        double term = 1; // a^k / k!
        double sum = 0;
        for (int k = 0; k < servers; k++) {
            sum += term;
            term *= offeredLoad / (k + 1);
        }
        double last = term * servers / (servers - offeredLoad);
        return last / (sum + last);
    }

    /** M/M/c mean time in queue, Wq = C(c, a) / (c * mu - lambda); infinite when rho >= 1. */
    public static double mmcQueueSeconds(double arrivalsPerSecond, double serviceSeconds, int servers) {
        if (utilisation(arrivalsPerSecond, serviceSeconds, servers) >= 1) return Double.POSITIVE_INFINITY;
        double mu = 1 / serviceSeconds;
        return erlangC(servers, arrivalsPerSecond * serviceSeconds) / (servers * mu - arrivalsPerSecond);
    }

    /** How many sequences of {@code bytesPerSequence} fit in a KV budget (whole sequences only). */
    public static long maxSequences(long kvBudgetBytes, long bytesPerSequence) {
        return kvBudgetBytes / bytesPerSequence;
    }

    /**
     * KV bytes one sequence of {@code tokens} holds in a paged cache: whole blocks of
     * {@code blockTokens}, each {@code bytesPerBlock}. An upper bound for quill, whose prefix
     * cache shares the full blocks of the fixed prompt head between sequences.
     */
    public static long bytesPerSequence(int tokens, int blockTokens, long bytesPerBlock) {
        long blocks = (tokens + blockTokens - 1) / blockTokens;
        return blocks * bytesPerBlock;
    }

    /** Cost of a million tokens at an hourly instance price and a token rate: 1e6 * price / (3600 * tokens/s). */
    public static double costPerMillionTokens(double pricePerHour, double tokensPerSecond) {
        return 1e6 * pricePerHour / (3600 * tokensPerSecond);
    }

    /** The same cost when the instance is busy only {@code utilisation} of the time (idle hours are paid too). */
    public static double utilisationAdjustedCost(double costPerMillion, double utilisation) {
        return costPerMillion / utilisation;
    }

    /** Replicas so that each runs at most at {@code targetUtilisation}: ceil(lambda / (target * mu)). */
    public static int replicas(double arrivalsPerSecond, double perReplicaPerSecond, double targetUtilisation) {
        return (int) Math.ceil(arrivalsPerSecond / (targetUtilisation * perReplicaPerSecond) - 1e-9);
    }

    /** Requests that may fail an SLO of {@code target} (e.g. 0.995) in a window of {@code requests}. */
    public static long errorBudget(long requests, double target) {
        return (long) Math.floor((1 - target) * requests + 1e-6);
    }

    /** A way to serve a request: its predicted latency and the share of full quality it keeps. */
    public record Option(String name, double latencyMillis, double quality) {}

    /** Seed 003's choice: of the options within the SLO, the one keeping the most quality (empty if none fits). */
    public static Optional<Option> bestWithin(List<Option> options, double sloMillis) {
        return options.stream().filter(o -> o.latencyMillis() <= sloMillis).max(Comparator.comparingDouble(Option::quality));
    }
}
