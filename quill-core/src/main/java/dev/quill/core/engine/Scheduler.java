package dev.quill.core.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Decides, step by step, which sequences run and how many tokens each computes, under one
 * {@link SchedulingPolicy}, and applies each step's outcome. It owns the waiting queue, the
 * running list and the {@link KvCacheManager}; it never touches the model.
 *
 * <p>Every policy shares the same mechanics: running sequences are served first, in admission
 * order; when one needs a KV block and none is free, the newest running sequence is preempted
 * (its blocks freed, to be recomputed later) rather than failing; waiting sequences are
 * admitted, by priority then arrival, only in a step that preempted nobody. The policies differ
 * only in admission and in the per-step token budget.
 *
 * <p>Not thread-safe: only the engine thread calls it.
 */
final class Scheduler {
    private final SchedulingPolicy policy;
    private final KvCacheManager kv;
    private final int maxPositions;
    private final int stopToken;
    private final PriorityQueue<Sequence> waiting = new PriorityQueue<>(
            Comparator.comparingInt((Sequence s) -> s.request.priority()).thenComparingLong(s -> s.arrivalSeq));
    private final List<Sequence> running = new ArrayList<>();
    private final Map<Long, Sequence> byId = new HashMap<>();
    private final Events events;
    private long step;
    private long preemptionsTotal;
    private long draftProposedTotal;
    private long draftAcceptedTotal;
    private int waitingPromptTokens;

    /** What the engine wants to hear about. Called on the engine thread. */
    interface Events {
        /** A sequence was scheduled for the first time (it leaves the admission queue's bound). */
        void started(Sequence seq);

        /** A sequence left the engine, finished or aborted. */
        void finished(Sequence seq, FinishReason reason, boolean everStarted);
    }

    Scheduler(SchedulingPolicy policy, KvCacheManager kv, int maxPositions, int stopToken, Events events) {
        this.policy = policy;
        this.kv = kv;
        // A sequence must always fit the cache on its own, or preempting everyone else could not save it.
        this.maxPositions = Math.min(maxPositions, kv.numBlocks() * kv.blockSize());
        this.stopToken = stopToken;
        this.events = events;
    }

    void addWaiting(Sequence seq) {
        seq.status = Sequence.Status.WAITING;
        waiting.add(seq);
        byId.put(seq.id, seq);
        waitingPromptTokens += seq.numTokens();
    }

    int numWaiting() {
        return waiting.size();
    }

    int numRunning() {
        return running.size();
    }

    int waitingPromptTokens() {
        return waitingPromptTokens;
    }

    long preemptionsTotal() {
        return preemptionsTotal;
    }

    long draftProposedTotal() {
        return draftProposedTotal;
    }

    long draftAcceptedTotal() {
        return draftAcceptedTotal;
    }

    KvCacheManager kv() {
        return kv;
    }

    boolean hasWork() {
        return !waiting.isEmpty() || !running.isEmpty();
    }

    /** Every live sequence, for invariant checks. */
    List<Sequence> live() {
        List<Sequence> all = new ArrayList<>(running);
        all.addAll(waiting);
        return all;
    }

    /** Ends a sequence early (cancelled, deadline); no-op if it already left. */
    void abort(long id, FinishReason reason, long nowNanos) {
        Sequence seq = byId.get(id);
        if (seq == null) return;
        if (seq.status == Sequence.Status.WAITING) {
            waiting.remove(seq);
            waitingPromptTokens -= seq.numTokens();
        } else {
            running.remove(seq);
        }
        finish(seq, reason, nowNanos);
    }

    /** Stops every sequence whose deadline has passed: waiting ones before any prefill, running ones where they are. */
    void expireDeadlines(long nowNanos) {
        List<Long> expired = new ArrayList<>();
        for (Sequence s : byId.values()) {
            if (nowNanos - s.request.deadlineNanos() >= 0 && s.request.deadlineNanos() != Long.MAX_VALUE) expired.add(s.id);
        }
        for (long id : expired) abort(id, FinishReason.DEADLINE, nowNanos);
    }

    /**
     * When nothing can be scheduled now but something will be later without any new arrival
     * (a static batch waiting to fill), the {@link System#nanoTime()} to look again; else -1.
     */
    long nextWakeupNanos() {
        if (policy instanceof SchedulingPolicy.Static st && running.isEmpty() && !waiting.isEmpty()) {
            long oldest = Long.MAX_VALUE;
            for (Sequence s : waiting) oldest = Math.min(oldest, s.arrivalNanos);
            return oldest + st.maxWait().toNanos();
        }
        return -1;
    }

    StepPlan schedule(long nowNanos) {
        List<StepPlan.Chunk> chunks = new ArrayList<>();
        int budget = policy instanceof SchedulingPolicy.Continuous c ? c.maxTokensPerStep() : Integer.MAX_VALUE;
        boolean preempted = false;
        // 1. running sequences, oldest first (the list is kept in arrival order, so a victim,
        //    the newest, is never one already scheduled in this step)
        List<Sequence> scheduled = List.copyOf(running);
        for (int i = 0; i < scheduled.size(); i++) {
            Sequence seq = scheduled.get(i);
            if (budget <= 0) break;
            if (seq.status != Sequence.Status.RUNNING) continue; // preempted earlier in this step
            int n = Math.min(seq.numTokens() - seq.numComputedTokens(), budget);
            if (n <= 0) continue;
            // a draft never takes the token a later running sequence needs to make progress
            int[] draft = proposal(seq, n, budget - (scheduled.size() - 1 - i));
            boolean selfPreempted = false;
            while (!kv.allocate(seq, n + draft.length)) {
                if (draft.length > 0) { // speculation is the first thing to give up
                    draft = Sequence.NO_DRAFT;
                    continue;
                }
                Sequence victim = running.getLast();
                preempt(victim);
                preempted = true;
                if (victim == seq) {
                    selfPreempted = true;
                    break;
                }
            }
            if (selfPreempted) continue;
            chunks.add(chunk(seq, n, draft));
            budget -= n + draft.length;
        }
        // 2. admissions, only in a step that had to preempt nobody
        List<Sequence> firstRuns = new ArrayList<>();
        if (!preempted) {
            int admit = admissionSlots(nowNanos);
            while (admit > 0 && budget > 0 && !waiting.isEmpty()) {
                Sequence seq = waiting.peek();
                int hit = kv.acquireCachedPrefix(seq);
                seq.setComputed(hit);
                int n = Math.min(seq.numTokens() - seq.numComputedTokens(), budget);
                int[] draft = proposal(seq, n, budget);
                if (!kv.allocate(seq, n + draft.length)) {
                    draft = Sequence.NO_DRAFT;
                    if (!kv.allocate(seq, n)) {
                        kv.release(seq);
                        seq.setComputed(0);
                        break;
                    }
                }
                kv.recordPrefixQuery(seq.numTokens(), hit);
                seq.prefixHitTokens += hit;
                waiting.poll();
                waitingPromptTokens -= seq.numTokens();
                seq.status = Sequence.Status.RUNNING;
                if (seq.firstScheduledNanos < 0) {
                    seq.firstScheduledNanos = nowNanos;
                    firstRuns.add(seq);
                    events.started(seq);
                }
                insertByArrival(seq);
                chunks.add(chunk(seq, n, draft));
                budget -= n + draft.length;
                admit--;
            }
        }
        for (Sequence seq : firstRuns) seq.batchSizeAtAdmission = chunks.size();
        return new StepPlan(step++, chunks);
    }

    /** How many waiting sequences the policy lets in this step. */
    private int admissionSlots(long nowNanos) {
        return switch (policy) {
            case SchedulingPolicy.None n -> running.isEmpty() ? 1 : 0;
            case SchedulingPolicy.Static st -> {
                if (!running.isEmpty() || waiting.isEmpty()) yield 0;
                long deadline = nextWakeupNanos();
                yield waiting.size() >= st.maxBatch() || nowNanos - deadline >= 0 ? st.maxBatch() : 0;
            }
            case SchedulingPolicy.Continuous c -> c.maxRunning() - running.size();
        };
    }

    /**
     * The draft tokens to append to a chunk of {@code n} tokens of {@code seq}: only to a chunk
     * that reaches the sequence's end, and no more than the step's budget, the request's
     * remaining output and the context leave room for (every proposed token may be accepted, and
     * one more is always generated after them).
     */
    private int[] proposal(Sequence seq, int n, int budget) {
        if (seq.request.draftLength() == 0 || seq.numComputedTokens() + n != seq.numTokens()) return Sequence.NO_DRAFT;
        int room = Math.min(budget - n, seq.request.maxTokens() - seq.outputLength() - 1);
        room = Math.min(room, maxPositions - seq.numTokens() - 1);
        return seq.draftProposal(room);
    }

    private StepPlan.Chunk chunk(Sequence seq, int n, int[] draft) {
        int start = seq.numComputedTokens();
        int[] tokens = java.util.Arrays.copyOfRange(seq.allTokens(), start, start + n + draft.length);
        System.arraycopy(draft, 0, tokens, n, draft.length);
        boolean sample = start + n == seq.numTokens();
        boolean decode = n == 1 && seq.outputLength() > 0 && start == seq.numTokens() - 1;
        return new StepPlan.Chunk(seq.id, tokens, start, seq.blockTable(), sample, decode, seq.request.sampling(),
                sample && seq.request.logprobs() ? seq.request.topLogprobs() : -1, seq.scoreTargets(start, n), draft.length);
    }

    private void insertByArrival(Sequence seq) {
        int i = running.size();
        while (i > 0 && running.get(i - 1).arrivalSeq > seq.arrivalSeq) i--;
        running.add(i, seq);
    }

    private void preempt(Sequence seq) {
        running.remove(seq);
        kv.release(seq);
        seq.preempt();
        preemptionsTotal++;
        waiting.add(seq);
        waitingPromptTokens += seq.numTokens();
    }

    /**
     * Applies a step's outcome: advances each chunk's sequence, caches the blocks it filled,
     * appends and streams sampled tokens, and retires sequences that finished.
     */
    void update(StepPlan plan, StepOutput out, long nowNanos) {
        long stepTokens = Math.max(1, plan.totalTokens());
        List<StepPlan.Chunk> chunks = plan.chunks();
        for (int ci = 0; ci < chunks.size(); ci++) {
            StepPlan.Chunk c = chunks.get(ci);
            Sequence seq = byId.get(c.requestId());
            if (seq == null || seq.status != Sequence.Status.RUNNING) continue;
            seq.computeShareNanos += out.durationNanos() * c.tokens().length / stepTokens;
            if (c.draftTokens() > 0) {
                acceptDraft(seq, c, ci, out, nowNanos);
                continue;
            }
            seq.advanceComputed(c.tokens().length);
            kv.cacheFullBlocks(seq);
            float[] scores = out.scores()[ci];
            if (scores != null) {
                for (int i = 0; i < scores.length; i++) {
                    if (c.scoreTargets()[i] >= 0) seq.setLogprob(c.startPosition() + i + 1, scores[i]);
                }
            }
            if (!c.sample()) continue;
            int token = out.tokenFor(seq.id);
            if (c.logprobs() >= 0) seq.setTopLogprobs(seq.outputLength(), out.topLogprobsFor(seq.id));
            FinishReason reason = append(seq, token, c.logprobs() >= 0 ? out.logprobFor(seq.id) : Float.NaN, nowNanos);
            if (reason != null) {
                running.remove(seq);
                finish(seq, reason, nowNanos);
            }
        }
    }

    /**
     * Appends one generated token: records its log-probability (NaN: not asked), streams it if
     * the caller has not had it yet, follows the draft; returns why the sequence ends with it, or null.
     */
    private FinishReason append(Sequence seq, int token, float logprob, long nowNanos) {
        seq.appendToken(token, nowNanos);
        if (!Float.isNaN(logprob)) seq.setLogprob(seq.numTokens() - 1, logprob);
        if (seq.outputLength() > seq.emittedOutputTokens) {
            if (seq.firstTokenNanos < 0) seq.firstTokenNanos = nowNanos;
            seq.emittedOutputTokens = seq.outputLength();
            seq.handle.emit(token, seq.outputLength() - 1);
        }
        seq.followDraft(token);
        if (token == stopToken) return FinishReason.STOP;
        if (seq.outputLength() >= seq.request.maxTokens() || seq.numTokens() >= maxPositions) return FinishReason.LENGTH;
        return null;
    }

    /**
     * Applies a chunk that carried a draft. Its rows before the draft are the sequence's own
     * tokens, all computed. The row before the draft gives the next token; each draft token the
     * model chose there is accepted, and the row it was fed to gives the token after it, until the
     * first draft token the model did not choose. The K/V of the accepted draft rows stays; that of
     * the rest lies past the computed end and is written over by later steps. While the output still
     * follows the draft, every draft row also scored the draft itself.
     */
    private void acceptDraft(Sequence seq, StepPlan.Chunk c, int ci, StepOutput out, long nowNanos) {
        int k = c.draftTokens();
        int own = c.tokens().length - k;
        StepOutput.Verification v = out.verifications()[ci];
        int[] choice = v.choices();
        float[] choiceLogprobs = v.logprobs();
        if (seq.followsDraft() && seq.draftCursor() == seq.outputLength()) {
            float[] draftScores = v.draftScores();
            for (int r = 0; r < k; r++) seq.setDraftLogprob(seq.outputLength() + r, draftScores[r]);
        }
        seq.draftProposed += k;
        draftProposedTotal += k;
        seq.advanceComputed(own);
        FinishReason reason = null;
        for (int r = 0; r <= k && reason == null; r++) {
            if (r > 0) {
                if (c.tokens()[own + r - 1] != choice[r - 1]) break; // the model chose otherwise: the rest is void
                seq.draftAccepted++;
                draftAcceptedTotal++;
                seq.advanceComputed(1);
            }
            reason = append(seq, choice[r], choiceLogprobs[r], nowNanos);
        }
        kv.cacheFullBlocks(seq);
        if (reason != null) {
            running.remove(seq);
            finish(seq, reason, nowNanos);
        }
    }

    /** Fails every live sequence (the model threw, or the engine is stopping). */
    void failAll(FinishReason reason, long nowNanos) {
        for (Sequence s : live()) abort(s.id, reason, nowNanos);
    }

    private void finish(Sequence seq, FinishReason reason, long nowNanos) {
        kv.release(seq);
        seq.status = Sequence.Status.FINISHED;
        byId.remove(seq.id);
        events.finished(seq, reason, seq.firstScheduledNanos >= 0);
    }
}
