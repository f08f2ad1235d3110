package dev.quill.core.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Learns byte-level BPE merges from a corpus, GPT-2 style (Sennrich et al. 2016, with Radford et
 * al. 2019's byte alphabet and pre-tokenizer). Words are counted once; then the most frequent
 * adjacent pair is merged again and again, ties going to the smaller (left id, right id), until
 * the vocabulary is full or no pair occurs twice.
 *
 * <p>Pair counts are updated incrementally: each pair knows the words it occurs in, so a merge
 * touches only those words, and a max-heap with lazily corrected counts picks the next pair.
 *
 * <p>Ids: byte b is token b (0..255), learned tokens follow in merge order, and the special
 * tokens take the last ids, in the order given.
 */
public final class BpeTrainer {

    /** Told how training is going; the CLI prints it. */
    public interface Progress {
        void wordsCounted(long texts, int distinctWords);

        void merged(int mergesDone, int mergesPlanned);
    }

    private static final Progress SILENT = new Progress() {
        @Override public void wordsCounted(long texts, int distinctWords) {}

        @Override public void merged(int mergesDone, int mergesPlanned) {}
    };

    // Corpus words as symbol ids, with how often each word occurs.
    private final int[][] wordSymbols;
    private final long[] wordCounts;

    // Pair statistics, one slot per pair ever seen: the pair table maps the packed pair to its slot.
    private final PairTable slotOfPair;
    private long[] pairKeys = new long[1024];
    private long[] pairCounts = new long[1024];
    private IntList[] pairWords = new IntList[1024];
    private int pairSlots;

    private final PriorityQueue<Candidate> candidates = new PriorityQueue<>();

    /** A pair and its count when it was queued; the count may since have dropped. */
    private record Candidate(long count, int left, int right) implements Comparable<Candidate> {
        @Override
        public int compareTo(Candidate o) {
            if (count != o.count) return Long.compare(o.count, count);
            if (left != o.left) return Integer.compare(left, o.left);
            return Integer.compare(right, o.right);
        }
    }

    private BpeTrainer(Map<String, long[]> wordCountByWord) {
        int n = wordCountByWord.size();
        wordSymbols = new int[n][];
        wordCounts = new long[n];
        slotOfPair = new PairTable(1 << 16);
        int w = 0;
        for (Map.Entry<String, long[]> e : wordCountByWord.entrySet()) {
            byte[] bytes = Utf8.encode(e.getKey());
            int[] symbols = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) symbols[i] = bytes[i] & 0xFF;
            wordSymbols[w] = symbols;
            wordCounts[w] = e.getValue()[0];
            for (int i = 0; i + 1 < symbols.length; i++) {
                int slot = slotOf(symbols[i], symbols[i + 1]);
                pairCounts[slot] += wordCounts[w];
                pairWords[slot].addIfNotLast(w);
            }
            w++;
        }
        for (int slot = 0; slot < pairSlots; slot++) queue(slot);
    }

    public static BpeTokenizer train(Iterable<String> texts, int vocabSize, List<String> specialTokens) {
        return train(texts, vocabSize, specialTokens, SILENT);
    }

    /**
     * @param vocabSize ids in the result, the 256 byte tokens and the special tokens included
     * @throws IllegalArgumentException if vocabSize cannot hold the bytes and the special tokens,
     *     or a special token is empty or repeated
     */
    public static BpeTokenizer train(Iterable<String> texts, int vocabSize, List<String> specialTokens, Progress progress) {
        if (new HashSet<>(specialTokens).size() != specialTokens.size()) {
            throw new IllegalArgumentException("special tokens repeat: " + specialTokens);
        }
        if (specialTokens.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("a special token is empty: " + specialTokens);
        }
        int minimum = 256 + specialTokens.size();
        if (vocabSize < minimum) {
            throw new IllegalArgumentException("vocab size " + vocabSize + " is below " + minimum
                    + " (256 byte tokens + " + specialTokens.size() + " special tokens)");
        }

        // Map order is insertion order, so ids and tie-breaks never depend on hashing.
        Map<String, long[]> wordCountByWord = new LinkedHashMap<>();
        long textsSeen = 0;
        for (String text : texts) {
            PreTokenizer.forEachWord(text, word -> wordCountByWord.computeIfAbsent(word, k -> new long[1])[0]++);
            if (++textsSeen % 100_000 == 0) progress.wordsCounted(textsSeen, wordCountByWord.size());
        }
        progress.wordsCounted(textsSeen, wordCountByWord.size());

        List<byte[]> tokenBytes = new ArrayList<>();
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (int b = 0; b < 256; b++) {
            tokenBytes.add(new byte[] {(byte) b});
            vocab.put(String.valueOf(ByteLevel.charOf(b)), b);
        }
        List<Merge> merges = new BpeTrainer(wordCountByWord)
                .learnMerges(vocabSize - specialTokens.size(), vocab, tokenBytes, progress);

        List<AddedToken> specials = new ArrayList<>();
        for (String content : specialTokens) specials.add(new AddedToken(vocab.size() + specials.size(), content, true));
        return new BpeTokenizer(vocab, merges, specials);
    }

    /** Merges until {@code vocab} has {@code targetSize} tokens or no pair occurs twice. */
    private List<Merge> learnMerges(int targetSize, Map<String, Integer> vocab, List<byte[]> tokenBytes, Progress progress) {
        List<Merge> merges = new ArrayList<>();
        int planned = targetSize - vocab.size();
        Map<Integer, String> tokenById = new HashMap<>();
        vocab.forEach((token, id) -> tokenById.put(id, token));
        while (vocab.size() < targetSize) {
            Candidate best = bestPair();
            if (best == null) break;
            byte[] left = tokenBytes.get(best.left());
            byte[] right = tokenBytes.get(best.right());
            byte[] joined = Arrays.copyOf(left, left.length + right.length);
            System.arraycopy(right, 0, joined, left.length, right.length);
            String token = ByteLevel.encode(joined);
            // Two different merges can spell the same token (a+bc, ab+c); it keeps its first id.
            Integer id = vocab.get(token);
            if (id == null) {
                id = vocab.size();
                vocab.put(token, id);
                tokenById.put(id, token);
                tokenBytes.add(joined);
            }
            merges.add(new Merge(tokenById.get(best.left()), tokenById.get(best.right())));
            applyMerge(best.left(), best.right(), id);
            if (merges.size() % 100 == 0) progress.merged(merges.size(), planned);
        }
        progress.merged(merges.size(), planned);
        return merges;
    }

    /** The most frequent pair occurring at least twice, or null. */
    private Candidate bestPair() {
        Candidate c;
        while ((c = candidates.poll()) != null) {
            long now = pairCounts[slotOf(c.left(), c.right())];
            if (now == c.count()) return now >= 2 ? c : null;
            if (now > 0) candidates.add(new Candidate(now, c.left(), c.right()));
        }
        return null;
    }

    /** Rewrites every word holding (left, right) and moves the pair counts along. */
    private void applyMerge(int left, int right, int merged) {
        IntList words = pairWords[slotOf(left, right)];
        IntList touchedSlots = new IntList();
        for (int k = 0; k < words.size; k++) {
            int w = words.values[k];
            if (k > 0 && words.values[k - 1] == w) continue;
            int[] before = wordSymbols[w];
            int[] after = mergeInWord(before, left, right, merged);
            if (after == before) continue; // the word lost this pair to an earlier merge
            long count = wordCounts[w];
            for (int i = 0; i + 1 < before.length; i++) pairCounts[slotOf(before[i], before[i + 1])] -= count;
            for (int i = 0; i + 1 < after.length; i++) {
                int slot = slotOf(after[i], after[i + 1]);
                pairCounts[slot] += count;
                if (after[i] == merged || after[i + 1] == merged) {
                    pairWords[slot].addIfNotLast(w);
                    touchedSlots.add(slot);
                }
            }
            wordSymbols[w] = after;
        }
        words.clear(); // no word holds the pair any more
        // Pairs with the new token are the only ones whose counts rose; queue their new counts.
        for (int k = 0; k < touchedSlots.size; k++) queue(touchedSlots.values[k]);
    }

    /** The word with each non-overlapping (left, right), scanned left to right, replaced; same array if none. */
    private static int[] mergeInWord(int[] symbols, int left, int right, int merged) {
        int[] out = null;
        int n = 0;
        for (int i = 0; i < symbols.length; i++) {
            if (i + 1 < symbols.length && symbols[i] == left && symbols[i + 1] == right) {
                if (out == null) {
                    out = new int[symbols.length - 1];
                    System.arraycopy(symbols, 0, out, 0, i);
                    n = i;
                }
                out[n++] = merged;
                i++;
            } else if (out != null) {
                out[n++] = symbols[i];
            }
        }
        return out == null ? symbols : Arrays.copyOf(out, n);
    }

    private void queue(int slot) {
        long key = pairKeys[slot];
        if (pairCounts[slot] > 0) candidates.add(new Candidate(pairCounts[slot], PairTable.left(key), PairTable.right(key)));
    }

    private int slotOf(int left, int right) {
        long key = PairTable.key(left, right);
        int slot = (int) slotOfPair.putIfAbsent(key, pairSlots);
        if (slot == pairSlots) {
            if (pairSlots == pairKeys.length) {
                pairKeys = Arrays.copyOf(pairKeys, pairSlots * 2);
                pairCounts = Arrays.copyOf(pairCounts, pairSlots * 2);
                pairWords = Arrays.copyOf(pairWords, pairSlots * 2);
            }
            pairKeys[slot] = key;
            pairWords[slot] = new IntList();
            pairSlots++;
        }
        return slot;
    }

    /** Growable int array. */
    private static final class IntList {
        int[] values = new int[4];
        int size;

        void add(int value) {
            if (size == values.length) values = Arrays.copyOf(values, size * 2);
            values[size++] = value;
        }

        void addIfNotLast(int value) {
            if (size == 0 || values[size - 1] != value) add(value);
        }

        void clear() {
            values = new int[4];
            size = 0;
        }
    }
}
