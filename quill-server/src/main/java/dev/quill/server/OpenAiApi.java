package dev.quill.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quill.core.engine.Completion;
import dev.quill.core.engine.EngineRequest;
import dev.quill.core.engine.TopLogprobs;
import dev.quill.core.generate.SamplingParams;
import dev.quill.server.tutor.Degradation;
import dev.quill.server.tutor.Generation;
import dev.quill.server.tutor.Stage;
import dev.quill.server.tutor.Tutor;
import dev.quill.server.tutor.Usage;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The OpenAI-compatible endpoints, so existing OpenAI clients and SDKs can use quill:
 * {@code GET /v1/models}, {@code POST /v1/completions} (the raw prompt continued, no tutor
 * format) and {@code POST /v1/chat/completions} (the last user message corrected by the tutor;
 * the reply's content is the model's correction as generated: the tutor's minimum-gain guard,
 * whose verdict comes after the last token, is not applied, so that a streamed reply and a whole
 * one say the same). Both stream as OpenAI does: {@code data:} chunks, an
 * optional usage chunk ({@code stream_options.include_usage}), then {@code data: [DONE]}.
 *
 * <p>Sampling is greedy unless {@code temperature} is given (OpenAI's default of 1 suits chat,
 * not correction). Log-probabilities ({@code logprobs} and {@code top_logprobs} for chat,
 * {@code logprobs: k} for completions, up to 20 alternatives) are those of the model's own
 * distribution, and come with whole answers only: asked for with {@code stream}, they get 422.
 * Parameters quill cannot honour ({@code n} above 1, penalties, tools, stop sequences, a
 * non-text response format) are refused with 422 rather than ignored; bookkeeping ones
 * ({@code user}, {@code metadata}, {@code store}, ...) are accepted and ignored.
 */
final class OpenAiApi {
    private static final Set<String> COMMON = Set.of("model", "max_tokens", "temperature", "top_p", "n", "stream",
            "stream_options", "stop", "seed", "user", "presence_penalty", "frequency_penalty", "logit_bias", "logprobs");
    static final Set<String> CHAT_FIELDS = union(COMMON, Set.of("messages", "max_completion_tokens", "top_logprobs",
            "response_format", "metadata", "store", "service_tier", "parallel_tool_calls", "tools", "tool_choice"));
    static final Set<String> COMPLETION_FIELDS = union(COMMON, Set.of("prompt", "echo", "best_of", "suffix"));
    private static final int DEFAULT_COMPLETION_TOKENS = 16;

    private final QuillServer server;
    private final Tutor tutor;
    private final long createdSeconds = System.currentTimeMillis() / 1000;

    OpenAiApi(QuillServer server) {
        this.server = server;
        this.tutor = server.tutor();
    }

    void models(Context ctx) {
        ObjectNode o = Json.object().put("object", "list");
        o.putArray("data").addObject().put("id", tutor.modelName()).put("object", "model").put("created", createdSeconds)
                .put("owned_by", "quill");
        ctx.json(o);
    }

    /** What both endpoints read besides their text. */
    private record Options(String model, int maxTokens, SamplingParams sampling, boolean stream, boolean includeUsage) {}

    /**
     * The request's log-probability setting as {@link Tutor#correct} takes it: {@link Tutor#NO_LOGPROBS},
     * or the number of alternatives to report with each token's own log-probability.
     */
    private static int logprobs(Fields f, boolean chat, boolean stream) {
        int asked;
        if (chat) {
            Boolean on = f.optionalBoolean("logprobs");
            Integer top = f.optionalInt("top_logprobs", 0, EngineRequest.MAX_TOP_LOGPROBS);
            if (top != null && !Boolean.TRUE.equals(on)) {
                f.error("top_logprobs", "'top_logprobs' needs 'logprobs': true.");
            }
            asked = Boolean.TRUE.equals(on) ? (top == null ? 0 : top) : Tutor.NO_LOGPROBS;
        } else {
            JsonNode v = f.get("logprobs");
            // null and false (which some clients send for "none") ask for nothing
            Integer k = v == null || v.isNull() || (v.isBoolean() && !v.booleanValue()) ? null
                    : f.optionalInt("logprobs", 0, EngineRequest.MAX_TOP_LOGPROBS);
            asked = k == null ? Tutor.NO_LOGPROBS : k;
        }
        if (asked != Tutor.NO_LOGPROBS && stream) {
            f.error("logprobs", "Log probabilities come with whole answers only; ask without 'stream'.");
        }
        return asked;
    }

    private Options options(Context ctx, Fields f, Integer maxTokens, int defaultMaxTokens) {
        String model = f.optionalString("model");
        Double temperature = f.optionalNumber("temperature", 0, 2);
        Double topP = f.optionalNumber("top_p", 0, 1);
        if (topP != null && !(topP.floatValue() > 0)) {
            f.error("top_p", "'top_p' must be greater than 0 (as a 32-bit float) and at most 1, got " + topP + ".");
            topP = null;
        }
        Integer seed = f.optionalInt("seed", Integer.MIN_VALUE, Integer.MAX_VALUE);
        Boolean stream = f.optionalBoolean("stream");
        boolean includeUsage = false;
        JsonNode so = f.get("stream_options");
        if (so != null) {
            if (so instanceof ObjectNode sobj) {
                Boolean iu = f.nested("stream_options", sobj).allowOnly(Set.of("include_usage", "include_obfuscation"))
                        .optionalBoolean("include_usage");
                includeUsage = Boolean.TRUE.equals(iu);
            } else {
                f.error("stream_options", "'stream_options' must be an object, not " + Fields.kind(so) + ".");
            }
        }
        unsupported(f, "n", v -> v.isIntegralNumber() && v.intValue() == 1, "quill returns one choice; 'n' must be 1");
        unsupported(f, "best_of", v -> v.isIntegralNumber() && v.intValue() == 1, "'best_of' must be 1");
        unsupported(f, "presence_penalty", v -> v.isNumber() && v.doubleValue() == 0, "penalties are not supported; leave 'presence_penalty' at 0");
        unsupported(f, "frequency_penalty", v -> v.isNumber() && v.doubleValue() == 0, "penalties are not supported; leave 'frequency_penalty' at 0");
        unsupported(f, "logit_bias", v -> v.isObject() && v.isEmpty(), "'logit_bias' is not supported");
        unsupported(f, "stop", v -> (v.isArray() && v.isEmpty()), "stop sequences are not supported; generation stops at the model's end token");
        unsupported(f, "tools", v -> v.isArray() && v.isEmpty(), "tools are not supported");
        unsupported(f, "tool_choice", v -> v.isTextual() && v.textValue().equals("none"), "tools are not supported");
        unsupported(f, "echo", v -> v.isBoolean() && !v.booleanValue(), "'echo' is not supported");
        unsupported(f, "suffix", v -> v.isTextual() && v.textValue().isEmpty(), "'suffix' is not supported");
        unsupported(f, "response_format", v -> v.isObject() && "text".equals(v.path("type").asText()), "only the text response format is supported");
        for (String ignored : new String[] {"user", "service_tier"}) {
            JsonNode v = f.get(ignored);
            if (v != null && !v.isTextual()) f.error(ignored, "'" + ignored + "' must be a string, not " + Fields.kind(v) + ".");
        }
        SamplingParams sampling = temperature == null || temperature == 0
                ? SamplingParams.greedy()
                : new SamplingParams(temperature.floatValue(), 0, topP == null ? 1f : topP.floatValue(), seed == null ? 0 : seed);
        return new Options(model, maxTokens != null ? maxTokens : defaultMaxTokens, sampling, QuillServer.wantsStream(ctx, stream), includeUsage);
    }

    private static void unsupported(Fields f, String name, Predicate<JsonNode> neutral, String why) {
        JsonNode v = f.get(name);
        if (v != null && !neutral.test(v)) f.error(name, "Unsupported value for '" + name + "': " + why + ".");
    }

    private void checkModel(String model) {
        if (model != null && !model.equals(tutor.modelName())) throw new ApiException(new ApiError.ModelNotFound(model, tutor.modelName()));
    }

    // ---------------------------------------------------------------- /v1/chat/completions

    void chatCompletions(Context ctx, Call call) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Fields f = new Fields(server.readJson(ctx)).allowOnly(CHAT_FIELDS);
        int cap = server.config().maxOutputTokens();
        Integer maxTokens = f.optionalInt("max_completion_tokens", 1, cap);
        if (maxTokens == null) maxTokens = f.optionalInt("max_tokens", 1, cap);
        String sentence = lastUserMessage(f);
        Options o = options(ctx, f, maxTokens, sentence == null ? 1 : tutor.defaultMaxTokens(tutor.countTokens(sentence), cap));
        int logprobs = logprobs(f, true, o.stream());
        f.throwIfInvalid();
        checkModel(o.model());
        server.stage(call, Stage.VALIDATE_BODY, t0);
        server.noteText(ctx, sentence);
        Degradation degradation = server.plan();
        Generation g = server.submit(() -> tutor.correct(call.requestId(), sentence, o.maxTokens(), call.deadlineNanos(), o.sampling(),
                degradation, logprobs),
                "/messages");
        String id = "chatcmpl-" + call.requestId();
        long created = System.currentTimeMillis() / 1000;
        if (o.stream()) {
            server.stream(ctx, call, g, new Chunks(id, created, true, o.includeUsage()));
            return;
        }
        Completion c = server.awaitAnswer(ctx, call, g);
        if (c == null) return;
        ObjectNode answer = envelope(id, "chat.completion", created);
        ObjectNode choice = answer.putArray("choices").addObject().put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", tutor.text(c)).putNull("refusal");
        if (logprobs == Tutor.NO_LOGPROBS) choice.putNull("logprobs");
        else choice.set("logprobs", chatLogprobs(c, logprobs));
        choice.put("finish_reason", Json.finishReason(c.finishReason()));
        answer.set("usage", usage(tutor.usage(g, c)));
        server.answer(ctx, answer);
    }

    /** The text of the last user message (string content, or the text parts of an array), normalised and checked. */
    private String lastUserMessage(Fields f) {
        JsonNode messages = f.get("messages");
        if (messages == null) {
            f.error("messages", "'messages' is required: an array of {\"role\", \"content\"} with at least one user message.");
            return null;
        }
        if (!messages.isArray() || messages.isEmpty()) {
            f.error("messages", "'messages' must be a non-empty array, not " + (messages.isArray() ? "an empty one" : Fields.kind(messages)) + ".");
            return null;
        }
        String text = null;
        String where = null;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String at = "messages/" + i;
            if (!(m instanceof ObjectNode mo)) {
                f.errorAt(at, "Each message must be an object, not " + Fields.kind(m) + ".");
                continue;
            }
            Fields mf = f.nested(at, mo).allowOnly(Set.of("role", "content", "name"));
            String role = mf.requiredString("role");
            if (role != null && !Set.of("system", "developer", "user", "assistant").contains(role)) {
                mf.error("role", "'role' must be system, developer, user or assistant, not '" + role + "'.");
            }
            JsonNode content = mf.get("content");
            String s = content == null ? null : contentText(mf, content);
            if ("user".equals(role)) {
                if (content == null) mf.error("content", "A user message needs 'content'.");
                text = s;
                where = at + "/content";
            }
        }
        if (where == null) {
            if (!f.hasErrors()) f.error("messages", "'messages' holds no user message to correct.");
            return null;
        }
        if (text == null) return null;
        return TutorApi.checkSentence(f, where, text, server.config().maxSentenceChars());
    }

    private static String contentText(Fields mf, JsonNode content) {
        if (content.isTextual()) return content.textValue();
        if (content.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < content.size(); j++) {
                JsonNode part = content.get(j);
                if (!(part instanceof ObjectNode po) || !"text".equals(po.path("type").asText()) || !po.path("text").isTextual()) {
                    mf.errorAt("content/" + j, "Only text parts ({\"type\": \"text\", \"text\": \"...\"}) are supported.");
                    return null;
                }
                sb.append(po.get("text").textValue());
            }
            return sb.toString();
        }
        mf.error("content", "'content' must be a string or an array of text parts, not " + Fields.kind(content) + ".");
        return null;
    }

    // ---------------------------------------------------------------- /v1/completions

    void completions(Context ctx, Call call) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Fields f = new Fields(server.readJson(ctx)).allowOnly(COMPLETION_FIELDS);
        Integer maxTokens = f.optionalInt("max_tokens", 1, server.config().maxOutputTokens());
        String prompt = null;
        JsonNode p = f.get("prompt");
        if (p == null) {
            f.error("prompt", "'prompt' is required.");
        } else if (p.isTextual()) {
            prompt = TutorApi.checkSentence(f, "prompt", p.textValue(), server.config().maxSentenceChars());
        } else if (p.isArray() && p.size() == 1 && p.get(0).isTextual()) {
            prompt = TutorApi.checkSentence(f, "prompt/0", p.get(0).textValue(), server.config().maxSentenceChars());
        } else if (p.isArray() && p.size() != 1) {
            f.error("prompt", "'prompt' must be one string; " + (p.isEmpty() ? "the array is empty" : "this server takes one prompt per request, not " + p.size()) + ".");
        } else {
            f.error("prompt", "'prompt' must be a string (or an array of one string), not " + (p.isArray() ? "an array of " + Fields.kind(p.get(0)) : Fields.kind(p)) + ".");
        }
        Options o = options(ctx, f, maxTokens, Math.min(DEFAULT_COMPLETION_TOKENS, server.config().maxOutputTokens()));
        int logprobs = logprobs(f, false, o.stream());
        f.throwIfInvalid();
        checkModel(o.model());
        server.stage(call, Stage.VALIDATE_BODY, t0);
        String text = prompt;
        server.noteText(ctx, text);
        Degradation degradation = server.plan();
        Generation g = server.submit(() -> tutor.continueText(call.requestId(), text, degradation.maxTokens(o.maxTokens()),
                call.deadlineNanos(), o.sampling(), logprobs),
                "/prompt");
        String id = "cmpl-" + call.requestId();
        long created = System.currentTimeMillis() / 1000;
        if (o.stream()) {
            server.stream(ctx, call, g, new Chunks(id, created, false, o.includeUsage()));
            return;
        }
        Completion c = server.awaitAnswer(ctx, call, g);
        if (c == null) return;
        ObjectNode answer = envelope(id, "text_completion", created);
        ObjectNode choice = answer.putArray("choices").addObject().put("text", tutor.text(c)).put("index", 0);
        if (logprobs == Tutor.NO_LOGPROBS) choice.putNull("logprobs");
        else choice.set("logprobs", completionLogprobs(c, logprobs));
        choice.put("finish_reason", Json.finishReason(c.finishReason()));
        answer.set("usage", usage(tutor.usage(g, c)));
        server.answer(ctx, answer);
    }

    // ---------------------------------------------------------------- log-probabilities

    /** The output tokens the answer's text is made of: all but a final stop token. */
    private int answerTokens(Completion c) {
        int[] out = c.outputTokens();
        return out.length > 0 && out[out.length - 1] == tutor.engine().config().stopToken() ? out.length - 1 : out.length;
    }

    /** Chat's shape: {@code {"content": [{token, logprob, bytes, top_logprobs: [...]}], "refusal": null}}. */
    private ObjectNode chatLogprobs(Completion c, int top) {
        ObjectNode o = Json.object();
        ArrayNode content = o.putArray("content");
        for (int i = 0; i < answerTokens(c); i++) {
            ObjectNode t = tokenEntry(c.outputTokens()[i], c.outputLogprobs()[i]);
            ArrayNode alternatives = t.putArray("top_logprobs");
            if (top > 0) {
                TopLogprobs alt = c.outputTopLogprobs().get(i);
                for (int j = 0; j < alt.size(); j++) alternatives.add(tokenEntry(alt.ids()[j], alt.logprobs()[j]));
            }
            content.add(t);
        }
        o.putNull("refusal");
        return o;
    }

    private ObjectNode tokenEntry(int id, float logprob) {
        ObjectNode t = Json.object().put("token", tokenText(id)).put("logprob", logprob);
        ArrayNode bytes = t.putArray("bytes");
        for (byte b : tutor.tokenizer().tokenBytes(id)) bytes.add(b & 0xff);
        return t;
    }

    /**
     * The completions shape: {@code tokens}, {@code token_logprobs}, {@code top_logprobs} (one
     * object of token to log-probability per position; null when no alternatives were asked) and
     * {@code text_offset} (where each token's text starts in the completion's text).
     */
    private ObjectNode completionLogprobs(Completion c, int top) {
        ObjectNode o = Json.object();
        ArrayNode tokens = o.putArray("tokens");
        ArrayNode logprobs = o.putArray("token_logprobs");
        ArrayNode offsets = o.putArray("text_offset");
        ArrayNode alternatives = top > 0 ? o.putArray("top_logprobs") : null;
        if (alternatives == null) o.putNull("top_logprobs");
        int n = answerTokens(c);
        int[] out = c.outputTokens();
        for (int i = 0; i < n; i++) {
            tokens.add(tokenText(out[i]));
            logprobs.add(c.outputLogprobs()[i]);
            offsets.add(tutor.tokenizer().decode(java.util.Arrays.copyOf(out, i)).length());
            if (alternatives != null) {
                TopLogprobs alt = c.outputTopLogprobs().get(i);
                ObjectNode byToken = alternatives.addObject();
                for (int j = 0; j < alt.size(); j++) byToken.put(tokenText(alt.ids()[j]), alt.logprobs()[j]);
            }
        }
        return o;
    }

    /** A token's own text (U+FFFD where it holds part of a character; its bytes say which). */
    private String tokenText(int id) {
        return tutor.tokenizer().decode(new int[] {id});
    }

    // ---------------------------------------------------------------- shapes

    private ObjectNode envelope(String id, String object, long created) {
        return Json.object().put("id", id).put("object", object).put("created", created).put("model", tutor.modelName());
    }

    private static ObjectNode usage(Usage u) {
        return Json.object().put("prompt_tokens", u.promptTokens()).put("completion_tokens", u.outputTokens())
                .put("total_tokens", u.promptTokens() + u.outputTokens());
    }

    /** OpenAI's streaming chunks, for chat ({@code chat.completion.chunk}) or completions ({@code text_completion}). */
    private final class Chunks implements StreamFormat {
        private final String id;
        private final long created;
        private final boolean chat;
        private final boolean includeUsage;

        Chunks(String id, long created, boolean chat, boolean includeUsage) {
            this.id = id;
            this.created = created;
            this.chat = chat;
            this.includeUsage = includeUsage;
        }

        private ObjectNode chunk(String text, boolean first, String finishReason) {
            ObjectNode o = envelope(id, chat ? "chat.completion.chunk" : "text_completion", created);
            ArrayNode choices = o.putArray("choices");
            ObjectNode choice = choices.addObject().put("index", 0);
            if (chat) {
                ObjectNode delta = choice.putObject("delta");
                if (first) delta.put("role", "assistant");
                if (text != null) delta.put("content", text);
            } else {
                choice.put("text", text == null ? "" : text);
            }
            choice.putNull("logprobs");
            if (finishReason == null) choice.putNull("finish_reason");
            else choice.put("finish_reason", finishReason);
            return o;
        }

        @Override
        public void start(SseWriter out) throws IOException {
            if (chat) out.data(Json.bytes(chunk("", true, null)));
        }

        @Override
        public void piece(SseWriter out, int index, String text) throws IOException {
            out.data(Json.bytes(chunk(text, false, null)));
        }

        @Override
        public void done(SseWriter out, Generation g, Completion c) throws IOException {
            out.data(Json.bytes(chunk(null, false, Json.finishReason(c.finishReason()))));
            if (includeUsage) {
                ObjectNode u = envelope(id, chat ? "chat.completion.chunk" : "text_completion", created);
                u.putArray("choices");
                u.set("usage", usage(tutor.usage(g, c)));
                out.data(Json.bytes(u));
            }
            out.data("[DONE]".getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void error(SseWriter out, ApiError e, String requestId) throws IOException {
            out.data(Json.bytes(QuillServer.problem(e, requestId)));
            out.data("[DONE]".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> s = new java.util.HashSet<>(a);
        s.addAll(b);
        return Set.copyOf(s);
    }
}
