package dev.quill.train.eval;

import dev.quill.core.engine.Completion;
import dev.quill.core.engine.Engine;
import dev.quill.core.engine.EngineConfig;
import dev.quill.core.engine.EngineRejectedException;
import dev.quill.core.engine.EngineRequest;
import dev.quill.core.engine.FinishReason;
import dev.quill.core.engine.SchedulingPolicy;
import dev.quill.core.engine.TokenListener;
import dev.quill.core.generate.MinimumGain;
import dev.quill.core.generate.TutorAnswer;
import dev.quill.core.generate.TutorPrompt;
import dev.quill.core.generate.WordChoice;
import dev.quill.core.kernels.VectorKernels;
import dev.quill.core.kernels.WorkerPool;
import dev.quill.core.model.DecoderModel;
import dev.quill.core.tokenizer.BpeTokenizer;
import dev.quill.grammar.Spelling;
import dev.quill.grammar.edits.Edit;
import dev.quill.grammar.edits.EditExtractor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Corrects sentences with the tutor model through the batching {@link Engine}, many at once:
 * the continuous policy keeps up to {@code maxRunning} sentences decoding in every step, and
 * new ones join as others finish. Each sentence is prompted as {@link TutorPrompt} says and
 * decoded greedily until {@code <|eos|>} or {@code 2 * sentence tokens + 8} new tokens.
 *
 * <p>A sentence whose prompt cannot fit the model's context is returned unchanged and counted
 * in {@link #skipped()}.
 */
public final class EngineCorrector implements Corrector, AutoCloseable {
    /**
     * Engine limits (sequences decoded together, tokens per step, KV memory, threads), the guard
     * against needless changes, and whether to speculate with the unchanged sentence as the draft
     * (the same outputs in fewer steps; the guard's scores come with the generation), and whether
     * the spelling passes run as the server runs them by default: confident fixes ({@link Spelling})
     * before the model reads a sentence, and after it the model's choice among the speller's
     * guesses at the words the answer still has misspelled ({@link WordChoice}).
     */
    public record Settings(int maxRunning, int maxTokensPerStep, long kvBudgetBytes, int threads, MinimumGain minimumGain,
            boolean speculate, boolean spelling) {
        public Settings {
            if (maxRunning < 1) throw new IllegalArgumentException("max running sequences must be at least 1, got " + maxRunning);
            if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }

        /** Settings that speculate, without the spelling pass (the model alone). */
        public Settings(int maxRunning, int maxTokensPerStep, long kvBudgetBytes, int threads, MinimumGain minimumGain) {
            this(maxRunning, maxTokensPerStep, kvBudgetBytes, threads, minimumGain, true, false);
        }
    }

    /**
     * One sentence's outcome before the guard decides.
     *
     * @param modelInput the sentence the model read: after the spelling pass, when it is on
     * @param proposal   the model's correction
     * @param gain       its log-probability minus that of the model's input; NaN when the
     *                   proposal is that input itself or could not be scored
     * @param proposalAfter the proposal after the guard's edit check (when it is on) and the pass
     *                      after the model (the spelling choices)
     * @param inputAfter    the model's input after that pass
     */
    public record Scored(String sentence, String modelInput, String proposal, double gain, String proposalAfter, String inputAfter) {
        /** The sentence left as the model read it (nothing to decide). */
        static Scored unchanged(String sentence, String modelInput) {
            return new Scored(sentence, modelInput, modelInput, Double.NaN, modelInput, modelInput);
        }

        /** What the tutor answers under {@code guard}, by the server's rule ({@link TutorAnswer}). */
        public String output(MinimumGain guard) {
            return TutorAnswer.decide(modelInput, proposal, guard.keeps(gain)).kept() ? proposalAfter : inputAfter;
        }
    }

    /**
     * Requests one sentence may have waiting at once, besides its generation: the guard's scoring,
     * its edit check's (the proposal and each edit left out; a 30-word sentence has fewer than 32
     * edits) and the spelling choices' (8 words of 4 options at most, for the proposal and for
     * the input).
     */
    private static final int SCORINGS_PER_SENTENCE = 2 + 33 + 2 * 8 * 4;

    private final WorkerPool pool;
    private final DecoderModel model;
    private final BpeTokenizer tokenizer;
    private final Engine engine;
    private final int window;
    private final int maxPositions;
    private final AtomicInteger skipped = new AtomicInteger();
    private final MinimumGain minimumGain;
    private final boolean speculate;
    private final Spelling spelling;
    /** The proposal's edits, for the guard's edit check; null when it is off. */
    private final EditExtractor extractor;

    private EngineCorrector(WorkerPool pool, DecoderModel model, BpeTokenizer tokenizer, Settings settings) {
        this.pool = pool;
        this.model = model;
        this.tokenizer = tokenizer;
        this.maxPositions = model.config().maxPositionEmbeddings();
        this.minimumGain = settings.minimumGain();
        this.speculate = settings.speculate();
        this.spelling = settings.spelling() ? Spelling.english() : null;
        this.extractor = minimumGain.checksEdits() ? EditExtractor.english() : null;
        // twice the running set waits, so a finished sequence is replaced in the next step
        this.window = 2 * settings.maxRunning();
        EngineConfig config = new EngineConfig(new SchedulingPolicy.Continuous(settings.maxTokensPerStep(), settings.maxRunning()),
                settings.kvBudgetBytes(), 16, true, window * SCORINGS_PER_SENTENCE, 1 << 24, TutorPrompt.stopToken(tokenizer));
        this.engine = new Engine(model, Math.min(tokenizer.vocabSize(), model.config().vocabSize()), config);
    }

    /** Loads a model directory (config.json, safetensors, tokenizer.json). */
    public static EngineCorrector load(Path dir, Settings settings) throws IOException {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("--model: no such directory: " + dir);
        Path tokenizerFile = dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizerFile)) throw new IllegalArgumentException("no tokenizer.json in " + dir);
        BpeTokenizer tokenizer = BpeTokenizer.load(tokenizerFile);
        tokenizer.specialTokenId(TutorPrompt.CORRECT);
        tokenizer.specialTokenId(TutorPrompt.EOS);
        WorkerPool pool = new WorkerPool(settings.threads());
        DecoderModel model = null;
        try {
            model = DecoderModel.load(dir, new VectorKernels(pool));
            return new EngineCorrector(pool, model, tokenizer, settings);
        } catch (IOException | RuntimeException e) {
            if (model != null) model.close();
            pool.close();
            throw e;
        }
    }

    /**
     * The tutor's answers. A proposal the guard refuses at this corrector's margin is neither
     * reviewed edit by edit nor given the spelling choices: the answer is the input's.
     */
    @Override
    public List<String> correct(List<String> sentences, Progress progress) throws InterruptedException {
        return correctScored(sentences, progress, Finish.KEPT).stream().map(r -> r.output(minimumGain)).toList();
    }

    /**
     * Each sentence's proposal and, when the guard is on, its gain over the unchanged sentence,
     * every proposal reviewed whatever its gain (so that margins can be compared without decoding
     * again).
     */
    public List<Scored> correctScored(List<String> sentences, Progress progress) throws InterruptedException {
        return correctScored(sentences, progress, Finish.ALL);
    }

    /**
     * Each sentence's proposal as decoded, with no edit check and no spelling choices after the
     * model ({@link Scored#proposalAfter()} is the proposal, {@link Scored#inputAfter()} the
     * model's input): what {@link #prefersTarget} needs.
     */
    public List<Scored> proposals(List<String> sentences, Progress progress) throws InterruptedException {
        return correctScored(sentences, progress, Finish.NONE);
    }

    /** Which proposals get the edit check and the spelling choices after the model. */
    private enum Finish {
        /** every one, whatever its gain (margins are compared afterwards) */
        ALL,
        /** those the guard keeps at this corrector's margin; a refused one is left as decoded */
        KEPT,
        /** none */
        NONE
    }

    private List<Scored> correctScored(List<String> sentences, Progress progress, Finish finish) throws InterruptedException {
        int total = sentences.size();
        Scored[] out = new Scored[total];
        InFlight inFlight = new InFlight();
        AtomicInteger done = new AtomicInteger();
        for (int i = 0; i < total; i++) {
            String sentence = sentences.get(i);
            String input = spelling == null ? sentence : spelling.correct(sentence);
            int[] prompt = TutorPrompt.prompt(tokenizer, input);
            int room = maxPositions - prompt.length;
            if (sentence.isBlank() || room < 1) {
                if (room < 1) skipped.incrementAndGet();
                out[i] = Scored.unchanged(sentence, input);
                progress.update(done.incrementAndGet(), total);
                continue;
            }
            int maxTokens = Math.min(room, 2 * (prompt.length - 1) + 8);
            if (!inFlight.enter()) break;
            int index = i;
            EngineRequest request = EngineRequest.greedy(prompt, maxTokens);
            if (speculate) request = request.withDraft(TutorPrompt.unchanged(tokenizer, prompt));
            try {
                engine.submit(minimumGain.enabled() ? request.withLogprobs() : request, TokenListener.NONE).completion()
                        .thenCompose(c -> {
                            if (c.finishReason() == FinishReason.ERROR) {
                                throw new IllegalStateException("the engine failed on sentence " + (index + 1));
                            }
                            String proposal = text(c);
                            return minimumGain.judge(engine, tokenizer, prompt, input, c, proposal, Long.MAX_VALUE)
                                    .thenComposeAsync(v -> {
                                        // off the engine thread: looking up an unknown word can take milliseconds
                                        boolean refused = !TutorAnswer.decide(input, proposal, minimumGain.keeps(v.gain())).kept();
                                        if (finish == Finish.NONE || refused && finish == Finish.KEPT) {
                                            // a refused proposal's answer is the input's, which still gets the spelling choices
                                            var inputAfter = finish == Finish.NONE ? CompletableFuture.completedFuture(input) : afterModel(prompt, input);
                                            return inputAfter.thenApply(q -> new Scored(sentence, input, proposal, v.gain(), proposal, q));
                                        }
                                        var proposalAfter = reviewEdits(prompt, input, proposal).thenCompose(r -> afterModel(prompt, r));
                                        var inputAfter = proposal.equals(input) ? proposalAfter : afterModel(prompt, input);
                                        return proposalAfter.thenCombine(inputAfter,
                                                (p, q) -> new Scored(sentence, input, proposal, v.gain(), p, q));
                                    }, ForkJoinPool.commonPool());
                        })
                        .whenComplete((scored, e) -> {
                            if (e == null) out[index] = scored;
                            progress.update(done.incrementAndGet(), total);
                            inFlight.leave(e);
                        });
            } catch (EngineRejectedException e) {
                inFlight.leave(null);
                if (e.reason() != EngineRejectedException.Reason.PROMPT_TOO_LONG) throw e;
                skipped.incrementAndGet();
                out[index] = Scored.unchanged(sentence, input);
                progress.update(done.incrementAndGet(), total);
            }
        }
        inFlight.awaitAll();
        return Arrays.asList(out);
    }

    /**
     * For each sentence the model did not correct into its target, whether the model finds the
     * target more likely than its own proposal, as the correction of the sentence it read: true is
     * a search error (greedy decoding passed a better answer by), false a model error (the model
     * prefers its mistake); null where the proposal is the target.
     */
    public List<Boolean> prefersTarget(List<Scored> scored, List<String> targets) throws InterruptedException {
        if (scored.size() != targets.size()) throw new IllegalArgumentException(scored.size() + " sentences, " + targets.size() + " targets");
        Boolean[] out = new Boolean[scored.size()];
        InFlight inFlight = new InFlight();
        for (int i = 0; i < out.length; i++) {
            String proposal = scored.get(i).proposal();
            String target = targets.get(i);
            if (proposal.equals(target)) continue;
            int[] prompt = TutorPrompt.prompt(tokenizer, scored.get(i).modelInput());
            WordChoice.Slot both = new WordChoice.Slot(0, proposal.length(), List.of(proposal, target));
            int index = i;
            if (!inFlight.enter()) break;
            WordChoice.choose(engine, tokenizer, prompt, proposal, List.of(both), Long.MAX_VALUE).whenComplete((chosen, e) -> {
                if (e == null) out[index] = chosen.answer().equals(target);
                inFlight.leave(e);
            });
        }
        inFlight.awaitAll();
        return Arrays.asList(out);
    }

    /** At most {@link #window} sentences in the engine at once, and the first failure among them. */
    private final class InFlight {
        private final Semaphore slots = new Semaphore(window);
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        /** Waits for a free slot; false (and no slot taken) once a sentence has failed. */
        boolean enter() throws InterruptedException {
            slots.acquire();
            if (failure.get() == null) return true;
            slots.release();
            return false;
        }

        /** A sentence is done; {@code e} is its failure, or null. */
        void leave(Throwable e) {
            if (e != null) failure.compareAndSet(null, e);
            slots.release();
        }

        /** Waits until every sentence is done, then throws the first failure. */
        void awaitAll() throws InterruptedException {
            slots.acquire(window);
            slots.release(window);
            Throwable e = failure.get();
            if (e != null) throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * {@code proposal} after the guard's edit check ({@link MinimumGain#reviewEdits}): the edits
     * that add less than the edit margin to its log-probability are undone.
     */
    private CompletableFuture<String> reviewEdits(int[] prompt, String input, String proposal) {
        if (!minimumGain.checksEdits()) return CompletableFuture.completedFuture(proposal);
        List<Edit> edits = extractor.extract(input, proposal);
        List<WordChoice.Slot> slots = edits.stream().map(e -> new WordChoice.Slot(e.start(), e.end(), List.of(e.to(), e.from()))).toList();
        return minimumGain.reviewEdits(engine, tokenizer, prompt, input, proposal, slots, Long.MAX_VALUE).thenApply(WordChoice.Chosen::answer);
    }

    /** {@code text} after the pass after the model: the model's choice among the speller's guesses. */
    private CompletableFuture<String> afterModel(int[] prompt, String text) {
        if (spelling == null) return CompletableFuture.completedFuture(text);
        List<WordChoice.Slot> slots = spelling.choices(text).stream().map(c -> new WordChoice.Slot(c.start(), c.end(), c.options())).toList();
        if (slots.isEmpty()) return CompletableFuture.completedFuture(text);
        return WordChoice.choose(engine, tokenizer, prompt, text, slots, Long.MAX_VALUE).thenApply(WordChoice.Chosen::answer);
    }

    /** The correction's text: its tokens up to the stop token, special tokens left out. */
    private String text(Completion c) {
        List<Integer> ids = new ArrayList<>();
        for (int t : c.outputTokens()) {
            if (!tokenizer.isSpecial(t)) ids.add(t);
        }
        return tokenizer.decode(ids.stream().mapToInt(Integer::intValue).toArray()).strip();
    }

    /** The engine's counters (steps, draft tokens proposed and accepted, ...). */
    public dev.quill.core.engine.EngineSnapshot engineSnapshot() {
        return engine.snapshot();
    }

    /** Sentences returned unchanged because their prompt did not fit the model's context. */
    @Override
    public int skipped() {
        return skipped.get();
    }

    @Override
    public void close() {
        engine.close();
        model.close();
        pool.close();
    }
}
