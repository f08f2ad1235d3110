package dev.quill.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Requests shaped as the official OpenAI SDKs send them (openai-python 1.x), answered in OpenAI's shapes. */
class OpenAiCompatTest {
    private final TestServers.Running server = TestServers.shared();
    private final Http http = server.http;
    /** Headers the Python SDK adds to every call. */
    private static final String[] SDK_HEADERS = {"Authorization", "Bearer sk-anything", "User-Agent", "OpenAI/Python 1.54.0",
        "X-Stainless-Lang", "python", "X-Stainless-Package-Version", "1.54.0", "X-Stainless-Retry-Count", "0", "Accept", "application/json"};

    @Test
    void chatCompletionAsTheSdkSendsIt() {
        String model = server.tutor.modelName();
        Http.Reply r = http.postJson("/v1/chat/completions", """
                {"messages": [{"role": "system", "content": "You are a grammar tutor."},
                              {"role": "user", "content": [{"type": "text", "text": "She go to school"}]}],
                 "model": "%s", "max_tokens": 8, "temperature": 0, "n": 1, "stream": false, "user": "u-1",
                 "presence_penalty": 0, "frequency_penalty": 0, "logprobs": false}""".formatted(model), SDK_HEADERS);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode a = r.json();
        assertThat(a.get("object").asString()).isEqualTo("chat.completion");
        assertThat(a.get("model").asString()).isEqualTo(model);
        assertThat(a.get("choices").get(0).get("message").get("role").asString()).isEqualTo("assistant");
        JsonNode u = a.get("usage");
        assertThat(u.get("total_tokens").asInt()).isEqualTo(u.get("prompt_tokens").asInt() + u.get("completion_tokens").asInt());
    }

    @Test
    void streamedChatEndsWithUsageAndDone() throws Exception {
        List<Http.Event> events = http.stream("/v1/chat/completions", """
                {"messages": [{"role": "user", "content": "I has two cat"}], "model": "%s", "stream": true,
                 "stream_options": {"include_usage": true}, "max_tokens": 8}""".formatted(server.tutor.modelName()), e -> {}, SDK_HEADERS);
        assertThat(events.getLast().data()).isEqualTo("[DONE]");
        assertThat(events.getFirst().json().at("/choices/0/delta/role").asString()).isEqualTo("assistant");
        JsonNode usage = events.get(events.size() - 2).json();
        assertThat(usage.get("choices")).isEmpty();
        assertThat(usage.at("/usage/completion_tokens").asInt()).isBetween(1, 8);
        assertThat(events.get(events.size() - 3).json().at("/choices/0/finish_reason").asString()).isIn("stop", "length");
    }

    @Test
    void completionContinuesTheRawPrompt() throws Exception {
        Http.Reply r = http.postJson("/v1/completions", "{\"model\": \"" + server.tutor.modelName()
                + "\", \"prompt\": \"Once upon a time\", \"max_tokens\": 5, \"temperature\": 0.7, \"seed\": 3}", SDK_HEADERS);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().at("/choices/0/finish_reason").asString()).isIn("stop", "length");
        List<Http.Event> events = http.stream("/v1/completions", "{\"prompt\": [\"Once upon a time\"], \"stream\": true, \"max_tokens\": 5}", e -> {});
        assertThat(events.getLast().data()).isEqualTo("[DONE]");
        assertThat(http.get("/v1/models").json().at("/data/0/object").asString()).isEqualTo("model");
    }

    @Test
    void whatQuillCannotHonourIsRefusedWithTheParameterNamed() {
        Http.Reply n = http.postJson("/v1/chat/completions", "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"n\": 2}");
        assertThat(n.status()).isEqualTo(422);
        assertThat(n.json().at("/error/param").asString()).isEqualTo("n");
        assertThat(n.json().at("/error/type").asString()).isEqualTo("invalid_request_error");
        for (String topP : new String[] {"0", "1e-50", "1.5", "\"high\""}) {
            Http.Reply r = http.postJson("/v1/completions", "{\"prompt\": \"x\", \"temperature\": 1, \"top_p\": " + topP + "}");
            assertThat(r.status()).as(topP).isEqualTo(422);
            assertThat(r.json().get("field").asString()).isEqualTo("/top_p");
        }
        Http.Reply noUser = http.postJson("/v1/chat/completions", "{\"messages\": [{\"role\": \"system\", \"content\": \"hi\"}]}");
        assertThat(noUser.status()).isEqualTo(422);
        assertThat(noUser.json().get("field").asString()).isEqualTo("/messages");
        Http.Reply badContent = http.postJson("/v1/chat/completions",
                "{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"image_url\", \"image_url\": {}}]}]}");
        assertThat(badContent.status()).isEqualTo(422);
        assertThat(badContent.json().get("field").asString()).isEqualTo("/messages/0/content/0");
        Http.Reply model = http.postJson("/v1/chat/completions", "{\"model\": \"gpt-4o\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");
        assertThat(model.status()).isEqualTo(404);
        assertThat(model.json().at("/error/code").asString()).isEqualTo("model_not_found");
    }

    @Test
    void chatLogprobsCoverTheReplyTokenByTokenWithTheirAlternatives() {
        Http.Reply r = http.postJson("/v1/chat/completions", """
                {"messages": [{"role": "user", "content": "She go to school"}], "max_tokens": 8,
                 "logprobs": true, "top_logprobs": 3}""");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode choice = r.json().at("/choices/0");
        JsonNode content = choice.at("/logprobs/content");
        assertThat(content.size()).isPositive();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (JsonNode t : content) {
            double lp = t.get("logprob").asDouble();
            assertThat(lp).isLessThanOrEqualTo(0.0);
            JsonNode top = t.get("top_logprobs");
            assertThat(top).hasSize(3);
            // greedy: the chosen token is the most likely one, and the alternatives come most likely first
            assertThat(top.get(0).get("token").asString()).isEqualTo(t.get("token").asString());
            assertThat(top.get(0).get("logprob").asDouble()).isEqualTo(lp);
            assertThat(top.get(1).get("logprob").asDouble()).isLessThanOrEqualTo(top.get(0).get("logprob").asDouble());
            assertThat(top.get(2).get("logprob").asDouble()).isLessThanOrEqualTo(top.get(1).get("logprob").asDouble());
            for (JsonNode b : t.get("bytes")) bytes.write(b.asInt());
        }
        // the tokens' bytes spell the reply exactly
        assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(choice.at("/message/content").asString());
    }

    @Test
    void completionLogprobsInTheLegacyShape() {
        Http.Reply r = http.postJson("/v1/completions", "{\"prompt\": \"Once upon a time\", \"max_tokens\": 6, \"logprobs\": 2}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode choice = r.json().at("/choices/0");
        JsonNode lp = choice.get("logprobs");
        int n = lp.get("tokens").size();
        assertThat(n).isPositive();
        assertThat(lp.get("token_logprobs")).hasSize(n);
        assertThat(lp.get("top_logprobs")).hasSize(n);
        assertThat(lp.get("text_offset").get(0).asInt()).isZero();
        int textLength = choice.get("text").asString().length();
        for (int i = 0; i < n; i++) {
            int offset = lp.get("text_offset").get(i).asInt();
            assertThat(offset).isBetween(i == 0 ? 0 : lp.get("text_offset").get(i - 1).asInt(), textLength);
            assertThat(lp.get("token_logprobs").get(i).asDouble()).isLessThanOrEqualTo(0.0);
            assertThat(lp.get("top_logprobs").get(i).size()).isBetween(1, 2);
        }
        Http.Reply none = http.postJson("/v1/completions", "{\"prompt\": \"Once upon a time\", \"max_tokens\": 2, \"logprobs\": 0}");
        assertThat(none.json().at("/choices/0/logprobs/top_logprobs").isNull()).isTrue();
        assertThat(none.json().at("/choices/0/logprobs/token_logprobs").size()).isPositive();
    }

    @Test
    void logprobsThatCannotBeGivenAreRefusedWithTheParameterNamed() {
        Http.Reply streamed = http.postJson("/v1/chat/completions",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"logprobs\": true, \"stream\": true}");
        assertThat(streamed.status()).isEqualTo(422);
        assertThat(streamed.json().at("/error/param").asString()).isEqualTo("logprobs");
        Http.Reply topAlone = http.postJson("/v1/chat/completions",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"top_logprobs\": 2}");
        assertThat(topAlone.status()).isEqualTo(422);
        assertThat(topAlone.json().at("/error/param").asString()).isEqualTo("top_logprobs");
        Http.Reply tooMany = http.postJson("/v1/completions", "{\"prompt\": \"x\", \"logprobs\": 21}");
        assertThat(tooMany.status()).isEqualTo(422);
        assertThat(tooMany.json().at("/error/param").asString()).isEqualTo("logprobs");
    }
}
