package dev.quill.retrieval;

import dev.quill.core.tokenizer.BpeTokenizer;
import dev.quill.core.tokenizer.BpeTrainer;
import dev.quill.grammar.edits.Edit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains a {@link CardEncoder} contrastively: each training query should score its own card
 * above every other card. The loss is InfoNCE (van den Oord et al. 2018) with every card as a
 * candidate in every step (the knowledge base is small enough that the full softmax is cheaper
 * than sampling negatives), minimised with Adam (Kingma and Ba 2015). Gradients are written out
 * by hand below; single-threaded and seeded, so a seed always gives the same weights.
 *
 * <p>The tokenizer is quill's byte-level BPE, learned here from the card text and the training
 * queries only.
 */
public final class EncoderTrainer {

    private static final float ADAM_BETA1 = 0.9f;
    private static final float ADAM_BETA2 = 0.999f;
    private static final float ADAM_EPS = 1e-8f;

    private final EncoderConfig config;
    private final RuleCards cards;
    private final List<LabelledQuery> training;

    private EncoderTrainer(RuleCards cards, List<LabelledQuery> training, EncoderConfig config) {
        this.cards = cards;
        this.training = training;
        this.config = config;
    }

    /**
     * One encoder, seeded with {@code config.seed()}.
     *
     * @param training labelled queries whose card ids all name cards in {@code cards}
     * @throws IllegalArgumentException if a training query names an unknown card
     */
    public static CardEncoder train(RuleCards cards, List<LabelledQuery> training, EncoderConfig config) {
        return new EncoderTrainer(cards, training, config).run(tokenizer(cards, training, config));
    }

    /**
     * {@code members} encoders trained alike, on one shared tokenizer, in parallel (up to one
     * thread per core). The first member has {@code config.seed()}; the others have seeds drawn
     * from it, so the ensemble depends only on the seed and the member count, not on threads.
     */
    public static EncoderEnsemble trainEnsemble(RuleCards cards, List<LabelledQuery> training, EncoderConfig config, int members) {
        if (members <= 0) throw new IllegalArgumentException("members must be positive");
        long t0 = System.nanoTime();
        BpeTokenizer tokenizer = tokenizer(cards, training, config);
        SplittableRandom seeds = new SplittableRandom(config.seed());
        List<EncoderConfig> configs = new ArrayList<>(List.of(config));
        while (configs.size() < members) configs.add(config.withSeed(seeds.nextLong()));
        int threads = Math.min(members, Runtime.getRuntime().availableProcessors());
        List<CardEncoder> trained = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().name("quill-encoder-", 1).daemon().factory())) {
            List<Future<CardEncoder>> futures = new ArrayList<>();
            for (EncoderConfig c : configs) futures.add(pool.submit(() -> new EncoderTrainer(cards, training, c).run(tokenizer)));
            for (Future<CardEncoder> f : futures) trained.add(f.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while training the encoder", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        }
        return new EncoderEnsemble(trained, (System.nanoTime() - t0) / 1_000_000);
    }

    /** quill's encoder: {@value EncoderEnsemble#DEFAULT_MEMBERS} members with the default settings, on the cards' own training queries. */
    public static EncoderEnsemble train(RuleCards cards) {
        return trainEnsemble(cards, LabelledQueries.training(cards), EncoderConfig.defaults(), EncoderEnsemble.DEFAULT_MEMBERS);
    }

    /** quill's byte-level BPE, learned from the card text and the training queries only. */
    private static BpeTokenizer tokenizer(RuleCards cards, List<LabelledQuery> training, EncoderConfig config) {
        List<String> corpus = new ArrayList<>();
        for (RuleCard c : cards.all()) corpus.add(c.searchText());
        for (LabelledQuery q : training) corpus.add(q.query().text());
        return BpeTrainer.train(corpus, config.vocabSize(), List.of());
    }

    /** One trainable array with its gradient and Adam moments. */
    private static final class Param {
        final float[] w;
        final float[] g;
        final float[] m;
        final float[] v;

        Param(float[] w) {
            this.w = w;
            this.g = new float[w.length];
            this.m = new float[w.length];
            this.v = new float[w.length];
        }
    }

    private CardEncoder run(BpeTokenizer tokenizer) {
        long t0 = System.nanoTime();
        Map<String, Integer> cardIndex = new HashMap<>();
        for (int j = 0; j < cards.size(); j++) cardIndex.put(cards.all().get(j).id(), j);
        for (LabelledQuery q : training) {
            if (!cardIndex.containsKey(q.cardId())) throw new IllegalArgumentException("training query names unknown card " + q.cardId());
        }

        Map<String, Integer> signatureIds = signatureVocabulary();

        int dim = config.dim();
        SplittableRandom random = new SplittableRandom(config.seed());
        float[] tokens = gaussian(random, (tokenizer.vocabSize() + 1) * dim, 1.0 / Math.sqrt(dim));
        float[] signatures = gaussian(random, (signatureIds.size() + 1) * dim, 1.0 / Math.sqrt(dim));
        float[] types = gaussian(random, CardEncoder.TYPES * dim, 1.0 / Math.sqrt(dim));
        float[][] queryProj = identities(dim);
        float[][] cardProj = identities(dim);
        // Stats are filled in at the end; the encoder's arrays are the ones trained in place.
        CardEncoder model = new CardEncoder(tokenizer, dim, tokens, signatureIds, signatures, types, queryProj, cardProj, null);

        Param pTokens = new Param(tokens);
        Param pSignatures = new Param(signatures);
        Param pTypes = new Param(types);
        Param[] pQuery = new Param[CardEncoder.BAGS];
        Param[] pCard = new Param[CardEncoder.BAGS];
        for (int b = 0; b < CardEncoder.BAGS; b++) {
            pQuery[b] = new Param(queryProj[b]);
            pCard[b] = new Param(cardProj[b]);
        }
        List<Param> params = new ArrayList<>(List.of(pTokens, pSignatures, pTypes));
        params.addAll(List.of(pQuery));
        params.addAll(List.of(pCard));

        int nCards = cards.size();
        CardEncoder.Features[] cardFeatures = cards.all().stream().map(model::cardFeatures).toArray(CardEncoder.Features[]::new);
        CardEncoder.Features[] queryFeatures = training.stream().map(q -> model.queryFeatures(q.query())).toArray(CardEncoder.Features[]::new);
        int[] labels = training.stream().mapToInt(q -> cardIndex.get(q.cardId())).toArray();

        int n = training.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        float[][][] cardMeans = new float[nCards][CardEncoder.BAGS + 1][dim];
        float[][] cardPre = new float[nCards][];
        float[][] cardVec = new float[nCards][];
        float[][] dCard = new float[nCards][dim];
        int batch = config.batchSize();
        float[][][] queryMeans = new float[batch][CardEncoder.BAGS + 1][dim];
        int step = 0;
        double firstLoss = Double.NaN;
        double lastLoss = Double.NaN;

        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            shuffle(order, random);
            double epochLoss = 0;
            for (int start = 0; start < n; start += batch) {
                int size = Math.min(batch, n - start);
                for (Param p : params) Arrays.fill(p.g, 0f);

                for (int j = 0; j < nCards; j++) {
                    cardPre[j] = model.preActivation(cardFeatures[j], cardProj, null, cardMeans[j]);
                    cardVec[j] = CardEncoder.normalized(cardPre[j]);
                    Arrays.fill(dCard[j], 0f);
                }
                float invTemp = 1f / config.temperature();
                for (int i = 0; i < size; i++) {
                    int qi = order[start + i];
                    CardEncoder.Features f = queryFeatures[qi];
                    boolean[][] keep = dropoutMask(f, random);
                    float[] pre = model.preActivation(f, queryProj, keep, queryMeans[i]);
                    float[] q = CardEncoder.normalized(pre);

                    // softmax over every card
                    float[] logits = new float[nCards];
                    float max = Float.NEGATIVE_INFINITY;
                    for (int j = 0; j < nCards; j++) {
                        logits[j] = CardEncoder.dot(q, cardVec[j]) * invTemp;
                        max = Math.max(max, logits[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < nCards; j++) sum += Math.exp(logits[j] - max);
                    epochLoss += -(logits[labels[qi]] - max - Math.log(sum));

                    // dLoss/dlogit = (p - y) / batch; logit = q.c / T
                    float[] dq = new float[dim];
                    for (int j = 0; j < nCards; j++) {
                        float g = (float) (Math.exp(logits[j] - max) / sum) - (j == labels[qi] ? 1f : 0f);
                        g *= invTemp / size;
                        float[] c = cardVec[j];
                        float[] dc = dCard[j];
                        for (int d = 0; d < dim; d++) {
                            dq[d] += g * c[d];
                            dc[d] += g * q[d];
                        }
                    }
                    backward(model, f, keep, queryMeans[i], pre, q, dq, pQuery, pTokens, pSignatures, pTypes);
                }
                for (int j = 0; j < nCards; j++) {
                    backward(model, cardFeatures[j], null, cardMeans[j], cardPre[j], cardVec[j], dCard[j], pCard, pTokens, pSignatures, pTypes);
                }
                step++;
                for (Param p : params) adam(p, step);
            }
            epochLoss /= n;
            if (epoch == 0) firstLoss = epochLoss;
            lastLoss = epochLoss;
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        return new CardEncoder(tokenizer, dim, tokens, signatureIds, signatures, types, queryProj, cardProj,
                new CardEncoder.TrainingStats(n, step, firstLoss, lastLoss, millis));
    }

    /** Every signature of the training queries' edits and the cards' example edits, in first-seen order. */
    private Map<String, Integer> signatureVocabulary() {
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (LabelledQuery q : training) {
            for (Edit e : q.query().edits()) for (String sig : EditSignatures.of(e.from(), e.to())) ids.putIfAbsent(sig, ids.size());
        }
        for (RuleCard c : cards.all()) {
            for (MarkedSentence ex : c.examples()) {
                for (Edit e : ex.edits(c.mainType())) for (String sig : EditSignatures.of(e.from(), e.to())) ids.putIfAbsent(sig, ids.size());
            }
        }
        return ids;
    }

    /**
     * Back-propagates {@code dOut} (gradient on the normalised output) through the
     * normalisation, the projections and the mean pooling into the embeddings.
     */
    private static void backward(CardEncoder model, CardEncoder.Features f, boolean[][] keep, float[][] means, float[] pre, float[] out,
                                 float[] dOut, Param[] projections, Param tokens, Param signatures, Param types) {
        int dim = model.dim;
        // out = pre / |pre|  =>  dpre = (dOut - out (out . dOut)) / |pre|
        double sq = 0;
        for (float x : pre) sq += x * x;
        float invNorm = (float) (1.0 / Math.sqrt(sq + 1e-12));
        float along = CardEncoder.dot(out, dOut);
        float[] dPre = new float[dim];
        for (int d = 0; d < dim; d++) dPre[d] = (dOut[d] - out[d] * along) * invNorm;

        for (int b = 0; b < CardEncoder.BAGS; b++) {
            int[] bag = f.bags()[b];
            int kept = 0;
            for (int i = 0; i < bag.length; i++) if (keep == null || keep[b][i]) kept++;
            if (kept == 0) continue;
            float[] mean = means[b];
            float[] p = projections[b].w;
            float[] gp = projections[b].g;
            float[] dMean = new float[dim];
            for (int o = 0; o < dim; o++) {
                float g = dPre[o];
                int row = o * dim;
                for (int d = 0; d < dim; d++) {
                    gp[row + d] += g * mean[d];
                    dMean[d] += p[row + d] * g;
                }
            }
            float inv = 1f / kept;
            float[] table = b == CardEncoder.SIGNATURE_BAG ? signatures.g : tokens.g;
            for (int i = 0; i < bag.length; i++) {
                if (keep != null && !keep[b][i]) continue;
                int row = bag[i] * dim;
                for (int d = 0; d < dim; d++) table[row + d] += dMean[d] * inv;
            }
        }
        int[] ids = f.typeIds();
        if ((keep == null || keep[CardEncoder.BAGS][0]) && ids.length > 0) {
            float inv = 1f / ids.length;
            for (int t : ids) for (int d = 0; d < dim; d++) types.g[t * dim + d] += dPre[d] * inv;
        }
    }

    private boolean[][] dropoutMask(CardEncoder.Features f, SplittableRandom random) {
        boolean[][] keep = new boolean[CardEncoder.BAGS + 1][];
        for (int b = 0; b < CardEncoder.BAGS; b++) {
            int[] bag = f.bags()[b];
            keep[b] = new boolean[bag.length];
            for (int i = 0; i < bag.length; i++) keep[b][i] = random.nextDouble() >= config.tokenDropout();
        }
        keep[CardEncoder.BAGS] = new boolean[] {random.nextDouble() >= config.typeDropout()};
        return keep;
    }

    private void adam(Param p, int step) {
        float lr = config.learningRate();
        float c1 = (float) (1 - Math.pow(ADAM_BETA1, step));
        float c2 = (float) (1 - Math.pow(ADAM_BETA2, step));
        float[] w = p.w, g = p.g, m = p.m, v = p.v;
        for (int i = 0; i < w.length; i++) {
            float gi = g[i];
            if (gi == 0f && m[i] == 0f) continue; // rows never touched stay as initialised
            m[i] = ADAM_BETA1 * m[i] + (1 - ADAM_BETA1) * gi;
            v[i] = ADAM_BETA2 * v[i] + (1 - ADAM_BETA2) * gi * gi;
            w[i] -= lr * (m[i] / c1) / ((float) Math.sqrt(v[i] / c2) + ADAM_EPS);
        }
    }

    private static float[] gaussian(SplittableRandom random, int n, double std) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) (gaussian(random) * std);
        return out;
    }

    /** Box-Muller, so the draw depends only on the seed (no hidden state as in java.util.Random). */
    private static double gaussian(SplittableRandom random) {
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static float[][] identities(int dim) {
        float[][] out = new float[CardEncoder.BAGS][dim * dim];
        for (float[] p : out) for (int d = 0; d < dim; d++) p[d * dim + d] = 1f;
        return out;
    }

    private static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

}
