package dev.quill.server.tutor;

import dev.quill.core.engine.Completion;
import dev.quill.core.engine.Engine;
import dev.quill.core.engine.EngineConfig;
import dev.quill.core.engine.EngineRejectedException;
import dev.quill.core.engine.EngineRequest;
import dev.quill.core.engine.FinishReason;
import dev.quill.core.engine.RequestHandle;
import dev.quill.core.engine.SchedulingPolicy;
import dev.quill.core.generate.MinimumGain;
import dev.quill.core.generate.SamplingParams;
import dev.quill.core.generate.TutorAnswer;
import dev.quill.core.generate.TutorPrompt;
import dev.quill.core.generate.WordChoice;
import dev.quill.core.kernels.VectorKernels;
import dev.quill.core.kernels.WorkerPool;
import dev.quill.core.model.DecoderModel;
import dev.quill.core.model.EnsembleModel;
import dev.quill.core.tokenizer.BpeTokenizer;
import dev.quill.grammar.Spelling;
import dev.quill.grammar.edits.Edit;
import dev.quill.grammar.edits.ErrorType;
import dev.quill.retrieval.RuleRetriever;
import dev.quill.retrieval.ScoredCard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The grammar tutor without HTTP: a sentence goes in, a {@link Correction} comes out, every
 * model call going through the batching {@link Engine} (never around it: seed 004). Used by the
 * server and by {@code quill correct}.
 *
 * <p>Stages: {@code tokenize.bpe} (the sentence's tokens and the {@code <|correct|>} marker;
 * user text can never produce a special token), {@code model.prefill} / {@code model.decode}
 * (inside the engine, reported from the request's timeline), {@code retrieve.hybrid} (quill-retrieval's
 * {@link RuleRetriever}: the top k rule cards for each edit, the best one its explanation; it runs
 * after decoding because the edits come from the model's correction), {@code format.json} (edits
 * and usage).
 *
 * <p>A correction the model proposes stands only if it passes the {@link MinimumGain} guard: when
 * the model changed the sentence, the unchanged sentence is scored by the same engine (one prefill,
 * its prompt usually in the prefix cache) and the correction is kept only if it is more likely by
 * the margin. That scoring is model work after the last decoded token, so the {@code model.decode}
 * stage runs until it ends, and its engine time is part of the request's cost. When a kept
 * correction makes two edits or more and the guard checks edits, each edit is scored left out and
 * undone unless it adds the edit margin (inside {@code format.json}, its engine time in the cost
 * too). The streamed tokens are the model's proposal; the final answer is the guard's verdict.
 */
public final class Tutor implements AutoCloseable {
    private final BpeTokenizer tokenizer;
    private final Engine engine;
    private final String modelName;
    private final int contextTokens;
    private final int stopToken;
    private final EditFinder editFinder;
    private final RuleRetriever retriever;
    private final StageObserver observer;
    private final CostModel cost;
    private final String weightFormat;
    private final List<AutoCloseable> resources;
    private final MinimumGain guard;
    private final boolean speculate;
    /** Confident spelling fixes made before the model sees a sentence, and its options for the words left after; null: none. */
    private final Spelling spelling;
    private final int slots;
    private double serviceMillisEma;
    /** Requests submitted to the engine and not yet finished. */
    private final java.util.concurrent.atomic.AtomicInteger active = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean warm;

    public Tutor(BpeTokenizer tokenizer, Engine engine, String modelName, int contextTokens, EditFinder editFinder,
            RuleRetriever retriever, StageObserver observer, List<AutoCloseable> resources) {
        this(tokenizer, engine, modelName, contextTokens, editFinder, retriever, observer, CostModel.FREE, "unknown",
                MinimumGain.OFF, resources);
    }

    /**
     * @param cost         the instance's price, for each request's cost in its usage
     * @param weightFormat how the weights are stored (the safetensors dtype, e.g. {@code F32}, {@code BF16})
     * @param guard        when a proposed correction stands
     */
    public Tutor(BpeTokenizer tokenizer, Engine engine, String modelName, int contextTokens, EditFinder editFinder,
            RuleRetriever retriever, StageObserver observer, CostModel cost, String weightFormat, MinimumGain guard,
            List<AutoCloseable> resources) {
        this(tokenizer, engine, modelName, contextTokens, editFinder, retriever, observer, cost, weightFormat, guard, true,
                null, resources);
    }

    /**
     * @param speculate whether greedy corrections speculate with the unchanged sentence as their
     *                  draft ({@link EngineRequest#draft()}): the same output in fewer steps, and the
     *                  guard's score of the sentence without a request of its own
     * @param spelling  confident spelling fixes made before the model reads a sentence, and the
     *                  speller's options for the words the answer still has misspelled, among which
     *                  the model chooses (null: neither); they are edits of the answer like the
     *                  model's own
     */
    public Tutor(BpeTokenizer tokenizer, Engine engine, String modelName, int contextTokens, EditFinder editFinder,
            RuleRetriever retriever, StageObserver observer, CostModel cost, String weightFormat, MinimumGain guard,
            boolean speculate, Spelling spelling, List<AutoCloseable> resources) {
        this.speculate = speculate;
        this.spelling = spelling;
        this.cost = cost;
        this.guard = guard;
        this.weightFormat = weightFormat;
        this.tokenizer = tokenizer;
        this.engine = engine;
        this.modelName = modelName;
        this.contextTokens = contextTokens;
        this.stopToken = engine.config().stopToken();
        this.editFinder = editFinder;
        this.retriever = retriever;
        this.observer = observer;
        this.resources = resources;
        this.slots = switch (engine.policy()) {
            case SchedulingPolicy.None n -> 1;
            case SchedulingPolicy.Static st -> st.maxBatch();
            case SchedulingPolicy.Continuous co -> co.maxRunning();
        };
    }

    /**
     * Loads the model directory and starts an engine on it. The retriever stays the caller's: it
     * is not closed with the tutor, so one can serve several tutors.
     */
    public static Tutor open(EngineSettings settings, EditFinder editFinder, RuleRetriever retriever,
            StageObserver observer) throws IOException {
        return open(settings, editFinder, retriever, observer, CostModel.FREE);
    }

    /** As {@link #open(EngineSettings, EditFinder, RuleRetriever, StageObserver)}, charging requests at {@code cost}. */
    public static Tutor open(EngineSettings settings, EditFinder editFinder, RuleRetriever retriever,
            StageObserver observer, CostModel cost) throws IOException {
        Path dir = settings.modelDir();
        MinimumGain guard = settings.guard();
        checkModelDirectory(dir);
        BpeTokenizer tokenizer = BpeTokenizer.load(dir.resolve("tokenizer.json"));
        WorkerPool pool = new WorkerPool(settings.threads());
        DecoderModel model;
        try {
            model = DecoderModel.load(dir, new VectorKernels(pool));
        } catch (IOException | RuntimeException e) {
            pool.close();
            throw e;
        }
        int stop = model.config().eosTokenId() >= 0 ? model.config().eosTokenId() : TutorPrompt.stopToken(tokenizer);
        EngineConfig config = new EngineConfig(settings.schedulingPolicy(), settings.kvBudgetBytes(), 16, true,
                settings.maxWaiting(), settings.maxQueuedPromptTokens(), stop);
        Engine engine = new Engine(model, Math.min(tokenizer.vocabSize(), model.config().vocabSize()), config);
        String name = dir.toAbsolutePath().normalize().getFileName().toString();
        String format = model.weightDtype();
        return new Tutor(tokenizer, engine, name, model.config().maxPositionEmbeddings(), editFinder, retriever, observer,
                cost, format, guard, settings.speculate(), settings.spelling() ? Spelling.english() : null,
                List.of(engine, model, pool));
    }

    /**
     * Fails unless {@code dir} holds a model the tutor can open (its config, or an ensemble's, and a
     * tokenizer), without loading it: callers check before seconds of other start-up work.
     */
    public static void checkModelDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException("model directory " + dir + " does not exist");
        if (!DecoderModel.isModelDirectory(dir)) throw new IOException("no config.json (or " + EnsembleModel.FILE + ") in model directory " + dir);
        if (!Files.isRegularFile(dir.resolve("tokenizer.json"))) throw new IOException("no tokenizer.json in model directory " + dir);
        DecoderModel.readConfig(dir); // a config that cannot be read fails here
    }

    public String modelName() {
        return modelName;
    }

    /** When a proposed correction stands. */
    public MinimumGain guard() {
        return guard;
    }

    /** How the model's weights are stored (the safetensors dtype of its layer weights). */
    public String weightFormat() {
        return weightFormat;
    }

    /** The price requests are charged at. */
    public CostModel cost() {
        return cost;
    }

    public Engine engine() {
        return engine;
    }

    public BpeTokenizer tokenizer() {
        return tokenizer;
    }

    /** The rule-card retriever explaining the edits (also behind {@code GET /v1/rules}). */
    public RuleRetriever retriever() {
        return retriever;
    }

    /** Positions in the model's context: prompt and output together must fit. */
    public int contextTokens() {
        return contextTokens;
    }

    /** Whether {@link #warmUp} has run: the first request then pays no one-time costs. */
    public boolean isWarm() {
        return warm;
    }

    /** Runs one short correction through the whole path (JIT, kernels, KV pages), then marks the tutor warm. */
    public void warmUp() throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Generation g = correct("warm-up", "He goed to school.", 4, deadline, SamplingParams.greedy());
        g.await(deadline);
        warm = true;
    }

    /** The default output cap for a sentence: room for a rewrite a little longer than it, within {@code cap}. */
    public int defaultMaxTokens(int sentenceTokens, int cap) {
        return Math.max(1, Math.min(cap, 2 * sentenceTokens + 8));
    }

    /**
     * Submits a sentence for correction.
     *
     * @param sentence  the normalised sentence
     * @param maxTokens most tokens to generate (clamped to the room left in the context)
     * @throws EngineRejectedException when the engine's queue is full, the prompt can never fit, or it is stopping
     */
    public Generation correct(String requestId, String sentence, int maxTokens, long deadlineNanos, SamplingParams sampling) {
        return correct(requestId, sentence, maxTokens, deadlineNanos, sampling, Degradation.NONE);
    }

    /** As {@link #correct(String, String, int, long, SamplingParams)}, doing less as {@code degradation} says. */
    public Generation correct(String requestId, String sentence, int maxTokens, long deadlineNanos, SamplingParams sampling,
            Degradation degradation) {
        return correct(requestId, sentence, maxTokens, deadlineNanos, sampling, degradation, NO_LOGPROBS);
    }

    /** Log-probability settings of a request that asks for none (see {@code logprobs} of {@link #correct}). */
    public static final int NO_LOGPROBS = -1;

    /**
     * As {@link #correct(String, String, int, long, SamplingParams, Degradation)}, with each
     * output token's log-probability in the completion when {@code logprobs} is 0 or more, and
     * that many of the most likely tokens at each position besides ({@link #NO_LOGPROBS}: none).
     */
    public Generation correct(String requestId, String sentence, int maxTokens, long deadlineNanos, SamplingParams sampling,
            Degradation degradation, int logprobs) {
        long arrival = System.nanoTime();
        long t0 = System.nanoTime();
        // the spelling pass is part of preparing the prompt: its time is in the tokenize stage
        String modelInput = spelling == null ? sentence : spelling.correct(sentence);
        int[] prompt = TutorPrompt.prompt(tokenizer, modelInput);
        requireNoSpecials(prompt, prompt.length - 1);
        observer.stage(requestId, Stage.TOKENIZE_BPE, t0, System.nanoTime());
        // the guard needs the correction's log-probability
        int asked = guard.enabled() ? Math.max(0, logprobs) : logprobs;
        int[] draft = speculate && sampling.isGreedy() && asked <= 0 ? TutorPrompt.unchanged(tokenizer, prompt) : null;
        return submit(requestId, sentence, modelInput, prompt, degradation.maxTokens(maxTokens), deadlineNanos, sampling, arrival,
                degradation, asked, draft);
    }

    /** Submits raw text to be continued (the OpenAI completions endpoint): no tutor format, no marker. */
    public Generation continueText(String requestId, String text, int maxTokens, long deadlineNanos, SamplingParams sampling) {
        return continueText(requestId, text, maxTokens, deadlineNanos, sampling, NO_LOGPROBS);
    }

    /** As {@link #continueText(String, String, int, long, SamplingParams)}, with log-probabilities as {@link #correct} takes them. */
    public Generation continueText(String requestId, String text, int maxTokens, long deadlineNanos, SamplingParams sampling,
            int logprobs) {
        long arrival = System.nanoTime();
        long t0 = System.nanoTime();
        int[] prompt = tokenizer.encode(text);
        requireNoSpecials(prompt, prompt.length);
        observer.stage(requestId, Stage.TOKENIZE_BPE, t0, System.nanoTime());
        if (prompt.length == 0) throw new IllegalArgumentException("the prompt is empty");
        return submit(requestId, text, text, prompt, maxTokens, deadlineNanos, sampling, arrival, Degradation.NONE, logprobs, null);
    }

    /** Number of tokens {@code text} encodes to. */
    public int countTokens(String text) {
        return tokenizer.encode(text).length;
    }

    private Generation submit(String requestId, String input, String modelInput, int[] prompt, int maxTokens, long deadlineNanos,
            SamplingParams sampling, long arrival, Degradation degradation, int logprobs, int[] draft) {
        int room = contextTokens - prompt.length;
        if (room < 1) {
            throw new EngineRejectedException(EngineRejectedException.Reason.PROMPT_TOO_LONG, "the text is " + prompt.length
                    + " tokens long; the model's context holds " + contextTokens + " with output", 0);
        }
        Generation g = new Generation(requestId, input, modelInput, prompt, deadlineNanos, stopToken, arrival, tokenizer.streamingDecoder(),
                degradation);
        EngineRequest request = new EngineRequest(prompt, sampling, Math.min(maxTokens, room), deadlineNanos, 0, logprobs >= 0,
                Math.max(0, logprobs), -1, draft);
        active.incrementAndGet();
        RequestHandle handle;
        try {
            handle = engine.submit(request, (token, index) -> g.offer(token));
        } catch (RuntimeException e) {
            active.decrementAndGet();
            throw e;
        }
        g.attach(handle);
        handle.completion().thenAccept(c -> {
            active.decrementAndGet();
            recordServiceTime(c);
            observer.finished(c);
        });
        return g;
    }

    /** Exponential moving average of how long answered requests held an engine slot (first step to finish). */
    private void recordServiceTime(Completion c) {
        if (c.finishReason() != FinishReason.STOP && c.finishReason() != FinishReason.LENGTH) return;
        long scheduled = c.timeline().scheduledNanos();
        if (scheduled < 0) return;
        double ms = (c.timeline().finishNanos() - scheduled) / 1e6;
        synchronized (this) {
            serviceMillisEma = serviceMillisEma == 0 ? ms : 0.8 * serviceMillisEma + 0.2 * ms;
        }
    }

    /**
     * How long a request submitted now would wait before its first step: the requests ahead of it
     * (those submitted and not finished, beyond the policy's concurrent slots), in rounds of those
     * slots, each round a recent service time. An estimate for graceful degradation, not a promise.
     * Counted here rather than read from the engine's snapshot, which is as old as the last step.
     */
    public double predictedQueueWaitMillis() {
        int ahead = active.get() + 1 - slots;
        if (ahead <= 0) return 0;
        double service;
        synchronized (this) {
            service = serviceMillisEma;
        }
        return Math.ceil((double) ahead / slots) * service;
    }

    /** User text must never reach the model as control tokens; the tokenizer guarantees it, and this checks. */
    private void requireNoSpecials(int[] ids, int upTo) {
        for (int i = 0; i < upTo; i++) {
            if (tokenizer.isSpecial(ids[i])) throw new IllegalStateException("the tokenizer produced special token " + ids[i] + " from user text");
        }
    }

    /** The text of a finished request's output, the stop token left out. */
    public String text(Completion c) {
        int[] out = c.outputTokens();
        int n = out.length > 0 && out[out.length - 1] == stopToken ? out.length - 1 : out.length;
        return tokenizer.decode(Arrays.copyOf(out, n));
    }

    /** Stage {@code format.json}: the finished generation as a correction with edits and usage. */
    public Correction correction(Generation g, Completion c) {
        if (c.finishReason() != FinishReason.STOP && c.finishReason() != FinishReason.LENGTH) {
            throw new IllegalArgumentException("request " + g.requestId() + " ended " + c.finishReason() + "; it has no correction");
        }
        String proposal = text(c);
        MinimumGain.Verdict verdict = judge(g, c, proposal);
        long t0 = System.nanoTime(); // the answer rule and the spelling choices are part of format.json
        TutorAnswer decided = TutorAnswer.decide(g.modelInput(), proposal, verdict.keep());
        Reviewed reviewed = decided.kept() ? reviewEdits(g, proposal) : new Reviewed(decided.standing(), 0, List.of());
        Map<String, String> guesses = new HashMap<>();
        WordChoice.Chosen chosen = afterModel(g, reviewed.answer(), guesses);
        String corrected = chosen.answer();
        Completion scoring = verdict.scoring();
        Correction.GuardCheck check = Double.isNaN(verdict.gain()) && !decided.droppedWords() && reviewed.undone() == 0 ? null
                : new Correction.GuardCheck(guard.enabled() ? guard.margin() : Double.NaN, verdict.gain(), decided.kept(), proposal,
                        decided.droppedWords(), guard.checksEdits() ? guard.editMargin() : Double.NaN, reviewed.undone());
        reportModelStages(g.requestId(), c, scoring);
        List<Edit> found = editFinder.edits(g.input(), corrected);
        int k = g.degradation().ruleCards(retriever.settings().topK());
        List<ExplainedEdit> edits;
        if (k == 0) {
            edits = found.stream().map(ExplainedEdit::generic).toList();
        } else {
            long r0 = System.nanoTime();
            edits = explain(g.input(), found, k);
            observer.stage(g.requestId(), Stage.RETRIEVE_HYBRID, r0, System.nanoTime());
        }
        if (!guesses.isEmpty()) edits = edits.stream().map(x -> guessed(x, guesses) ? x.asGuess() : x).toList();
        long now = System.nanoTime();
        observer.stage(g.requestId(), Stage.FORMAT_JSON, t0, now);
        long extraCompute = (scoring == null ? 0 : scoring.computeShareNanos())
                + reviewed.scorings().stream().mapToLong(Completion::computeShareNanos).sum()
                + chosen.scorings().stream().mapToLong(Completion::computeShareNanos).sum();
        Usage usage = Usage.of(c, extraCompute, g.arrivalNanos(), now, g.degradation(), cost);
        observer.answered(g.requestId(), c, usage);
        return new Correction(g.requestId(), modelName, g.input(), corrected, !corrected.equals(g.input()), edits, check, usage);
    }

    /** Usage of a finished request (for answers that are not corrections). */
    public Usage usage(Generation g, Completion c) {
        reportModelStages(g.requestId(), c);
        Usage usage = Usage.of(c, g.arrivalNanos(), System.nanoTime(), g.degradation(), cost);
        observer.answered(g.requestId(), c, usage);
        return usage;
    }

    /** Whether {@code x} is one of the pass after the model's replacements ({@code guesses}: misspelled word to chosen word). */
    private static boolean guessed(ExplainedEdit x, Map<String, String> guesses) {
        Edit e = x.edit();
        if (e.type() != ErrorType.SPELL) return false;
        for (Map.Entry<String, String> guess : guesses.entrySet()) {
            if (e.from().contains(guess.getKey()) && e.to().contains(guess.getValue())) return true;
        }
        return false;
    }

    /**
     * The pass after the model over the answer: the model's choice among the speller's guesses at
     * the words still misspelled ({@link WordChoice}); waits for the scorings at most until the
     * request's deadline (then the speller's first guesses stand). A request the server degraded
     * (it is busy) takes the first guesses without asking the model: no more engine work.
     */
    private WordChoice.Chosen afterModel(Generation g, String answer, Map<String, String> guesses) {
        if (spelling == null) return new WordChoice.Chosen(answer, List.of(), List.of());
        List<Spelling.Choice> choices = spelling.choices(answer);
        List<WordChoice.Slot> slots = choices.stream().map(ch -> new WordChoice.Slot(ch.start(), ch.end(), ch.options())).toList();
        if (slots.isEmpty()) return new WordChoice.Chosen(answer, List.of(), List.of());
        WordChoice.Chosen chosen = g.degradation().steps().isEmpty() ? choose(g, answer, slots)
                : WordChoice.Chosen.firstOptions(answer, slots);
        for (int i = 0; i < choices.size(); i++) guesses.put(choices.get(i).word(), chosen.words().get(i));
        return chosen;
    }

    /** The proposal after the guard's edit check, how many of its edits the check undid, and its scorings. */
    private record Reviewed(String answer, int undone, List<Completion> scorings) {}

    /**
     * The guard's edit check on a proposal that stands ({@link MinimumGain#reviewEdits}): each of
     * its edits, when it makes two or more, is undone unless the proposal is the edit margin more
     * likely with it than without. Waits for the scorings at most until the request's deadline
     * (then the proposal stands whole); a request the server degraded skips the check.
     */
    private Reviewed reviewEdits(Generation g, String proposal) {
        if (!guard.checksEdits() || !g.degradation().steps().isEmpty()) return new Reviewed(proposal, 0, List.of());
        List<Edit> edits = editFinder.edits(g.modelInput(), proposal);
        List<WordChoice.Slot> slots = edits.stream().map(e -> new WordChoice.Slot(e.start(), e.end(), List.of(e.to(), e.from()))).toList();
        WordChoice.Chosen chosen = await(guard.reviewEdits(engine, tokenizer, g.prompt(), g.modelInput(), proposal, slots, g.deadlineNanos()),
                g, MinimumGain.asProposed(proposal, slots), "scoring the proposal's edits");
        int undone = 0;
        for (int i = 0; i < edits.size(); i++) {
            if (!chosen.words().get(i).equals(edits.get(i).to())) undone++;
        }
        return new Reviewed(chosen.answer(), undone, chosen.scorings());
    }

    private WordChoice.Chosen choose(Generation g, String answer, List<WordChoice.Slot> slots) {
        return await(WordChoice.choose(engine, tokenizer, g.prompt(), answer, slots, g.deadlineNanos()), g,
                WordChoice.Chosen.firstOptions(answer, slots), "scoring the spelling choices");
    }

    /**
     * Waits for {@code pending} scorings at most until the request's deadline; {@code fallback}
     * when it passes. The scoring requests are observed as they end (on the engine thread),
     * whether or not this thread still waits for them.
     */
    private WordChoice.Chosen await(CompletableFuture<WordChoice.Chosen> scorings, Generation g, WordChoice.Chosen fallback, String what) {
        var pending = scorings.thenApply(ch -> {
            ch.scorings().forEach(observer::finished);
            return ch;
        });
        try {
            return pending.get(Math.max(0, g.deadlineNanos() - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return fallback;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(what + " failed", e.getCause());
        }
    }

    /**
     * The guard's verdict on a finished correction; waits for the scoring at most until the
     * request's deadline (then the correction stands, as it would without the guard).
     */
    private MinimumGain.Verdict judge(Generation g, Completion c, String corrected) {
        if (!guard.enabled() || c.outputLogprobs().length != c.outputTokens().length) return MinimumGain.Verdict.unscored();
        // the scoring request is an engine request like any other: observed as it ends (on the
        // engine thread), whether or not this thread still waits for it
        var pending = guard.judge(engine, tokenizer, g.prompt(), g.modelInput(), c, corrected, g.deadlineNanos()).thenApply(v -> {
            if (v.scoring() != null) observer.finished(v.scoring());
            return v;
        });
        try {
            return pending.get(Math.max(0, g.deadlineNanos() - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return MinimumGain.Verdict.unscored();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return MinimumGain.Verdict.unscored();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("scoring the unchanged sentence failed", e.getCause());
        }
    }

    private void reportModelStages(String requestId, Completion c) {
        reportModelStages(requestId, c, null);
    }

    /** Prefill and decode from the request's timeline; decode runs until the guard's scoring ended, when there was one. */
    private void reportModelStages(String requestId, Completion c, Completion scoring) {
        var t = c.timeline();
        if (t.scheduledNanos() >= 0 && t.firstTokenNanos() >= 0) {
            observer.stage(requestId, Stage.MODEL_PREFILL, t.scheduledNanos(), t.firstTokenNanos());
            long end = scoring != null ? Math.max(t.finishNanos(), scoring.timeline().finishNanos()) : t.finishNanos();
            observer.stage(requestId, Stage.MODEL_DECODE, t.firstTokenNanos(), end);
        }
    }

    /** Each edit's top k cards: the first explains it, the rest are listed to read next. */
    private List<ExplainedEdit> explain(String sentence, List<Edit> edits, int k) {
        List<ExplainedEdit> out = new ArrayList<>(edits.size());
        for (Edit e : edits) {
            List<ScoredCard> cards = retriever.forEdit(sentence, e, k);
            if (cards.isEmpty()) {
                out.add(ExplainedEdit.generic(e));
                continue;
            }
            var best = cards.getFirst().card();
            List<String> rest = cards.subList(1, cards.size()).stream().map(sc -> sc.card().id()).toList();
            out.add(new ExplainedEdit(new Edit(e.start(), e.end(), e.from(), e.to(), e.type(), best.explanation()), best.id(), rest));
        }
        return out;
    }

    @Override
    public void close() {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                System.getLogger(Tutor.class.getName()).log(System.Logger.Level.WARNING, "closing " + r + " failed", e);
            }
        }
    }
}
