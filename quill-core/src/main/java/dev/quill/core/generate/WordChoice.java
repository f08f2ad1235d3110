package dev.quill.core.generate;

import dev.quill.core.engine.Completion;
import dev.quill.core.engine.Engine;
import dev.quill.core.engine.EngineRejectedException;
import dev.quill.core.engine.EngineRequest;
import dev.quill.core.engine.TokenListener;
import dev.quill.core.tokenizer.BpeTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The model's choice among the words a misspelling may have meant. A speller offers the words at
 * the least edit distance ("wich": which, with); word frequency alone picks the wrong one often
 * (on JFLEG dev about half the time: "wich" -> "with", "Infact" -> "Infant"), while the tutor model
 * reads the sentence: each option is scored as the model's answer to the sentence it was given
 * ({@link EngineRequest#score}, prompt usually in the prefix cache), and the most likely one goes
 * in. The scorings of one answer are submitted together, so they share the engine's steps.
 *
 * <p>Each place is decided with the others at their first option. When a scoring does not finish
 * (the deadline passed, the queue was full, it does not fit the context), the first option stands.
 */
public final class WordChoice {

    /**
     * One place in an answer: {@code answer.substring(start, end)} is replaced by one of
     * {@code options}, the first the best guess without the model.
     */
    public record Slot(int start, int end, List<String> options) {
        public Slot {
            options = List.copyOf(options);
            if (options.isEmpty()) throw new IllegalArgumentException("a slot needs an option");
            if (start < 0 || end < start) throw new IllegalArgumentException("bad slot bounds " + start + ".." + end);
        }
    }

    /**
     * The answer with the chosen words, the word chosen for each slot, and the scoring requests'
     * completions (their compute is part of the request's cost; empty when no slot had a choice).
     */
    public record Chosen(String answer, List<String> words, List<Completion> scorings) {
        public Chosen {
            words = List.copyOf(words);
            scorings = List.copyOf(scorings);
        }

        /** Every slot at its first option, nothing scored. */
        public static Chosen firstOptions(String answer, List<Slot> slots) {
            return new Chosen(WordChoice.firstOptions(answer, slots), slots.stream().map(s -> s.options().getFirst()).toList(), List.of());
        }
    }

    private WordChoice() {}

    /**
     * Chooses an option for every slot of {@code answer} (slots left to right, not overlapping).
     *
     * @param prompt the prompt the answer was generated from ({@link TutorPrompt#prompt})
     */
    public static CompletableFuture<Chosen> choose(Engine engine, BpeTokenizer tokenizer, int[] prompt, String answer, List<Slot> slots,
            long deadlineNanos) {
        return choose(engine, tokenizer, prompt, answer, slots, deadlineNanos, 0);
    }

    /**
     * As {@link #choose(Engine, BpeTokenizer, int[], String, List, long)}, but an option other
     * than a slot's first needs a log-probability above the base's plus {@code margin} (negative:
     * the other options win near ties).
     */
    public static CompletableFuture<Chosen> choose(Engine engine, BpeTokenizer tokenizer, int[] prompt, String answer, List<Slot> slots,
            long deadlineNanos, double margin) {
        int[] chosen = new int[slots.size()];
        String base = fill(answer, slots, chosen);
        if (slots.stream().allMatch(s -> s.options().size() == 1)) return CompletableFuture.completedFuture(Chosen.firstOptions(answer, slots));
        // the base (every slot at its first option) and, per slot, each other option
        List<CompletableFuture<Completion>> scores = new ArrayList<>();
        scores.add(score(engine, tokenizer, prompt, base, deadlineNanos));
        for (int i = 0; i < slots.size(); i++) {
            for (int j = 1; j < slots.get(i).options().size(); j++) {
                int[] variant = new int[slots.size()];
                variant[i] = j;
                scores.add(score(engine, tokenizer, prompt, fill(answer, slots, variant), deadlineNanos));
            }
        }
        return CompletableFuture.allOf(scores.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<Completion> completions = scores.stream().map(CompletableFuture::join).toList();
            List<Completion> scored = completions.stream().filter(c -> c != null).toList();
            double baseScore = logprob(completions.get(0));
            if (baseScore == Double.NEGATIVE_INFINITY) return new Chosen(base, words(slots, chosen), scored);
            int k = 1;
            for (int i = 0; i < slots.size(); i++) {
                double best = baseScore + margin;
                for (int j = 1; j < slots.get(i).options().size(); j++, k++) {
                    double score = logprob(completions.get(k));
                    if (score > best) {
                        best = score;
                        chosen[i] = j;
                    }
                }
            }
            return new Chosen(fill(answer, slots, chosen), words(slots, chosen), scored);
        });
    }

    private static List<String> words(List<Slot> slots, int[] option) {
        List<String> out = new ArrayList<>(slots.size());
        for (int i = 0; i < slots.size(); i++) out.add(slots.get(i).options().get(option[i]));
        return out;
    }

    /** The answer with every slot at its first option (the choice without the model). */
    public static String firstOptions(String answer, List<Slot> slots) {
        return fill(answer, slots, new int[slots.size()]);
    }

    /** The answer with slot {@code i} replaced by its option {@code option[i]}. */
    private static String fill(String answer, List<Slot> slots, int[] option) {
        StringBuilder out = new StringBuilder(answer.length() + 8);
        int at = 0;
        for (int i = 0; i < slots.size(); i++) {
            Slot s = slots.get(i);
            if (s.start() < at || s.end() > answer.length()) throw new IllegalArgumentException("slots overlap or leave the answer");
            out.append(answer, at, s.start()).append(s.options().get(option[i]));
            at = s.end();
        }
        return out.append(answer, at, answer.length()).toString();
    }

    /** Scores {@code text} as the answer to {@code prompt}; null when the engine refused it. */
    private static CompletableFuture<Completion> score(Engine engine, BpeTokenizer tokenizer, int[] prompt, String text, long deadlineNanos) {
        int[] tokens = TutorPrompt.example(tokenizer, prompt, text);
        try {
            return engine.submit(EngineRequest.score(tokens, prompt.length, deadlineNanos), TokenListener.NONE).completion();
        } catch (EngineRejectedException e) {
            return CompletableFuture.completedFuture(null);
        }
    }

    /** The answer's log-probability (with its end token), or negative infinity when it was not scored. */
    private static double logprob(Completion c) {
        return c == null || c.promptLogprobs().length == 0 ? Double.NEGATIVE_INFINITY : c.promptLogprobSum();
    }
}
