package dev.quill.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quill.core.engine.Completion;
import dev.quill.core.generate.SamplingParams;
import dev.quill.server.guard.InputNormalizer;
import dev.quill.server.tutor.Degradation;
import dev.quill.server.tutor.Generation;
import dev.quill.server.tutor.Stage;
import dev.quill.server.tutor.Tutor;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Set;

/**
 * {@code POST /v1/grammar/correct}: {@code {"sentence": "...", "stream": false, "max_tokens": n}}
 * answered with the correction, its edits and usage; with {@code "stream": true} (or
 * {@code Accept: text/event-stream}) as Server-Sent Events: {@code token} events as text is
 * decoded, then one {@code correction} event holding the same object as the non-streamed answer
 * (or an {@code error} event holding a problem).
 */
final class TutorApi {
    static final Set<String> FIELDS = Set.of("sentence", "stream", "max_tokens");

    private final QuillServer server;
    private final Tutor tutor;

    TutorApi(QuillServer server) {
        this.server = server;
        this.tutor = server.tutor();
    }

    void correct(Context ctx, Call call) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        ObjectNode body = server.readJson(ctx);
        Fields f = new Fields(body).allowOnly(FIELDS);
        String raw = f.requiredString("sentence");
        Boolean stream = f.optionalBoolean("stream");
        Integer maxTokens = f.optionalInt("max_tokens", 1, server.config().maxOutputTokens());
        String sentence = raw == null ? null : checkSentence(f, "sentence", raw, server.config().maxSentenceChars());
        f.throwIfInvalid();
        server.stage(call, Stage.VALIDATE_BODY, t0);
        server.noteText(ctx, sentence);

        Degradation degradation = server.plan();
        int cap = maxTokens != null ? maxTokens : tutor.defaultMaxTokens(tutor.countTokens(sentence), server.config().maxOutputTokens());
        Generation g = server.submit(() -> tutor.correct(call.requestId(), sentence, cap, call.deadlineNanos(), SamplingParams.greedy(), degradation),
                "/sentence");
        if (QuillServer.wantsStream(ctx, stream)) {
            server.stream(ctx, call, g, new TutorEvents(tutor));
            return;
        }
        Completion c = server.awaitAnswer(ctx, call, g);
        if (c == null) return;
        ObjectNode answer = Json.correction(tutor.correction(g, c)); // format.json (and retrieve.hybrid) inside
        long f0 = System.nanoTime();
        server.answer(ctx, answer);
        server.stage(call, Stage.COST_EMIT, f0);
    }

    /**
     * The normalised text of a sentence-like field, or null after reporting it empty or too long.
     * Length is checked before normalising too, so no one makes the server normalise megabytes.
     */
    static String checkSentence(Fields f, String where, String raw, int maxChars) {
        String name = where.substring(where.lastIndexOf('/') + 1);
        if (raw.length() > 4 * maxChars) {
            f.errorAt(where, "'" + name + "' is " + raw.length() + " characters long; at most " + maxChars + " are accepted.");
            return null;
        }
        String s = InputNormalizer.normalize(raw);
        if (s.isEmpty()) {
            f.errorAt(where, "'" + name + "' is empty" + (raw.isEmpty() ? "" : " once control characters and spaces are removed") + ".");
            return null;
        }
        if (!InputNormalizer.hasVisibleText(s)) {
            f.errorAt(where, "'" + name + "' is empty once invisible characters, spaces and broken surrogate escapes are removed.");
            return null;
        }
        int length = s.codePointCount(0, s.length());
        if (length > maxChars) {
            f.errorAt(where, "'" + name + "' is " + length + " characters long; at most " + maxChars + " are accepted.");
            return null;
        }
        return s;
    }

    /** The tutor's stream: {@code token} events, then {@code correction} (or {@code error}). */
    private record TutorEvents(Tutor tutor) implements StreamFormat {
        @Override
        public void piece(SseWriter out, int index, String text) throws IOException {
            out.event("token", Json.bytes(Json.object().put("index", index).put("text", text)));
        }

        @Override
        public void done(SseWriter out, Generation g, Completion c) throws IOException {
            out.event("correction", Json.bytes(Json.correction(tutor.correction(g, c))));
        }

        @Override
        public void error(SseWriter out, ApiError e, String requestId) throws IOException {
            out.event("error", Json.bytes(QuillServer.problem(e, requestId)));
        }
    }
}
