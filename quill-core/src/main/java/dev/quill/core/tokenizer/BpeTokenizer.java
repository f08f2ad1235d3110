package dev.quill.core.tokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A byte-level BPE tokenizer (GPT-2 style): text is split with GPT-2's regex, each word's UTF-8
 * bytes start as byte symbols, and merges are applied lowest rank first. Reads and writes Hugging
 * Face's {@code tokenizer.json}.
 *
 * <p>{@link #encode} treats all input as ordinary text, so it never yields an added (special)
 * token, even when the text spells one out; those ids come only from {@link #specialTokenId}.
 * Thread-safe: the only mutable state is the word cache, a concurrent map.
 */
public final class BpeTokenizer {

    /** Words cached before the cache is emptied; English text needs far fewer to hit ~99%. */
    private static final int WORD_CACHE_ENTRIES = 1 << 16;
    private static final int NO_TOKEN = -1;

    private final Map<String, Integer> vocab;
    private final List<Merge> merges;
    private final List<AddedToken> addedTokens;

    private final int vocabSize;
    /** Bytes each id decodes to; null for ids that name no token. */
    private final byte[][] bytesById;
    private final boolean[] specialById;
    private final Map<String, Integer> specialIdByContent;
    private final int[] idOfByte = new int[256];
    /** Packed (left id, right id) to {@code rank << 32 | merged id}. */
    private final PairTable mergeByPair;
    private final Map<String, int[]> wordCache = new ConcurrentHashMap<>();

    /**
     * @param vocab BPE token strings (in the byte-level alphabet) to ids
     * @param merges merge rules, rank = position in the list
     * @param addedTokens tokens outside the model; an id may also appear in {@code vocab}, in
     *     which case the added token wins and no merge may produce it
     * @throws IllegalArgumentException if a merge names a token not in the vocabulary
     */
    BpeTokenizer(Map<String, Integer> vocab, List<Merge> merges, List<AddedToken> addedTokens) {
        this.vocab = Collections.unmodifiableMap(new LinkedHashMap<>(vocab));
        this.merges = List.copyOf(merges);
        this.addedTokens = List.copyOf(addedTokens);

        int maxId = -1;
        for (int id : vocab.values()) maxId = Math.max(maxId, id);
        for (AddedToken t : addedTokens) maxId = Math.max(maxId, t.id());
        vocabSize = maxId + 1;

        bytesById = new byte[vocabSize][];
        vocab.forEach((token, id) -> bytesById[id] = ByteLevel.decode(token));
        specialById = new boolean[vocabSize];
        boolean[] addedById = new boolean[vocabSize];
        Map<String, Integer> specials = new HashMap<>();
        for (AddedToken t : addedTokens) {
            bytesById[t.id()] = t.content().getBytes(StandardCharsets.UTF_8);
            addedById[t.id()] = true;
            if (t.special()) {
                specialById[t.id()] = true;
                specials.putIfAbsent(t.content(), t.id());
            }
        }
        specialIdByContent = Map.copyOf(specials);

        for (int b = 0; b < 256; b++) {
            Integer id = vocab.get(String.valueOf(ByteLevel.charOf(b)));
            idOfByte[b] = id == null || addedById[id] ? NO_TOKEN : id;
        }

        mergeByPair = new PairTable(merges.size());
        for (int rank = 0; rank < merges.size(); rank++) {
            Merge m = merges.get(rank);
            int left = vocabId(m.left(), m);
            int right = vocabId(m.right(), m);
            int merged = vocabId(m.left() + m.right(), m);
            if (addedById[merged]) continue; // encode must never reach an added token
            mergeByPair.putIfAbsent(PairTable.key(left, right), ((long) rank << 32) | merged);
        }
    }

    private int vocabId(String token, Merge merge) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw new IllegalArgumentException(
                    "merge \"" + merge.left() + " " + merge.right() + "\" needs token \"" + token + "\", which is not in the vocabulary");
        }
        return id;
    }

    /** Reads a Hugging Face {@code tokenizer.json} with a byte-level BPE model. */
    public static BpeTokenizer load(Path tokenizerJson) throws IOException {
        return TokenizerJson.read(tokenizerJson);
    }

    /** Writes a Hugging Face {@code tokenizer.json} that the {@code tokenizers} library loads. */
    public void save(Path tokenizerJson) throws IOException {
        TokenizerJson.write(this, tokenizerJson);
    }

    /**
     * Token ids for ordinary text. Unpaired surrogates, which have no UTF-8 form, are encoded as
     * U+FFFD; every other string comes back unchanged from {@link #decode}.
     *
     * @throws IllegalArgumentException if the text has a byte this vocabulary has no token for
     *     (impossible for trained tokenizers, which hold all 256)
     */
    public int[] encode(String text) {
        IdBuffer out = new IdBuffer(text.length() / 3 + 16);
        PreTokenizer.forEachWord(text, word -> out.append(encodeWord(word)));
        return out.toArray();
    }

    private int[] encodeWord(String word) {
        int[] ids = wordCache.get(word);
        if (ids == null) {
            ids = mergeWord(word);
            if (wordCache.size() >= WORD_CACHE_ENTRIES) wordCache.clear();
            wordCache.put(word, ids);
        }
        return ids;
    }

    /**
     * Applies merges to one word, always the lowest-ranked applicable pair, leftmost first. The
     * symbols form a linked list over positions; a min-heap of {@code rank << 32 | position}
     * holds candidate pairs, and entries made stale by earlier merges are skipped when popped.
     */
    private int[] mergeWord(String word) {
        byte[] bytes = Utf8.encode(word);
        int n = bytes.length;
        int[] symbol = new int[n];
        for (int i = 0; i < n; i++) {
            symbol[i] = idOfByte[bytes[i] & 0xFF];
            if (symbol[i] == NO_TOKEN) {
                throw new IllegalArgumentException(
                        "byte 0x%02X has no token in this vocabulary".formatted(bytes[i] & 0xFF));
            }
        }
        if (n < 2) return symbol;

        int[] next = new int[n];
        int[] prev = new int[n];
        for (int i = 0; i < n; i++) {
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1;
        }
        MinHeap candidates = new MinHeap(3 * n);
        for (int i = 0; i + 1 < n; i++) offerPair(candidates, symbol, i, i + 1);

        int live = n;
        while (!candidates.isEmpty()) {
            long top = candidates.poll();
            int rank = (int) (top >>> 32);
            int i = (int) top;
            int j = next[i];
            if (symbol[i] == NO_TOKEN || j < 0) continue;
            long merge = mergeByPair.get(PairTable.key(symbol[i], symbol[j]));
            if (merge == PairTable.ABSENT || (int) (merge >>> 32) != rank) continue;

            symbol[i] = (int) merge;
            symbol[j] = NO_TOKEN;
            next[i] = next[j];
            if (next[j] >= 0) prev[next[j]] = i;
            live--;
            if (prev[i] >= 0) offerPair(candidates, symbol, prev[i], i);
            if (next[i] >= 0) offerPair(candidates, symbol, i, next[i]);
        }

        int[] ids = new int[live];
        for (int i = 0, k = 0; i >= 0; i = next[i]) ids[k++] = symbol[i];
        return ids;
    }

    private void offerPair(MinHeap candidates, int[] symbol, int left, int right) {
        long merge = mergeByPair.get(PairTable.key(symbol[left], symbol[right]));
        if (merge != PairTable.ABSENT) candidates.add((merge & 0xFFFFFFFF00000000L) | left);
    }

    /**
     * Text for token ids: the inverse of {@link #encode}. Special tokens become their content.
     * Bytes that do not form valid UTF-8 become U+FFFD.
     *
     * @throws IllegalArgumentException for an id that names no token
     */
    public String decode(int[] ids) {
        int length = 0;
        for (int id : ids) length += bytesOf(id).length;
        byte[] bytes = new byte[length];
        int at = 0;
        for (int id : ids) {
            byte[] b = bytesOf(id);
            System.arraycopy(b, 0, bytes, at, b.length);
            at += b.length;
        }
        return Utf8.decode(bytes, length);
    }

    /** The raw bytes a token stands for (a copy; a special token's content as UTF-8). */
    public byte[] tokenBytes(int id) {
        return bytesOf(id).clone();
    }

    /** The raw bytes a token stands for (a special token's content as UTF-8). */
    byte[] bytesOf(int id) {
        byte[] b = id >= 0 && id < vocabSize ? bytesById[id] : null;
        if (b == null) throw new IllegalArgumentException("no token has id " + id);
        return b;
    }

    /** @throws IllegalArgumentException naming the token if this tokenizer has no such special token */
    public int specialTokenId(String content) {
        return findSpecialTokenId(content).orElseThrow(() -> new IllegalArgumentException(
                "no special token \"" + content + "\"; special tokens: " + specialIdByContent.keySet()));
    }

    public Optional<Integer> findSpecialTokenId(String content) {
        return Optional.ofNullable(specialIdByContent.get(content));
    }

    public boolean isSpecial(int id) {
        return id >= 0 && id < vocabSize && specialById[id];
    }

    /** Number of ids, added tokens included: one more than the largest id. */
    public int vocabSize() {
        return vocabSize;
    }

    public StreamingDecoder streamingDecoder() {
        return new StreamingDecoder(this);
    }

    Map<String, Integer> vocab() {
        return vocab;
    }

    List<Merge> merges() {
        return merges;
    }

    List<AddedToken> addedTokens() {
        return addedTokens;
    }

    /** Growable int array for encode's output. */
    private static final class IdBuffer {
        private int[] ids;
        private int size;

        IdBuffer(int capacity) {
            ids = new int[capacity];
        }

        void append(int[] more) {
            if (size + more.length > ids.length) ids = Arrays.copyOf(ids, Math.max(ids.length * 2, size + more.length));
            System.arraycopy(more, 0, ids, size, more.length);
            size += more.length;
        }

        int[] toArray() {
            return Arrays.copyOf(ids, size);
        }
    }

    /** Binary min-heap of longs, sized for one word's candidate pairs. */
    private static final class MinHeap {
        private final long[] heap;
        private int size;

        MinHeap(int capacity) {
            heap = new long[capacity];
        }

        boolean isEmpty() {
            return size == 0;
        }

        void add(long value) {
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (heap[parent] <= value) break;
                heap[i] = heap[parent];
                i = parent;
            }
            heap[i] = value;
        }

        long poll() {
            long top = heap[0];
            long last = heap[--size];
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) break;
                if (child + 1 < size && heap[child + 1] < heap[child]) child++;
                if (heap[child] >= last) break;
                heap[i] = heap[child];
                i = child;
            }
            heap[i] = last;
            return top;
        }
    }
}
