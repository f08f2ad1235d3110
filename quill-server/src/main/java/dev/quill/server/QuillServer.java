package dev.quill.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quill.core.engine.Completion;
import dev.quill.core.engine.EngineRejectedException;
import dev.quill.server.guard.ApiKeys;
import dev.quill.server.observe.Telemetry;
import dev.quill.server.guard.PiiRedactor;
import dev.quill.server.guard.RateLimiter;
import dev.quill.server.tutor.Degradation;
import dev.quill.server.tutor.DegradationPolicy;
import dev.quill.server.tutor.Generation;
import dev.quill.server.tutor.Stage;
import dev.quill.server.tutor.Tutor;
import io.javalin.Javalin;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tutor's HTTP server: Javalin 7 on Jetty 12 with a virtual thread per request (chosen by
 * measurement, docs/benchmarks.md). Every model call goes through the {@link Tutor}'s engine.
 *
 * <p>A request to a {@code /v1} endpoint passes, in order: readiness and drain (503), the API
 * key (401), the per-client token bucket (429), the body cap on the declared length (413, body
 * unread), the media type (415), the capped read, UTF-8 and JSON (400), the fields (422), input
 * normalisation, then the engine (503 when its queue is full, 504 past the deadline). Every
 * refusal is an RFC 9457 problem ({@link ApiError}); a client hanging up cancels its engine
 * request at once ({@link ClientWatch}).
 *
 * <p>It also serves two pages, the tutor at {@code /} and the live dashboard at {@code /dashboard}
 * ({@link WebPages}), which use only the public API and {@code GET /v1/stats} ({@link StatsApi}).
 *
 * <p>Life cycle: {@link #start} loads nothing (the tutor comes loaded) and answers /healthz at
 * once; /readyz turns 200 after the warm-up request; {@link #drain} turns readiness off, refuses
 * new requests with 503 and waits for those in flight.
 */
public final class QuillServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QuillServer.class);
    private static final Pattern CLIENT_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final String PROBLEM_WRITTEN = "quill.problem-written";
    private static final String CALL = "quill.call";
    private static final String LOG_TEXT = "quill.log-text";
    private static final String LOGGED = "quill.logged";
    private static final String CLIENT_GONE = "quill.client-gone";
    /** How long past its deadline a request may take to end (the engine checks deadlines between steps). */
    private static final long DEADLINE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);
    /**
     * Answers are written inside their handlers, but refusals (problems) are written by the
     * framework just after: a drain that finds nothing in flight leaves them this long to go out.
     */
    private static final long DRAIN_SETTLE_MILLIS = 100;

    private final ServerConfig config;
    private final Tutor tutor;
    private final Telemetry observer;
    private final RateLimiter rateLimiter;
    private final ApiKeys apiKeys;
    private final DegradationPolicy degradation;
    private final Consumer<String> accessLog;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final byte[] openApi;
    private volatile boolean draining;
    private Javalin app;

    private QuillServer(ServerConfig config, Tutor tutor, Telemetry observer, Consumer<String> accessLog) {
        this.config = config;
        this.tutor = tutor;
        this.observer = observer;
        this.accessLog = accessLog;
        this.rateLimiter = new RateLimiter(config.rateLimitPerMinute(), config.rateLimitBurst());
        this.apiKeys = new ApiKeys(config.apiKeys());
        this.degradation = new DegradationPolicy(config.degradeOrder(), config.latencyBudget().toMillis());
        this.openApi = OpenApi.document(config);
    }

    /**
     * Starts serving {@code tutor} on the configured host and port (0 picks a free port).
     * {@code telemetry} should be the tutor's observer, attached to it ({@link Telemetry#attach}).
     */
    public static QuillServer start(ServerConfig config, Tutor tutor, Telemetry telemetry, Consumer<String> accessLog) {
        QuillServer s = new QuillServer(config, tutor, telemetry, accessLog);
        s.app = s.createApp().start(config.host(), config.port());
        return s;
    }

    public static QuillServer start(ServerConfig config, Tutor tutor, Telemetry telemetry) {
        return start(config, tutor, telemetry, LOG::info);
    }

    public Telemetry telemetry() {
        return observer;
    }

    public int port() {
        return app.port();
    }

    public Tutor tutor() {
        return tutor;
    }

    public ServerConfig config() {
        return config;
    }

    /** Ready: the model is loaded and warmed up and the server is not draining. */
    public boolean ready() {
        return tutor.isWarm() && !draining;
    }

    /** Degradation steps taken and refusals on prediction, for metrics. */
    public DegradationPolicy degradationPolicy() {
        return degradation;
    }

    /**
     * Graceful degradation (seed 003): what a request about to be submitted gives up, from the
     * engine's predicted queue wait against the latency budget; 503 once even the whole ladder
     * cannot keep it in budget.
     */
    Degradation plan() {
        DegradationPolicy.Decision d = degradation.decide(tutor.predictedQueueWaitMillis());
        if (d.refuse()) {
            long budget = config.latencyBudget().toMillis();
            throw new ApiException(new ApiError.Overloaded("a predicted queue wait of " + Math.round(d.predictedWaitMillis())
                    + " ms is over the latency budget of " + budget + " ms",
                    Math.max(1, (long) Math.ceil((d.predictedWaitMillis() - budget / 2.0) / 1000))));
        }
        return d.degradation();
    }

    /** Requests being served right now. */
    public int inFlight() {
        return inFlight.get();
    }

    private Javalin createApp() {
        TutorApi tutorApi = new TutorApi(this);
        OpenAiApi openAiApi = new OpenAiApi(this);
        RulesApi rulesApi = new RulesApi(this);
        StatsApi statsApi = new StatsApi(this);
        WebPages pages = new WebPages();
        return Javalin.create(c -> {
            c.concurrency.useVirtualThreads = true;
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.http.prefer405over404 = true;
            c.http.maxRequestSize = config.maxBodyBytes();
            c.jetty.modifyServer(server -> server.setErrorHandler(new ProblemErrorHandler()));
            c.jetty.modifyHttpConfiguration(http -> http.setIdleTimeout(config.idleTimeout().toMillis()));
            c.routes.before(ctx -> {
                String clientId = ctx.header("X-Request-Id");
                if (clientId != null && !CLIENT_REQUEST_ID.matcher(clientId).matches()) clientId = null;
                String id = clientId != null ? clientId : newRequestId();
                long arrival = System.nanoTime();
                if (ctx.method() == io.javalin.http.HandlerType.POST && ctx.path().startsWith("/v1/")) {
                    // a client's id already in flight (a retry racing its original, or a reused id) gets a suffix
                    while (!observer.beginRequest(id, arrival, "POST", ctx.path(), ctx::header, ctx::header)) {
                        id = (clientId != null ? clientId : "req") + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt() | Integer.MIN_VALUE);
                    }
                }
                ctx.attribute(CALL, new Call(id, arrival, arrival + config.deadline().toNanos(), null));
                ctx.header("X-Request-Id", id);
                QueryString.check(ctx.queryString());
            });
            Routes routes = new Routes(c.routes);
            routes.get("/", pages::tutor);
            routes.get("/dashboard", pages::dashboard);
            routes.get("/assets/{file}", pages::asset);
            routes.get("/healthz", ctx -> ctx.json(Json.object().put("status", "alive")));
            routes.get("/readyz", this::readyz);
            routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
            if (observer.metricsEnabled()) routes.get("/metrics", this::metrics);
            routes.get("/problems/{slug}", this::problemType);
            routes.get("/v1/models", ctx -> api(ctx, call -> openAiApi.models(ctx)));
            routes.post("/v1/grammar/correct", ctx -> api(ctx, call -> tutorApi.correct(ctx, call)));
            routes.get("/v1/rules", ctx -> api(ctx, call -> rulesApi.search(ctx, call)));
            routes.get("/v1/rules/{id}", ctx -> api(ctx, call -> rulesApi.byId(ctx)));
            routes.get("/v1/retrieval/stats", ctx -> api(ctx, call -> rulesApi.stats(ctx)));
            routes.get("/v1/stats", ctx -> api(ctx, call -> statsApi.stats(ctx)));
            routes.post("/v1/completions", ctx -> api(ctx, call -> openAiApi.completions(ctx, call)));
            routes.post("/v1/chat/completions", ctx -> api(ctx, call -> openAiApi.chatCompletions(ctx, call)));
            routes.options();
            c.routes.after(ctx -> {
                if (ctx.attribute(LOGGED) != null) logAccess(ctx);
                Call call = ctx.attribute(CALL);
                if (call != null) observer.endRequest(call.requestId(), status(ctx), System.nanoTime());
            });
            c.routes.exception(ApiException.class, (e, ctx) -> writeProblem(ctx, e.error()));
            c.routes.exception(Exception.class, (e, ctx) -> {
                if (isClientGone(e)) {
                    clientGone(ctx); // nothing can be sent; the access log and the counters say what happened
                    return;
                }
                Call call = ctx.attribute(CALL);
                String id = call == null ? "-" : call.requestId();
                LOG.error("request {} failed", id, e);
                writeProblem(ctx, new ApiError.Internal(id));
            });
            c.routes.error(404, "*", ctx -> {
                if (ctx.attribute(PROBLEM_WRITTEN) == null) writeProblem(ctx, new ApiError.NotFound(ctx.path()));
            });
            c.routes.error(405, "*", ctx -> {
                if (ctx.attribute(PROBLEM_WRITTEN) == null) writeProblem(ctx, new ApiError.MethodNotAllowed(ctx.method().name(), ctx.path()));
            });
        });
    }

    // ---------------------------------------------------------------- guards around every /v1 call

    @FunctionalInterface
    interface ApiHandler {
        void handle(Call call) throws Exception;
    }

    private void api(Context ctx, ApiHandler handler) throws Exception {
        Call started = ctx.attribute(CALL);
        inFlight.incrementAndGet();
        try {
            // counted before the check, so drain() never misses a request that got past it
            if (draining) throw new ApiException(new ApiError.ShuttingDown());
            if (!tutor.isWarm()) throw new ApiException(new ApiError.NotReady());
            long t0 = System.nanoTime();
            String client = authenticate(ctx);
            RateLimiter.Decision d = rateLimiter.acquire(client);
            if (rateLimiter.enabled()) {
                ctx.header("RateLimit-Policy", "\"per-client\";q=" + d.limit() + ";w=" + d.windowSeconds());
                ctx.header("RateLimit", "\"per-client\";r=" + d.remaining() + ";t=" + (d.allowed() ? 0 : d.retryAfterSeconds()));
            }
            if (!d.allowed()) throw new ApiException(new ApiError.RateLimited(d));
            observer.stage(started.requestId(), Stage.SECURITY_CHECK, t0, System.nanoTime());
            Call call = new Call(started.requestId(), started.arrivalNanos(), started.deadlineNanos(), client);
            ctx.attribute(CALL, call);
            handler.handle(call);
        } finally {
            inFlight.decrementAndGet();
            ctx.attribute(LOGGED, Boolean.TRUE);
        }
    }

    private String authenticate(Context ctx) {
        if (!apiKeys.enabled()) return "ip:" + ctx.ip();
        String presented = ctx.header("X-API-Key");
        String auth = ctx.header("Authorization");
        if (presented == null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) presented = auth.substring(7).strip();
        String p = presented;
        return apiKeys.authenticate(p).orElseThrow(() -> new ApiException(new ApiError.Unauthorized(p != null)));
    }

    /** The body of a JSON request, through the body cap, media type, UTF-8 and JSON checks. */
    ObjectNode readJson(Context ctx) {
        try (InputStream in = ctx.req().getInputStream()) {
            try {
                RequestBody.checkDeclaredLength(ctx.req().getContentLengthLong(), config.maxBodyBytes());
                RequestBody.checkContentType(ctx.header("Content-Type"));
                return RequestBody.parseObject(RequestBody.readCapped(in, config.maxBodyBytes()));
            } catch (ApiException e) {
                // Answer at once, then read what the client is still sending: a connection closed
                // on unread bytes is reset, and the reset can reach the client before the answer
                // (a 413 seen as "header parser received no bytes").
                writeProblemNow(ctx, e.error());
                RequestBody.drain(in);
                throw e;
            }
        } catch (IOException e) {
            throw new ApiException(unreadableBody(e));
        }
    }

    /**
     * Why a body could not be read: the client stopped sending it (408, after the connection's
     * idle timeout), or it was not the body its headers announced (400: bad chunks, or the stream
     * ended before the declared length). A client that has gone gets no answer, and its request is
     * logged and counted with that status all the same.
     */
    private ApiError unreadableBody(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return new ApiError.BodyTimeout();
            }
            if (t instanceof org.eclipse.jetty.http.BadMessageException bad) {
                return new ApiError.HttpProtocol(400, bad.getReason() == null ? "the body is not framed as its headers say" : bad.getReason());
            }
        }
        return new ApiError.HttpProtocol(400, "the body is cut short, or not framed as its headers say");
    }

    /** Remembers the request's text, redacted, for its access-log line. */
    void noteText(Context ctx, String text) {
        ctx.attribute(LOG_TEXT, PiiRedactor.redact(text.length() > 200 ? text.substring(0, 200) + "..." : text));
    }

    void stage(Call call, Stage stage, long startNanos) {
        observer.stage(call.requestId(), stage, startNanos, System.nanoTime());
    }

    // ---------------------------------------------------------------- the engine, and its answers

    /** Submits to the engine, turning its refusals into problems; {@code field} names the text's JSON Pointer. */
    Generation submit(Supplier<Generation> submit, String field) {
        try {
            return submit.get();
        } catch (EngineRejectedException e) {
            throw new ApiException(switch (e.reason()) {
                case QUEUE_FULL, QUEUE_TOKENS_FULL -> new ApiError.Overloaded(e.getMessage(), Math.max(1, e.retryAfterSeconds()));
                case SHUTTING_DOWN -> new ApiError.ShuttingDown();
                case PROMPT_TOO_LONG -> new ApiError.InvalidRequest(java.util.List.of(new ApiError.FieldError(field,
                        "The text is too long for the model: " + e.getMessage() + ".")));
            });
        }
    }

    /**
     * Waits for a non-streamed answer while watching the connection. Returns the completion if it
     * has an answer (stop or length); null if the client hung up (nothing is to be written).
     */
    Completion awaitAnswer(Context ctx, Call call, Generation g) throws InterruptedException {
        Completion c;
        try (ClientWatch watch = ClientWatch.start(ctx, g::cancel)) {
            try {
                c = g.await(call.deadlineNanos() + DEADLINE_GRACE_NANOS);
            } catch (TimeoutException e) {
                g.cancel();
                throw new ApiException(new ApiError.DeadlineExceeded(config.deadline().toMillis()));
            } catch (InterruptedException e) {
                g.cancel();
                throw e;
            }
            if (watch.mustCloseConnection()) ctx.header("Connection", "close");
            if (watch.clientGone()) {
                clientGone(ctx);
                return null;
            }
        }
        return switch (c.finishReason()) {
            case STOP, LENGTH -> c;
            case DEADLINE -> throw new ApiException(new ApiError.DeadlineExceeded(config.deadline().toMillis()));
            case REJECTED -> throw new ApiException(new ApiError.Overloaded("the engine refused the request", 1));
            case CANCELLED, ERROR -> throw new IllegalStateException("the engine ended request " + call.requestId() + " with " + c.finishReason());
        };
    }

    /** Streams a generation as Server-Sent Events; the status (200) and headers are sent at once, before the first token. */
    void stream(Context ctx, Call call, Generation g, StreamFormat format) throws IOException, InterruptedException {
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setContentType("text/event-stream;charset=utf-8");
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no");
        SseWriter out = new SseWriter(res.getOutputStream());
        res.flushBuffer(); // the status and headers go out now: the client knows its request is in
        try (ClientWatch watch = ClientWatch.start(ctx, g::cancel)) {
            try {
                format.start(out);
                int index = 0;
                String piece;
                while ((piece = g.nextText(call.deadlineNanos() + DEADLINE_GRACE_NANOS)) != null) {
                    if (!piece.isEmpty()) format.piece(out, index++, piece);
                }
            } catch (TimeoutException e) {
                g.cancel();
                format.error(out, new ApiError.DeadlineExceeded(config.deadline().toMillis()), call.requestId());
                return;
            } catch (IOException | InterruptedException e) {
                g.cancel(); // the client is gone (the write failed) or the server is stopping
                if (e instanceof InterruptedException) throw e;
                clientGone(ctx);
                return;
            }
            if (watch.clientGone()) {
                clientGone(ctx);
                return;
            }
        }
        endStream(ctx, call, g, format, out);
        long c0 = System.nanoTime();
        ctx.res().getOutputStream().close(); // the last chunk goes out before the request stops counting as in flight
        stage(call, Stage.COST_EMIT, c0);
    }

    private void endStream(Context ctx, Call call, Generation g, StreamFormat format, SseWriter out) throws IOException, InterruptedException {
        Completion c;
        try {
            c = g.await(System.nanoTime() + DEADLINE_GRACE_NANOS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the token stream ended but the request did not", e);
        }
        switch (c.finishReason()) {
            case STOP, LENGTH -> format.done(out, g, c);
            case DEADLINE -> format.error(out, new ApiError.DeadlineExceeded(config.deadline().toMillis()), call.requestId());
            case REJECTED -> format.error(out, new ApiError.Overloaded("the engine refused the request", 1), call.requestId());
            case CANCELLED, ERROR -> {
                LOG.error("request {}: the engine ended it with {}", call.requestId(), c.finishReason());
                format.error(out, new ApiError.Internal(call.requestId()), call.requestId());
            }
        }
    }

    /**
     * Writes a JSON answer and completes the response before the handler returns, so that a
     * drain that sees no request in flight never stops the server under an answer still being sent.
     */
    void answer(Context ctx, ObjectNode answer) throws IOException {
        byte[] bytes = Json.bytes(answer);
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setContentType("application/json");
        res.setContentLength(bytes.length);
        try (var out = res.getOutputStream()) {
            out.write(bytes);
        }
    }

    /** The client asked for Server-Sent Events ({@code "stream": true} or {@code Accept: text/event-stream}). */
    static boolean wantsStream(Context ctx, Boolean streamField) {
        if (streamField != null) return streamField;
        String accept = ctx.header("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/event-stream");
    }

    // ---------------------------------------------------------------- problems

    /** The problem document (RFC 9457) for {@code e}, with an OpenAI-style {@code error} member for OpenAI clients. */
    static ObjectNode problem(ApiError e, String requestId) {
        ObjectNode o = Json.object();
        o.put("type", e.type());
        o.put("title", e.title());
        o.put("status", e.status());
        o.put("detail", e.detail());
        o.put("instance", "urn:quill:request:" + requestId);
        o.put("request_id", requestId);
        if (!e.fieldErrors().isEmpty()) {
            o.put("field", e.fieldErrors().getFirst().pointer());
            ArrayNode errors = o.putArray("errors");
            for (ApiError.FieldError f : e.fieldErrors()) errors.addObject().put("pointer", f.pointer()).put("detail", f.detail());
        }
        if (e.retryAfterSeconds() > 0) o.put("retry_after", e.retryAfterSeconds());
        ObjectNode openAi = o.putObject("error");
        openAi.put("message", e.detail());
        openAi.put("type", switch (e.status()) {
            case 401 -> "authentication_error";
            case 429 -> "rate_limit_error";
            case 500, 503, 504 -> "server_error";
            default -> "invalid_request_error";
        });
        if (e.fieldErrors().isEmpty()) openAi.putNull("param");
        else openAi.put("param", e.fieldErrors().getFirst().pointer().replaceFirst("^/", "").replace('/', '.'));
        openAi.put("code", e.slug().replace('-', '_'));
        return o;
    }

    private void writeProblem(Context ctx, ApiError e) {
        if (ctx.res().isCommitted()) return; // a stream already under way reports errors as events
        ctx.result(prepareProblem(ctx, e));
    }

    /** Marks the request answered with {@code e}, sets its status and headers, and returns the problem's body. */
    private byte[] prepareProblem(Context ctx, ApiError e) {
        Call call = ctx.attribute(CALL);
        String id = call == null ? newRequestId() : call.requestId();
        ctx.attribute(PROBLEM_WRITTEN, Boolean.TRUE);
        observer.rejected(e.slug());
        e.headers().forEach(ctx::header);
        if (e.retryAfterSeconds() > 0) ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
        ctx.status(e.status());
        ctx.contentType("application/problem+json");
        return Json.bytes(problem(e, id));
    }

    /**
     * As {@link #writeProblem}, but sent and flushed now rather than when the handler returns, so
     * that the client has its answer while the server still reads the rest of its body.
     */
    private void writeProblemNow(Context ctx, ApiError e) throws IOException {
        if (ctx.res().isCommitted()) return;
        byte[] bytes = prepareProblem(ctx, e); // status and content type set there
        HttpServletResponse res = ctx.res();
        res.setContentLength(bytes.length);
        res.getOutputStream().write(bytes);
        res.flushBuffer();
    }

    private void problemType(Context ctx) {
        String slug = ctx.pathParam("slug");
        String title = ApiError.catalogue().get(slug);
        if (title == null) throw new ApiException(new ApiError.NotFound(ctx.path()));
        ctx.json(Json.object().put("type", "/problems/" + slug).put("title", title));
    }

    private static boolean isClientGone(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.eclipse.jetty.io.EofException || t instanceof java.nio.channels.ClosedChannelException) return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- health, logs, life cycle

    /** {@code GET /metrics}: every metric in the Prometheus text format. */
    private void metrics(Context ctx) throws IOException {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream(16 << 10);
        observer.metrics().scrape(buf);
        ctx.contentType(observer.metrics().contentType()).result(buf.toByteArray());
    }

    private void readyz(Context ctx) {
        if (draining) throw new ApiException(new ApiError.ShuttingDown());
        if (!tutor.isWarm()) throw new ApiException(new ApiError.NotReady());
        ctx.json(Json.object().put("status", "ready").put("model", tutor.modelName()));
    }

    private void logAccess(Context ctx) {
        Call call = ctx.attribute(CALL);
        if (call == null) return;
        String text = ctx.attribute(LOG_TEXT);
        accessLog.accept(String.format(Locale.ROOT, "request_id=%s method=%s path=%s status=%d client=%s ms=%.1f%s",
                call.requestId(), ctx.method().name(), ctx.path(), status(ctx), call.client() == null ? "-" : call.client(),
                (System.nanoTime() - call.arrivalNanos()) / 1e6, text == null ? "" : " text=\"" + text.replace("\"", "\\\"") + "\""));
    }

    /**
     * Marks the request as ended by its client (nginx's 499, "client closed request"): nothing more
     * is sent, and a stream whose 200 already went out is still logged and counted as 499.
     */
    private static void clientGone(Context ctx) {
        ctx.attribute(CLIENT_GONE, Boolean.TRUE);
        if (!ctx.res().isCommitted()) ctx.status(499);
    }

    /** The status the access log and the counters record: 499 for a request its client left. */
    private static int status(Context ctx) {
        return ctx.attribute(CLIENT_GONE) != null ? 499 : ctx.statusCode();
    }

    private static String newRequestId() {
        return "req_" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }

    /**
     * Stops taking work: readiness turns false, new requests get 503, and this waits up to
     * {@code timeout} for those in flight to finish. Returns whether they all did.
     */
    public boolean drain(Duration timeout) throws InterruptedException {
        draining = true;
        long end = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0) {
            if (System.nanoTime() - end >= 0) return false;
            Thread.sleep(10);
        }
        Thread.sleep(DRAIN_SETTLE_MILLIS);
        return true;
    }

    /** Stops the HTTP server (the tutor is the caller's to close). */
    @Override
    public void close() {
        draining = true;
        if (app != null) app.stop();
    }
}
