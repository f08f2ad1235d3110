package dev.quill.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quill.core.engine.EngineSnapshot;
import dev.quill.server.observe.LatencyBudget;
import dev.quill.server.observe.LiveStats;
import dev.quill.server.observe.Telemetry;
import io.javalin.http.Context;

/**
 * {@code GET /v1/stats}: the engine and the service right now, in one small JSON object for the
 * live dashboard (and anyone without a Prometheus server): the engine's snapshot (running,
 * waiting, KV blocks, prefix cache), and {@link LiveStats}' recent window (requests per second,
 * TTFT and end-to-end p50/p95, batch size per step, per-stage latency against the
 * {@link LatencyBudget}, cost per hour). Numbers with no samples yet are null.
 */
final class StatsApi {
    private final QuillServer server;
    private final Telemetry telemetry;
    private final LatencyBudget budget = LatencyBudget.defaults();

    StatsApi(QuillServer server) {
        this.server = server;
        this.telemetry = server.telemetry();
    }

    void stats(Context ctx) {
        EngineSnapshot e = server.tutor().engine().snapshot();
        LiveStats.Snapshot s = telemetry.live().snapshot(System.nanoTime(), budget);
        double price = telemetry.cost().usdPerHour();

        ObjectNode o = Json.object();
        o.put("model", server.tutor().modelName());
        o.put("policy", server.config().engine().policy());
        o.put("uptime_s", round(s.uptimeSeconds(), 1));
        o.put("window_s", LiveStats.WINDOW_SECONDS);
        o.put("rate_window_s", LiveStats.RATE_WINDOW_SECONDS);

        ObjectNode engine = o.putObject("engine");
        engine.put("running", e.running());
        engine.put("waiting", e.waiting());
        engine.put("kv_blocks_used", e.kvBlocksUsed());
        engine.put("kv_blocks_total", e.kvBlocksTotal());
        engine.put("kv_usage_ratio", round(e.kvUsageRatio(), 4));
        engine.put("prefix_hit_ratio", round(e.prefixHitRatio(), 4));
        engine.put("prefix_queried_tokens", e.prefixQueriedTokens());
        engine.put("prefix_hit_tokens", e.prefixHitTokens());
        engine.put("preemptions_total", e.preemptions());
        engine.put("steps_total", e.steps());
        engine.put("rejected_total", e.rejected());
        engine.put("draft_tokens_total", e.draftProposedTokens());
        engine.put("draft_accepted_tokens_total", e.draftAcceptedTokens());
        engine.put("draft_acceptance_ratio", round(e.draftAcceptanceRatio(), 4));

        ObjectNode batch = o.putObject("batch");
        batch.put("steps_per_second", round(s.stepsPerSecond(), 2));
        batch.put("mean_size", round(s.meanBatchSize(), 2));
        batch.put("max_size", s.maxBatchSize());
        batch.put("busy_ratio", round(s.busyRatio(), 4));

        ObjectNode requests = o.putObject("requests");
        requests.put("in_flight", server.inFlight());
        requests.put("total", s.requestsTotal());
        requests.put("per_second", round(s.requestsPerSecond(), 3));
        ObjectNode byStatus = requests.putObject("by_status");
        s.requestsByStatus().forEach((status, n) -> byStatus.put(Integer.toString(status), n));

        ObjectNode latency = o.putObject("latency_ms");
        percentiles(latency.putObject("ttft"), s.ttftMillis());
        percentiles(latency.putObject("e2e"), s.e2eMillis());

        ObjectNode tokens = o.putObject("tokens");
        tokens.put("prompt_per_second", round(s.promptTokensPerSecond(), 2));
        tokens.put("output_per_second", round(s.outputTokensPerSecond(), 2));

        o.put("budget_ms", budget.totalMillis());
        ArrayNode stages = o.putArray("stages");
        for (LiveStats.StageRow row : s.stages()) {
            ObjectNode r = stages.addObject();
            r.put("stage", row.stage());
            r.put("count", row.count());
            putNumber(r, "mean_ms", round(row.meanMillis(), 3));
            putNumber(r, "self_mean_ms", round(row.selfMeanMillis(), 3));
            putNumber(r, "p95_ms", round(row.p95Millis(), 3));
            putNumber(r, "budget_ms", row.budgetMillis());
            putNumber(r, "burn_rate", round(row.burnRate(), 3));
        }

        ObjectNode cost = o.putObject("cost");
        double tokensPerSecond = s.promptTokensPerSecond() + s.outputTokensPerSecond();
        cost.put("price_usd_per_hour", price);
        // what the engine's busy time is charging requests, per hour, at the recent load
        cost.put("usd_per_hour", s.busyRatio() * price);
        cost.put("usd_total", s.costUsdTotal());
        // seed 003: the instance's price over the tokens it served, idle time paid for too
        putNumber(cost, "usd_per_million_tokens", tokensPerSecond > 0 ? price / 3600 / tokensPerSecond * 1e6 : Double.NaN);
        ctx.json(o);
    }

    private static void percentiles(ObjectNode o, LiveStats.Percentiles p) {
        o.put("count", p.count());
        putNumber(o, "p50", round(p.p50(), 3));
        putNumber(o, "p95", round(p.p95(), 3));
    }

    private static void putNumber(ObjectNode o, String name, double v) {
        if (Double.isFinite(v)) o.put(name, v);
        else o.putNull(name);
    }

    private static double round(double v, int places) {
        if (!Double.isFinite(v)) return v;
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }
}
