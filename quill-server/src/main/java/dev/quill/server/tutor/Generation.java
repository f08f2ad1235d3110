package dev.quill.server.tutor;

import dev.quill.core.engine.Completion;
import dev.quill.core.engine.RequestHandle;
import dev.quill.core.tokenizer.StreamingDecoder;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One request in the engine, seen from the thread that serves it. The engine thread only drops
 * token ids into a queue (it must never block); this thread decodes them into text, so that a
 * character split across tokens is never handed out in halves.
 */
public final class Generation {
    /** Put in the queue after the last token, when the request has ended. */
    private static final int END = Integer.MIN_VALUE;

    private final String requestId;
    private final String input;
    private final String modelInput;
    private final int[] prompt;
    private final long deadlineNanos;
    private final int stopToken;
    private final long arrivalNanos;
    private final LinkedBlockingQueue<Integer> tokens = new LinkedBlockingQueue<>();
    private final StreamingDecoder decoder;
    private final Degradation degradation;
    private RequestHandle handle;
    private boolean ended;

    Generation(String requestId, String input, String modelInput, int[] prompt, long deadlineNanos, int stopToken,
            long arrivalNanos, StreamingDecoder decoder, Degradation degradation) {
        this.degradation = degradation;
        this.requestId = requestId;
        this.input = input;
        this.modelInput = modelInput;
        this.prompt = prompt;
        this.deadlineNanos = deadlineNanos;
        this.stopToken = stopToken;
        this.arrivalNanos = arrivalNanos;
        this.decoder = decoder;
    }

    /** Called on the engine thread for each token. */
    void offer(int token) {
        tokens.offer(token);
    }

    void attach(RequestHandle handle) {
        this.handle = handle;
        handle.completion().whenComplete((c, e) -> tokens.offer(END));
    }

    public String requestId() {
        return requestId;
    }

    /** The text the model was asked about (the normalised sentence, or the raw prompt). */
    public String input() {
        return input;
    }

    /**
     * The text the prompt was built from: the input after the tutor's spelling pass (the input
     * itself when that pass is off or changed nothing). A correction the guard turns down falls
     * back to it.
     */
    public String modelInput() {
        return modelInput;
    }

    /** What this request gave up because the server was busy. */
    public Degradation degradation() {
        return degradation;
    }

    public int promptTokens() {
        return prompt.length;
    }

    /** The prompt's token ids (not a copy: read only). */
    int[] prompt() {
        return prompt;
    }

    /** When the request must be answered by, in {@link System#nanoTime()} terms. */
    long deadlineNanos() {
        return deadlineNanos;
    }

    /** When the request reached the server, in {@link System#nanoTime()} terms. */
    public long arrivalNanos() {
        return arrivalNanos;
    }

    /**
     * The text the next token completes ("" when it completes no character yet), or null once
     * the request has ended and everything was handed out.
     *
     * @throws TimeoutException if nothing arrives before {@code deadlineNanos}
     */
    public String nextText(long deadlineNanos) throws InterruptedException, TimeoutException {
        if (ended) return null;
        Integer token = tokens.poll(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (token == null) throw new TimeoutException("no token before the deadline");
        if (token == END) {
            ended = true;
            String rest = decoder.flush();
            return rest.isEmpty() ? null : rest;
        }
        return token == stopToken ? "" : decoder.accept(token);
    }

    /**
     * Waits for the end of the request.
     *
     * @throws TimeoutException if it has not ended by {@code deadlineNanos}
     */
    public Completion await(long deadlineNanos) throws InterruptedException, TimeoutException {
        try {
            return handle.completion().get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("request completions never fail", e);
        }
    }

    public boolean isDone() {
        return handle.completion().isDone();
    }

    /** Stops the request within one engine step and frees its KV blocks; harmless after it ended. */
    public void cancel() {
        handle.cancel();
    }
}
