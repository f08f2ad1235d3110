package dev.quill.core.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quill.core.engine.Completion;
import dev.quill.core.engine.Engine;
import dev.quill.core.engine.EngineRejectedException;
import dev.quill.core.engine.EngineRequest;
import dev.quill.core.engine.Speculation;
import dev.quill.core.engine.TokenListener;
import dev.quill.core.tokenizer.BpeTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The tutor's guard against needless changes: the model's correction is kept only when the model
 * itself finds it more likely than the sentence left as it is, by at least {@code margin} (natural
 * log, over the whole output with its end token). A small model's rewrite of a sentence that
 * needs none is often a near tie with copying it; the guard turns such ties into "no change", at
 * the cost of one prefill of the sentence, only for sentences the model changed.
 *
 * <p>Both sides are scored by the same engine: the correction's log-probability comes with its
 * generation ({@link EngineRequest#logprobs()}). The sentence's comes with it too when the
 * generation speculated with the unchanged sentence as its draft ({@link TutorPrompt#unchanged}):
 * the step in which the correction first left the draft had the rest of the draft in its rows, so
 * its log-probabilities are known ({@link dev.quill.core.engine.Speculation}) and the guard costs
 * no model work at all. Otherwise (no draft, or a draft cut short by the step's token budget) a
 * scoring request ({@link EngineRequest#score}) computes it, its prompt usually still in the prefix
 * cache.
 *
 * <p>When the correction makes two edits or more, each edit must also earn its place: it stands only
 * when the correction is at least {@code editMargin} more likely (natural log) than the same
 * correction without that edit ({@link #reviewEdits}); the others are undone. A small model's
 * rewrite often fixes the error and, beside it, changes something that was right; the whole
 * correction clears the margin on the strength of the real fix, and the edit check takes the
 * needless change back out.
 *
 * @param margin     how much more likely, in natural log, the correction must be; {@link #OFF} keeps
 *                   every correction
 * @param editMargin how much more likely a correction of two edits or more must be than itself
 *                   without each one; negative infinity checks no edit
 */
public record MinimumGain(double margin, double editMargin) {
    /** Keeps every correction and every edit, scoring nothing. */
    public static final MinimumGain OFF = new MinimumGain(Double.NEGATIVE_INFINITY);

    public MinimumGain {
        if (Double.isNaN(margin) || margin == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("the minimum gain must be a number, got " + margin);
        }
        if (Double.isNaN(editMargin) || editMargin == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("the minimum gain of an edit must be a number, got " + editMargin);
        }
    }

    /** The guard on whole corrections alone: no edit is checked. */
    public MinimumGain(double margin) {
        this(margin, Double.NEGATIVE_INFINITY);
    }

    /** The key of {@code generation_config.json} that holds a model's tuned margin. */
    public static final String CONFIG_KEY = "minimum_gain";

    /** The key of {@code generation_config.json} that holds a model's tuned margin for each edit. */
    public static final String EDIT_CONFIG_KEY = "edit_minimum_gain";

    /**
     * The margins tuned for the model in {@code dir}: {@link #CONFIG_KEY} and
     * {@link #EDIT_CONFIG_KEY} in its {@code generation_config.json}, each off when the file or
     * its key is missing.
     */
    public static MinimumGain forModel(Path dir) throws IOException {
        Path file = dir.resolve("generation_config.json");
        if (!Files.isRegularFile(file)) return OFF;
        JsonNode config = new ObjectMapper().readTree(file.toFile());
        return new MinimumGain(margin(file, config, CONFIG_KEY), margin(file, config, EDIT_CONFIG_KEY));
    }

    private static double margin(Path file, JsonNode config, String key) throws IOException {
        JsonNode node = config.get(key);
        if (node == null || node.isNull()) return Double.NEGATIVE_INFINITY;
        if (!node.isNumber()) throw new IOException(file + ": " + key + " must be a number, got " + node);
        return node.doubleValue();
    }

    /**
     * A setting's value: {@code off} (neither check), {@code model} (the model's tuned margins,
     * {@link #forModel}), or a margin in natural log for the whole correction, optionally followed
     * by a colon and the margin for each edit ({@code 2}, {@code 2:1}, {@code 2:off},
     * {@code off:1}; without it, no edit is checked).
     */
    public static MinimumGain parse(String value, Path modelDir) throws IOException {
        String v = value.strip();
        if (v.equalsIgnoreCase("off")) return OFF;
        if (v.equalsIgnoreCase("model")) return forModel(modelDir);
        int colon = v.indexOf(':');
        try {
            if (colon < 0) return new MinimumGain(Double.parseDouble(v));
            return new MinimumGain(marginOrOff(v.substring(0, colon)), marginOrOff(v.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("min-gain: expected off, model or a number (natural log), optionally followed by"
                    + " ':' and the margin for each edit (a number or off), got '" + value + "'");
        }
    }

    private static double marginOrOff(String value) {
        String v = value.strip();
        return v.equalsIgnoreCase("off") ? Double.NEGATIVE_INFINITY : Double.parseDouble(v);
    }

    public boolean enabled() {
        return margin != Double.NEGATIVE_INFINITY;
    }

    /** Whether corrections of two edits or more have each edit checked. */
    public boolean checksEdits() {
        return editMargin != Double.NEGATIVE_INFINITY;
    }

    /** The same edit check with {@code wholeMargin} for whole corrections. */
    public MinimumGain withMargin(double wholeMargin) {
        return new MinimumGain(wholeMargin, editMargin);
    }

    /** "2.0", "2.0, each edit 1.0", "off": for reports. */
    public String describe() {
        if (!enabled() && !checksEdits()) return "off";
        return (enabled() ? Double.toString(margin) : "off") + (checksEdits() ? ", each edit " + editMargin : "");
    }

    /**
     * The edit check on {@code proposal}'s edits of {@code input} ({@link #editMargin}): each
     * {@code edits} slot marks an edit's place in {@code input}, its options the proposal's text
     * there and then the input's own. Every edit is scored left out, with the others in
     * ({@link WordChoice}); an edit stands when the proposal is at least {@code editMargin} more
     * likely than that. The proposal stands as it is, nothing scored ({@link #asProposed}), when
     * the check is off, it makes fewer than two edits, or the edits do not rebuild it from the
     * input (an aligner's rounding); so does an edit whose scoring did not finish.
     *
     * @param prompt the prompt the proposal was generated from ({@link TutorPrompt#prompt})
     */
    public CompletableFuture<WordChoice.Chosen> reviewEdits(Engine engine, BpeTokenizer tokenizer, int[] prompt, String input,
            String proposal, List<WordChoice.Slot> edits, long deadlineNanos) {
        for (WordChoice.Slot e : edits) {
            if (e.options().size() != 2) throw new IllegalArgumentException("an edit's slot has the proposed text and the input's: " + e);
        }
        if (!checksEdits() || edits.size() < 2 || !WordChoice.firstOptions(input, edits).equals(proposal)) {
            return CompletableFuture.completedFuture(asProposed(proposal, edits));
        }
        return WordChoice.choose(engine, tokenizer, prompt, input, edits, deadlineNanos, -editMargin);
    }

    /** {@link #reviewEdits}'s answer when no edit is undone: the proposal, every edit as proposed, nothing scored. */
    public static WordChoice.Chosen asProposed(String proposal, List<WordChoice.Slot> edits) {
        return new WordChoice.Chosen(proposal, edits.stream().map(e -> e.options().getFirst()).toList(), List.of());
    }

    /** Whether a correction with this gain stands: always without the guard or a score (NaN), else at the margin or above. */
    public boolean keeps(double gain) {
        return !enabled() || Double.isNaN(gain) || gain >= margin;
    }

    /**
     * The verdict on one correction.
     *
     * @param keep  whether the correction stands (otherwise the sentence is returned unchanged)
     * @param gain  log-probability of the correction minus that of the sentence; NaN when not scored
     * @param scoring the scoring request's completion (its compute is part of the request's cost), or
     *                null (none was needed: the generation's draft scored the sentence)
     */
    public record Verdict(boolean keep, double gain, Completion scoring) {
        /** The correction stands, unscored (no guard, nothing to score, or the scoring could not run). */
        public static Verdict unscored() {
            return new Verdict(true, Double.NaN, null);
        }
    }

    /**
     * Decides on {@code generated}, the model's output for {@code sentence} (asked with
     * {@link EngineRequest#withLogprobs()}) whose text is {@code correction}. A correction equal
     * to the sentence is kept without scoring. When the sentence cannot be scored (the queue is
     * full, it does not fit the context, the deadline passed), the correction is kept, as it would
     * be without the guard.
     *
     * @param prompt the prompt the correction was generated from ({@link TutorPrompt#prompt})
     */
    public CompletableFuture<Verdict> judge(Engine engine, BpeTokenizer tokenizer, int[] prompt, String sentence,
            Completion generated, String correction, long deadlineNanos) {
        if (!enabled() || correction.equals(sentence)) return CompletableFuture.completedFuture(Verdict.unscored());
        if (generated.outputLogprobs().length != generated.outputTokens().length) {
            throw new IllegalArgumentException("the correction was generated without log-probabilities");
        }
        int[] identity = TutorPrompt.example(tokenizer, prompt, sentence);
        int[] out = generated.outputTokens();
        // Where the correction first leaves the sentence. Up to there the unchanged sentence's
        // tokens are the ones generated, and their log-probabilities came with the generation; only
        // the rest is scored, which lets the scoring take the prompt's full blocks from the prefix
        // cache (the generation cached them) when prompt and common part fill one.
        int diverge = 0;
        while (diverge < out.length && prompt.length + diverge < identity.length - 1 && out[diverge] == identity[prompt.length + diverge]) {
            diverge++;
        }
        double common = 0;
        for (int i = 0; i < diverge; i++) common += generated.outputLogprobs()[i];
        double commonLogprob = common;
        Speculation speculation = generated.speculation();
        if (speculation != null && speculation.draftLogprobs().length == identity.length - prompt.length
                && speculation.scoresFrom(diverge)) {
            double gain = generated.outputLogprobSum() - (commonLogprob + speculation.draftLogprobSum(diverge));
            return CompletableFuture.completedFuture(new Verdict(keeps(gain), gain, null));
        }
        try {
            return engine.submit(EngineRequest.score(identity, prompt.length + diverge, deadlineNanos), TokenListener.NONE)
                    .completion().thenApply(scored -> verdict(generated, commonLogprob, scored));
        } catch (EngineRejectedException e) {
            return CompletableFuture.completedFuture(Verdict.unscored());
        }
    }

    /**
     * The verdict on {@code generated} given {@code scored}, which scored the rest of the
     * unchanged sentence from where the correction left it ({@code commonLogprob} is the part
     * before); the correction stands when the score is missing (the scoring did not finish: its
     * deadline passed).
     */
    private Verdict verdict(Completion generated, double commonLogprob, Completion scored) {
        if (scored.promptLogprobs().length == 0) return new Verdict(true, Double.NaN, scored);
        double gain = generated.outputLogprobSum() - (commonLogprob + scored.promptLogprobSum());
        return new Verdict(keeps(gain), gain, scored);
    }
}
