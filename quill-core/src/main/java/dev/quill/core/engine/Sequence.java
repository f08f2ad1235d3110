package dev.quill.core.engine;

import java.util.Arrays;

/**
 * The engine's state for one request: its tokens (prompt, then output), how many of them
 * have K/V computed, its block table, and its timeline. Owned by the engine thread.
 */
final class Sequence {
    enum Status { WAITING, RUNNING, FINISHED }

    final long id;
    final EngineRequest request;
    final RequestHandle handle;
    final int promptLength;
    final long arrivalNanos;
    /** Admission order, for FCFS among equal priorities and for "preempt the newest". */
    final long arrivalSeq;

    Status status = Status.WAITING;
    private int[] tokens;
    private int numTokens;
    private int numComputed;
    private int[] blocks = new int[8];
    private int blockCount;
    private int cachedBlockCount;

    long firstScheduledNanos = -1;
    long firstTokenNanos = -1;
    long[] tokenNanos = new long[16];
    int prefixHitTokens;
    /** This sequence's share of the steps it took part in, by its tokens in each (for cost accounting). */
    long computeShareNanos;
    int preemptions;
    /** Sequences in the step that first ran this one (the scheduler's decision at admission); 0 until then. */
    int batchSizeAtAdmission;
    /** Tokens already handed to the caller; after a preemption they are recomputed but not sent again. */
    int emittedOutputTokens;
    /** Log-probability of the token at each position (NaN until known); null when the request asked for none. */
    private float[] logprobs;
    /** The most likely tokens at each output position, when asked for. */
    private final java.util.List<TopLogprobs> topLogprobs = new java.util.ArrayList<>();
    /** The draft index the next output token is expected to match (see {@link #followDraft}). */
    private int draftCursor;
    /** Whether the output so far is the draft's beginning. */
    private boolean followsDraft = true;
    /** Log-probability of each draft token given the draft before it, while known (null without a draft). */
    private final float[] draftLogprobs;
    int draftProposed;
    int draftAccepted;

    Sequence(long id, long arrivalSeq, EngineRequest request, RequestHandle handle, long arrivalNanos) {
        this.id = id;
        this.arrivalSeq = arrivalSeq;
        this.request = request;
        this.handle = handle;
        this.arrivalNanos = arrivalNanos;
        int[] prompt = request.promptTokens();
        this.promptLength = prompt.length;
        this.tokens = Arrays.copyOf(prompt, prompt.length + Math.min(request.maxTokens(), 64));
        this.numTokens = prompt.length;
        if (request.wantsAnyLogprobs()) {
            this.logprobs = new float[tokens.length];
            Arrays.fill(logprobs, Float.NaN);
        }
        if (request.draftLength() > 0) {
            draftLogprobs = new float[request.draftLength()];
            Arrays.fill(draftLogprobs, Float.NaN);
        } else {
            draftLogprobs = null;
        }
    }

    /** An empty proposal. */
    static final int[] NO_DRAFT = new int[0];
    /**
     * Most draft tokens proposed at once after the output has left the draft. Before, the whole
     * rest is proposed: if the output leaves it in that step, every draft token has been scored (the
     * tutor's guard needs that). After, the draft is only a guess at where the output goes, and a
     * short one wastes less: on the tutor's 4,702 evaluation sentences, a limit of 4 verified 108,186
     * draft tokens in 470 steps against 132,719 in 465 without one (2: 100,738 in 544; 8: 116,810 in 447).
     */
    private static final int PROPOSAL_AFTER_LEAVING = 4;
    /** How far past the expected draft position a generated token is looked for when the output leaves the draft. */
    private static final int DRAFT_LOOKAHEAD = 4;

    /** Up to {@code max} draft tokens expected to follow the output so far (none when the output lost the draft). */
    int[] draftProposal(int max) {
        int len = request.draftLength();
        if (max <= 0 || draftCursor < 0 || draftCursor >= len) return NO_DRAFT;
        int n = Math.min(max, len - draftCursor);
        if (!followsDraft) n = Math.min(n, PROPOSAL_AFTER_LEAVING);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = request.draftToken(draftCursor + i);
        return out;
    }

    /** Whether the output so far is the draft's beginning (so a proposal's scores are the draft's own). */
    boolean followsDraft() {
        return followsDraft;
    }

    /** The draft index the next output token is expected to match; -1 when the output lost the draft. */
    int draftCursor() {
        return draftCursor;
    }

    /**
     * Moves the draft position past {@code token}, just appended to the output. A token the
     * draft expected advances it. Any other leaves the draft, and the draft is looked for again:
     * the token near where it was expected (from one before, in case the last guess skipped a
     * token the correction only added to, to a few ahead, where the correction dropped draft
     * tokens), nearest first; else after the same two tokens anywhere in the draft; else the draft
     * is assumed to go on after the token it expected (the correction replaced it). A wrong guess
     * costs only a rejected proposal: the model's choice decides.
     */
    void followDraft(int token) {
        int len = request.draftLength();
        if (len == 0) return;
        if (draftCursor >= 0 && draftCursor < len && request.draftToken(draftCursor) == token) {
            draftCursor++;
            return;
        }
        followsDraft = false;
        int expected = draftCursor;
        draftCursor = -1;
        if (expected >= 0) {
            if (resumeDraftAt(expected + 1, token) || resumeDraftAt(expected - 1, token)) return;
            for (int j = expected + 2; j <= expected + DRAFT_LOOKAHEAD; j++) {
                if (resumeDraftAt(j, token)) return;
            }
        }
        int previous = numTokens >= 2 ? tokens[numTokens - 2] : -1;
        for (int j = 1; j < len; j++) {
            if (request.draftToken(j - 1) == previous && resumeDraftAt(j, token)) return;
        }
        if (expected >= 0 && expected < len) {
            draftCursor = expected + 1;
            return;
        }
        for (int j = 0; j < len; j++) {
            if (resumeDraftAt(j, token)) return;
        }
    }

    /** Whether the draft has {@code token} at {@code j}; if so, the draft goes on after it. */
    private boolean resumeDraftAt(int j, int token) {
        if (j < 0 || j >= request.draftLength() || request.draftToken(j) != token) return false;
        draftCursor = j + 1;
        return true;
    }

    /** Records the log-probability of the draft token at {@code index} given the draft before it. */
    void setDraftLogprob(int index, float logprob) {
        if (draftLogprobs != null && index < draftLogprobs.length) draftLogprobs[index] = logprob;
    }

    /** How the draft fared, or null without one. */
    Speculation speculation() {
        return draftLogprobs == null ? null : new Speculation(draftProposed, draftAccepted, draftLogprobs.clone());
    }

    int numTokens() {
        return numTokens;
    }

    int numComputedTokens() {
        return numComputed;
    }

    int outputLength() {
        return numTokens - promptLength;
    }

    /** Prompt then output; valid up to {@link #numTokens()}. */
    int[] allTokens() {
        return tokens;
    }

    int[] outputTokens() {
        return Arrays.copyOfRange(tokens, promptLength, numTokens);
    }

    void appendToken(int token, long nowNanos) {
        if (numTokens == tokens.length) {
            tokens = Arrays.copyOf(tokens, tokens.length * 2);
            if (logprobs != null) {
                int old = logprobs.length;
                logprobs = Arrays.copyOf(logprobs, tokens.length);
                Arrays.fill(logprobs, old, logprobs.length, Float.NaN);
            }
        }
        tokens[numTokens++] = token;
        int out = outputLength() - 1;
        if (out >= tokenNanos.length) tokenNanos = Arrays.copyOf(tokenNanos, tokenNanos.length * 2);
        if (out >= emittedOutputTokens) tokenNanos[out] = nowNanos;
    }

    /** Records the log-probability of the token at {@code position} (ignored when the request asked for none). */
    void setLogprob(int position, float logprob) {
        if (logprobs != null) logprobs[position] = logprob;
    }

    /** Positions [from, to) whose tokens' log-probabilities are asked for in this chunk of the prompt, as a target array, or null. */
    int[] scoreTargets(int start, int n) {
        int from = request.promptLogprobsFrom();
        if (from < 0) return null;
        int[] targets = new int[n];
        boolean any = false;
        for (int i = 0; i < n; i++) {
            int next = start + i + 1; // row i predicts the token at this position
            targets[i] = next >= from && next < promptLength ? tokens[next] : -1;
            any |= targets[i] >= 0;
        }
        return any ? targets : null;
    }

    /** Records the alternatives at output position {@code index} (a recompute after preemption gives them again). */
    void setTopLogprobs(int index, TopLogprobs top) {
        if (top == null || request.topLogprobs() == 0) return;
        if (index == topLogprobs.size()) topLogprobs.add(top);
        else if (index < topLogprobs.size()) topLogprobs.set(index, top);
        else throw new IllegalStateException("alternatives for output " + index + " before those of " + topLogprobs.size());
    }

    java.util.List<TopLogprobs> outputTopLogprobs() {
        return java.util.List.copyOf(topLogprobs);
    }

    /** The output tokens' log-probabilities, or an empty array when not asked for. */
    float[] outputLogprobs() {
        return request.logprobs() ? Arrays.copyOfRange(logprobs, promptLength, numTokens) : new float[0];
    }

    /** The scored prompt tokens' log-probabilities, or an empty array when not asked for or not all computed. */
    float[] promptLogprobs() {
        int from = request.promptLogprobsFrom();
        if (from < 0) return new float[0];
        float[] out = Arrays.copyOfRange(logprobs, from, promptLength);
        for (float lp : out) if (Float.isNaN(lp)) return new float[0];
        return out;
    }

    void advanceComputed(int n) {
        numComputed += n;
        if (numComputed > numTokens) throw new IllegalStateException("computed past the end of sequence " + id);
    }

    void setComputed(int n) {
        numComputed = n;
    }

    int block(int i) {
        return blocks[i];
    }

    int blockCount() {
        return blockCount;
    }

    void appendBlock(int block) {
        if (blockCount == blocks.length) blocks = Arrays.copyOf(blocks, blocks.length * 2);
        blocks[blockCount++] = block;
    }

    /** The block table as the model reads it (a copy, so a later append cannot race the forward pass). */
    int[] blockTable() {
        return Arrays.copyOf(blocks, blockCount);
    }

    void clearBlocks() {
        blockCount = 0;
        cachedBlockCount = 0;
    }

    int cachedBlockCount() {
        return cachedBlockCount;
    }

    void setCachedBlockCount(int n) {
        cachedBlockCount = n;
    }

    /** Back to waiting with nothing computed; its output so far becomes part of what is recomputed. */
    void preempt() {
        numComputed = 0;
        preemptions++;
        status = Status.WAITING;
    }
}
