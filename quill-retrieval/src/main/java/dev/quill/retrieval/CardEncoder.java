package dev.quill.retrieval;

import dev.quill.core.tokenizer.BpeTokenizer;
import dev.quill.grammar.edits.Edit;
import dev.quill.grammar.edits.ErrorType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A small bi-encoder that maps queries and rule cards into one vector space, trained by
 * {@link EncoderTrainer}. Both towers share the BPE token embeddings and the error-type
 * embeddings; each has its own projections.
 *
 * <pre>
 *   query: q = Pfrom·mean(E[from tokens]) + Pto·mean(E[to tokens]) + Pctx·mean(E[sentence tokens])
 *              + Pnear·mean(E[tokens of the words next to the edit]) + Psig·mean(S[edit signatures]) + mean(T[edit types])
 *   card:  c = the same five bags over the card's examples (their edits, words next to them, signatures),
 *              with the whole card text in place of the sentence, and its own projections C*; + mean(T[card types])
 *   score = cos(q, c)
 * </pre>
 *
 * Each input is five bags and a bag of types; the query's bags are the edits' removed words,
 * their replacements, the whole sentence, the two words before and the word after each edit ("was
 * [sleep]" is a different rule from "to [drive]") and the edits' {@link EditSignatures}, so "a ->
 * an" and "an -> a" land apart even though they hold the same words. An empty side of an edit (an
 * insertion or deletion) is the token {@code EMPTY}; a signature never seen in training is
 * {@code UNSEEN}. Immutable and thread-safe once trained.
 */
public final class CardEncoder {

    static final int BAGS = 5;
    /** The bag of edit signatures; the others hold BPE tokens. */
    static final int SIGNATURE_BAG = 4;
    /** Words either side of an edit that go into its near-context bag. */
    static final int WORDS_BEFORE = 2;
    static final int WORDS_AFTER = 1;
    static final int TYPES = ErrorType.values().length;

    final BpeTokenizer tokenizer;
    final int dim;
    /** (vocab + 1) x dim; the last row is {@link #emptyToken()}. */
    final float[] tokens;
    /** (signatures + 1) x dim; the last row is {@link #unseenSignature()}. */
    final float[] signatures;
    final Map<String, Integer> signatureIds;
    /** TYPES x dim. */
    final float[] types;
    /** Per tower, per bag: dim x dim, row-major (out, in). */
    final float[][] queryProjections;
    final float[][] cardProjections;
    private final TrainingStats stats;

    /** How training went: for the eval report. */
    public record TrainingStats(int trainingQueries, int steps, double firstEpochLoss, double lastEpochLoss, long trainMillis) {}

    CardEncoder(BpeTokenizer tokenizer, int dim, float[] tokens, Map<String, Integer> signatureIds, float[] signatures, float[] types,
                float[][] queryProjections, float[][] cardProjections, TrainingStats stats) {
        this.tokenizer = tokenizer;
        this.dim = dim;
        this.tokens = tokens;
        this.signatureIds = Map.copyOf(signatureIds);
        this.signatures = signatures;
        this.types = types;
        this.queryProjections = queryProjections;
        this.cardProjections = cardProjections;
        this.stats = stats;
    }

    public int dim() {
        return dim;
    }

    public TrainingStats stats() {
        return stats;
    }

    /** Trainable parameters (token and type embeddings, six projections). */
    public long parameterCount() {
        return tokens.length + signatures.length + types.length + 2L * BAGS * dim * dim;
    }

    /** The unit-length query vector. */
    public float[] encode(RetrievalQuery query) {
        return forward(queryFeatures(query), queryProjections, null);
    }

    /** The unit-length card vector. */
    public float[] encode(RuleCard card) {
        return forward(cardFeatures(card), cardProjections, null);
    }

    int emptyToken() {
        return tokens.length / dim - 1;
    }

    int unseenSignature() {
        return signatures.length / dim - 1;
    }

    /** The embedding table a bag's ids index. */
    float[] table(int bag) {
        return bag == SIGNATURE_BAG ? signatures : tokens;
    }

    /** Token bags and type ids of one input. */
    record Features(int[][] bags, int[] typeIds) {}

    Features queryFeatures(RetrievalQuery query) {
        List<String> from = new ArrayList<>();
        List<String> to = new ArrayList<>();
        StringBuilder near = new StringBuilder();
        List<ErrorType> edited = new ArrayList<>();
        for (Edit e : query.edits()) {
            from.add(e.from());
            to.add(e.to());
            near.append(nearWords(query.text(), e)).append(' ');
            if (e.type() != null && !edited.contains(e.type())) edited.add(e.type());
        }
        return new Features(new int[][] {editTokens(from), editTokens(to), tokenizer.encode(query.text()), nearTokens(near),
                signatureIds(from, to)}, typeIds(edited));
    }

    Features cardFeatures(RuleCard card) {
        List<String> from = new ArrayList<>();
        List<String> to = new ArrayList<>();
        StringBuilder near = new StringBuilder();
        for (MarkedSentence example : card.examples()) {
            String wrong = example.wrong();
            for (Edit e : example.edits(card.mainType())) {
                from.add(e.from());
                to.add(e.to());
                near.append(nearWords(wrong, e)).append(' ');
            }
        }
        return new Features(new int[][] {editTokens(from), editTokens(to), tokenizer.encode(card.searchText()), nearTokens(near),
                signatureIds(from, to)}, typeIds(card.types()));
    }

    private int[] nearTokens(StringBuilder words) {
        String text = words.toString().strip();
        return text.isEmpty() ? new int[] {emptyToken()} : tokenizer.encode(" " + text);
    }

    /**
     * Up to {@value #WORDS_BEFORE} words before the edit and {@value #WORDS_AFTER} after it. Uses
     * the edit's offsets when they point at its text, else the first place the text occurs; none
     * when neither works.
     */
    static String nearWords(String sentence, Edit e) {
        int start = e.start();
        int end = e.end();
        boolean offsetsFit = start >= 0 && end <= sentence.length() && start <= end && sentence.substring(start, end).equals(e.from());
        if (!offsetsFit) {
            int at = e.from().isEmpty() ? -1 : sentence.indexOf(e.from());
            if (at < 0) return "";
            start = at;
            end = at + e.from().length();
        }
        String[] before = sentence.substring(0, start).strip().split("\\s+");
        String[] after = sentence.substring(end).strip().split("\\s+");
        StringBuilder out = new StringBuilder();
        for (int i = Math.max(0, before.length - WORDS_BEFORE); i < before.length; i++) out.append(before[i]).append(' ');
        for (int i = 0; i < Math.min(WORDS_AFTER, after.length); i++) out.append(after[i]).append(' ');
        return out.toString().strip();
    }

    private int[] signatureIds(List<String> from, List<String> to) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < from.size(); i++) {
            for (String sig : EditSignatures.of(from.get(i), to.get(i))) ids.add(signatureIds.getOrDefault(sig, unseenSignature()));
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The edits' words, each with a leading space as it would stand inside a sentence. */
    private int[] editTokens(List<String> sides) {
        List<int[]> parts = new ArrayList<>();
        int n = 0;
        for (String side : sides) {
            int[] ids = side.isBlank() ? new int[] {emptyToken()} : tokenizer.encode(" " + side.strip());
            parts.add(ids);
            n += ids.length;
        }
        int[] out = new int[n];
        int at = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static int[] typeIds(List<ErrorType> list) {
        return list.stream().mapToInt(Enum::ordinal).toArray();
    }

    /**
     * The pre-normalisation sum for one input, with {@code keep} masking tokens and types out
     * (null: keep all). {@code means}, when given, receives each bag's mean and the type mean
     * (BAGS + 1 rows) for the backward pass.
     */
    float[] preActivation(Features f, float[][] projections, boolean[][] keep, float[][] means) {
        float[] pre = new float[dim];
        for (int b = 0; b < BAGS; b++) {
            float[] mean = means != null ? means[b] : new float[dim];
            Arrays.fill(mean, 0f);
            int[] bag = f.bags()[b];
            float[] table = table(b);
            int kept = 0;
            for (int i = 0; i < bag.length; i++) {
                if (keep != null && !keep[b][i]) continue;
                int row = bag[i] * dim;
                for (int d = 0; d < dim; d++) mean[d] += table[row + d];
                kept++;
            }
            if (kept == 0) continue;
            float inv = 1f / kept;
            for (int d = 0; d < dim; d++) mean[d] *= inv;
            float[] p = projections[b];
            for (int o = 0; o < dim; o++) {
                float s = 0f;
                int row = o * dim;
                for (int d = 0; d < dim; d++) s += p[row + d] * mean[d];
                pre[o] += s;
            }
        }
        float[] typeMean = means != null ? means[BAGS] : new float[dim];
        Arrays.fill(typeMean, 0f);
        int[] ids = f.typeIds();
        boolean keepTypes = keep == null || keep[BAGS][0];
        if (keepTypes && ids.length > 0) {
            for (int t : ids) for (int d = 0; d < dim; d++) typeMean[d] += types[t * dim + d];
            for (int d = 0; d < dim; d++) {
                typeMean[d] /= ids.length;
                pre[d] += typeMean[d];
            }
        }
        return pre;
    }

    private float[] forward(Features f, float[][] projections, boolean[][] keep) {
        return normalized(preActivation(f, projections, keep, null));
    }

    static float[] normalized(float[] v) {
        double sq = 0;
        for (float x : v) sq += x * x;
        float inv = (float) (1.0 / Math.sqrt(sq + 1e-12));
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] * inv;
        return out;
    }

    static float dot(float[] a, float[] b) {
        float s = 0f;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
