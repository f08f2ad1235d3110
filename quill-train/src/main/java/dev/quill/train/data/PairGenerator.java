package dev.quill.train.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * Makes training and evaluation pairs from clean sentences with the {@link ErrorSynthesizer}.
 * Each sentence gets its own random stream seeded from the run's seed and the sentence itself,
 * so the pairs do not depend on the order of the sentences or on how many threads run.
 */
public final class PairGenerator {

    private final ErrorSynthesizer synthesizer;
    private final long seed;
    private final double identityShare;
    private final Predicate<String> isCleanSentence;

    /**
     * @param identityShare the share of pairs whose source is the clean sentence itself (0.12: the
     *     model must also learn to leave correct sentences alone)
     * @param isCleanSentence whether a string is a known clean sentence; a corruption equal to one is rejected
     */
    public PairGenerator(ErrorSynthesizer synthesizer, long seed, double identityShare, Predicate<String> isCleanSentence) {
        this.synthesizer = synthesizer;
        this.seed = seed;
        this.identityShare = identityShare;
        this.isCleanSentence = isCleanSentence;
    }

    private Random randomFor(String sentence, String purpose) {
        return new Random(seed * 0x9E3779B97F4A7C15L ^ StableHash.of(purpose + ":" + sentence));
    }

    /**
     * Training pairs: up to {@code variants} different corruptions of every sentence, plus
     * identity pairs for a seeded random subset of the sentences, as many as make
     * {@code identityShare} of all pairs (when that takes more than one per sentence, every
     * sentence has one and some two or more). In sentence order, identities last.
     *
     * @param progress told the number of sentences done, now and then (from any thread)
     */
    public List<TrainingPair> trainPairs(List<SentencePool.Sentence> sentences, int variants, IntConsumer progress) {
        AtomicInteger done = new AtomicInteger();
        List<List<TrainingPair>> perSentence = IntStream.range(0, sentences.size()).parallel().mapToObj(i -> {
            SentencePool.Sentence s = sentences.get(i);
            List<TrainingPair> out = new ArrayList<>(variants);
            for (ErrorSynthesizer.Corruption c : synthesizer.variants(s.text(), variants, randomFor(s.text(), "train"), isCleanSentence)) {
                out.add(new TrainingPair(c.source(), s.text(), c.types(), c.labels(), s.origin()));
            }
            int n = done.incrementAndGet();
            if (n % 5000 == 0) progress.accept(n);
            return out;
        }).toList();
        List<TrainingPair> pairs = new ArrayList<>();
        perSentence.forEach(pairs::addAll);
        if (sentences.isEmpty()) return pairs;
        long identities = Math.round(pairs.size() * identityShare / (1 - identityShare));
        List<SentencePool.Sentence> shuffled = new ArrayList<>(sentences);
        Collections.shuffle(shuffled, new Random(seed ^ 0x1D3A_71E5L));
        // past one per sentence (a high share with many variants) the identities go round again
        for (long i = 0; i < identities; i++) {
            SentencePool.Sentence s = shuffled.get((int) (i % shuffled.size()));
            pairs.add(TrainingPair.identity(s.text(), s.origin()));
        }
        return pairs;
    }

    /**
     * Evaluation pairs: one per sentence, the sentence itself with probability
     * {@code identityShare}, otherwise one corruption (sentences that cannot be corrupted are left out).
     */
    public List<TrainingPair> evalPairs(List<SentencePool.Sentence> sentences) {
        List<TrainingPair> pairs = new ArrayList<>();
        for (SentencePool.Sentence s : sentences) {
            Random random = randomFor(s.text(), "eval");
            if (random.nextDouble() < identityShare) {
                pairs.add(TrainingPair.identity(s.text(), s.origin()));
                continue;
            }
            synthesizer.corrupt(s.text(), random, isCleanSentence)
                    .ifPresent(c -> pairs.add(new TrainingPair(c.source(), s.text(), c.types(), c.labels(), s.origin())));
        }
        return pairs;
    }
}
