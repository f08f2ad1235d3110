package dev.quill.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /metrics} scraped (Prometheus text format) before and after real requests. */
class MetricsTest {
    private final TestServers.Running server = TestServers.shared();
    private final Http http = server.http;

    /** One sample line: {@code name{a="x",b="y"} value}. */
    record Sample(String name, Map<String, String> labels, double value) {}

    static List<Sample> parse(String text) {
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int space = line.lastIndexOf(' ');
            String series = line.substring(0, space);
            double value = Double.parseDouble(line.substring(space + 1));
            Map<String, String> labels = new LinkedHashMap<>();
            int brace = series.indexOf('{');
            String name = brace < 0 ? series : series.substring(0, brace);
            if (brace >= 0) {
                for (String kv : series.substring(brace + 1, series.length() - 1).split(",(?=[a-z_]+=\")")) {
                    if (kv.isEmpty()) continue;
                    int eq = kv.indexOf('=');
                    labels.put(kv.substring(0, eq), kv.substring(eq + 2, kv.length() - 1));
                }
            }
            out.add(new Sample(name, labels, value));
        }
        return out;
    }

    /** The sum of every series of {@code name} whose labels include {@code labels} (k, v, k, v...). */
    static double value(List<Sample> samples, String name, String... labels) {
        double sum = 0;
        for (Sample s : samples) {
            if (!s.name().equals(name)) continue;
            boolean match = true;
            for (int i = 0; i < labels.length; i += 2) match &= labels[i + 1].equals(s.labels().get(labels[i]));
            if (match) sum += s.value();
        }
        return sum;
    }

    List<Sample> scrape() throws Exception {
        var r = http.client.send(java.net.http.HttpRequest.newBuilder(http.uri("/metrics")).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        return parse(r.body());
    }

    @Test
    void aFewRequestsMoveTheRightSeriesByTheRightAmounts() throws Exception {
        assertThat(server.engine().awaitIdle(10, TimeUnit.SECONDS)).isTrue();
        server.awaitCounted();
        List<Sample> before = scrape();
        int prompt = 0, output = 0, gaps = 0;
        double cost = 0;
        String[] sentences = {"He buyed a car", "She go to the market", "They was happy"};
        for (String s : sentences) {
            JsonNode u = http.postJson("/v1/grammar/correct", "{\"sentence\": \"" + s + "\", \"max_tokens\": 6}").json().get("usage");
            prompt += u.get("prompt_tokens").asInt();
            output += u.get("output_tokens").asInt();
            gaps += u.get("output_tokens").asInt() - 1;
            cost += u.get("cost_usd").asDouble();
        }
        assertThat(http.postJson("/v1/grammar/correct", "{\"sentence\": 7}").status()).isEqualTo(422);
        assertThat(server.engine().awaitIdle(10, TimeUnit.SECONDS)).isTrue();
        server.awaitCounted();
        List<Sample> after = scrape();

        assertThat(delta(before, after, "quill_requests_total", "status", "200")).isEqualTo(3);
        assertThat(delta(before, after, "quill_requests_total", "status", "422", "finished_reason", "none")).isEqualTo(1);
        assertThat(delta(before, after, "quill_requests_rejected_total", "reason", "invalid-request")).isEqualTo(1);
        assertThat(delta(before, after, "quill_time_to_first_token_seconds_count")).isEqualTo(3);
        assertThat(delta(before, after, "quill_e2e_request_latency_seconds_count")).isEqualTo(3);
        assertThat(delta(before, after, "quill_request_queue_time_seconds_count")).isEqualTo(3);
        assertThat(delta(before, after, "quill_request_prefill_time_seconds_count")).isEqualTo(3);
        assertThat(delta(before, after, "quill_request_decode_time_seconds_count")).isEqualTo(3);
        assertThat(delta(before, after, "quill_inter_token_latency_seconds_count")).isEqualTo(gaps);
        assertThat(delta(before, after, "quill_prompt_tokens_total")).isEqualTo(prompt);
        assertThat(delta(before, after, "quill_generation_tokens_total")).isEqualTo(output);
        assertThat(delta(before, after, "quill_prefix_cache_queries_total")).isEqualTo(prompt); // no preemption here
        assertThat(delta(before, after, "quill_request_cost_usd_total")).isCloseTo(cost, within(1e-12 + cost * 1e-9));
        for (String stage : List.of("validate.body", "tokenize.bpe", "retrieve.hybrid", "model.prefill", "model.decode",
                "format.json", "cost.emit")) {
            assertThat(delta(before, after, "quill_stage_duration_seconds_count", "stage", stage)).as(stage).isEqualTo(3);
        }
        // the refused body passed the guards before its validation failed
        assertThat(delta(before, after, "quill_stage_duration_seconds_count", "stage", "security.check")).isEqualTo(4);
        assertThat(delta(before, after, "quill_engine_step_batch_size_count")).isGreaterThanOrEqualTo(output);
        assertThat(value(after, "quill_num_requests_running")).isZero();
        assertThat(value(after, "quill_num_requests_waiting")).isZero();
        assertThat(value(after, "quill_kv_cache_usage_ratio")).isBetween(0.0, 1.0);
        assertThat(value(after, "quill_instance_price_usd_per_hour")).isEqualTo(0.10);
    }

    @Test
    void dashboardAndAlertRulesUseOnlyMetricsTheServerExports() throws Exception {
        // labelled series exist once used: one answer and one refusal
        assertThat(http.postJson("/v1/grammar/correct", "{\"sentence\": \"He go\", \"max_tokens\": 2}").status()).isEqualTo(200);
        assertThat(http.postJson("/v1/grammar/correct", "{\"sentence\": 7}").status()).isEqualTo(422);
        server.awaitCounted();
        java.util.Set<String> exported = new java.util.HashSet<>();
        for (Sample s : scrape()) exported.add(s.name());
        java.util.regex.Pattern name = java.util.regex.Pattern.compile("\\bquill_[a-z0-9_]+");
        for (String file : List.of("../deploy/grafana/quill-serving.json", "../deploy/prometheus/quill-alerts.yml")) {
            String text = java.nio.file.Files.readString(java.nio.file.Path.of(file));
            var m = name.matcher(text);
            int uses = 0;
            while (m.find()) {
                String used = m.group();
                assertThat(exported.contains(used) || exported.contains(used + "_bucket")).as("%s uses %s", file, used).isTrue();
                uses++;
            }
            assertThat(uses).as(file).isGreaterThan(5);
        }
    }

    private static double delta(List<Sample> before, List<Sample> after, String name, String... labels) {
        return value(after, name, labels) - value(before, name, labels);
    }
}
