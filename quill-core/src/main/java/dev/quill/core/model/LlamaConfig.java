package dev.quill.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Llama-family fields of a Hugging Face {@code config.json}. Qwen2 checkpoints carry a bias
 * on the q/k/v projections; that is {@code attentionBias} (set by {@code "attention_bias": true}
 * or implied by {@code "model_type": "qwen2"}).
 */
public record LlamaConfig(
        String modelType,
        int hiddenSize,
        int intermediateSize,
        int numLayers,
        int numHeads,
        int numKvHeads,
        int headDim,
        float rmsNormEps,
        float ropeTheta,
        int vocabSize,
        int maxPositionEmbeddings,
        boolean tieWordEmbeddings,
        boolean attentionBias,
        int bosTokenId,
        int eosTokenId) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Upper bounds on the sizes, far above any released checkpoint, low enough that every product
     * the model forms from them (q/k/v widths, the RoPE table of positions x head_dim/2, a row of
     * logits) stays within an int-indexed Java array.
     */
    public static final int MAX_WIDTH = 1 << 20;
    public static final int MAX_LAYERS = 4096;
    public static final int MAX_VOCAB_SIZE = 1 << 24;
    public static final int MAX_POSITION_EMBEDDINGS = 1 << 20;
    /** The most elements of a Java array (a few below Integer.MAX_VALUE on HotSpot). */
    private static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    public LlamaConfig {
        requireSize("hidden_size", hiddenSize, MAX_WIDTH);
        requireSize("intermediate_size", intermediateSize, MAX_WIDTH);
        requireSize("num_hidden_layers", numLayers, MAX_LAYERS);
        requireSize("num_attention_heads", numHeads, MAX_WIDTH);
        requireSize("num_key_value_heads", numKvHeads, MAX_WIDTH);
        require(numHeads % numKvHeads == 0,
                "num_attention_heads (" + numHeads + ") must be a multiple of num_key_value_heads (" + numKvHeads + ")");
        requireSize("head_dim", headDim, MAX_WIDTH);
        require(headDim % 2 == 0, "head_dim must be even (RoPE rotates pairs), got " + headDim);
        require((long) numHeads * headDim <= MAX_WIDTH, "num_attention_heads x head_dim (" + numHeads + " x " + headDim
                + ") must be at most " + MAX_WIDTH);
        requireSize("vocab_size", vocabSize, MAX_VOCAB_SIZE);
        requireSize("max_position_embeddings", maxPositionEmbeddings, MAX_POSITION_EMBEDDINGS);
        // The RoPE table holds max_position_embeddings x head_dim/2 angles in one array.
        require((long) maxPositionEmbeddings * (headDim / 2) <= MAX_ARRAY_LENGTH, "max_position_embeddings ("
                + maxPositionEmbeddings + ") x head_dim/2 (" + headDim / 2 + ") RoPE angles do not fit in one array; at most "
                + MAX_ARRAY_LENGTH / (headDim / 2) + " positions with this head_dim");
        require(rmsNormEps > 0, "rms_norm_eps must be positive, got " + rmsNormEps);
        require(ropeTheta > 0, "rope_theta must be positive, got " + ropeTheta);
        requireTokenId("bos_token_id", bosTokenId, vocabSize);
        requireTokenId("eos_token_id", eosTokenId, vocabSize);
    }

    /** A plain Llama shape with head_dim = hidden / heads and the usual defaults. */
    public static LlamaConfig llama(int hidden, int intermediate, int layers, int heads, int kvHeads, int vocab,
            int maxPositions, boolean tied) {
        requireSize("num_attention_heads", heads, MAX_WIDTH);
        require(hidden % heads == 0, "hidden_size (" + hidden + ") must be a multiple of num_attention_heads (" + heads + ")");
        return new LlamaConfig("llama", hidden, intermediate, layers, heads, kvHeads, hidden / heads, 1e-5f, 10000f,
                vocab, maxPositions, tied, false, -1, -1);
    }

    /** Width of the concatenated query heads. */
    public int qDim() {
        return numHeads * headDim;
    }

    /** Width of the concatenated key (or value) heads. */
    public int kvDim() {
        return numKvHeads * headDim;
    }

    public LlamaConfig withSpecialTokens(int bos, int eos) {
        return new LlamaConfig(modelType, hiddenSize, intermediateSize, numLayers, numHeads, numKvHeads, headDim,
                rmsNormEps, ropeTheta, vocabSize, maxPositionEmbeddings, tieWordEmbeddings, attentionBias, bos, eos);
    }

    /** This shape with {@code layers} decoder layers (an ensemble's KV cache holds all its members' layers). */
    public LlamaConfig withNumLayers(int layers) {
        return new LlamaConfig(modelType, hiddenSize, intermediateSize, layers, numHeads, numKvHeads, headDim,
                rmsNormEps, ropeTheta, vocabSize, maxPositionEmbeddings, tieWordEmbeddings, attentionBias, bosTokenId, eosTokenId);
    }

    /**
     * FLOPs (an FMA counted as two) of the weight matmuls one token row costs in the decoder
     * layers: the q/k/v/o projections and the MLP. Attention over the context, norms and the
     * output head are not in it.
     */
    public long layerMatmulFlopsPerRow() {
        long h = hiddenSize;
        long perLayer = h * qDim() + 2 * h * kvDim() + (long) qDim() * h + 3 * h * intermediateSize;
        return 2L * numLayers * perLayer;
    }

    /** FLOPs of the output head for one row of logits. */
    public long headFlopsPerRow() {
        return 2L * hiddenSize * vocabSize;
    }

    /** Parameter count of the weights this config describes (embedding and head included). */
    public long parameterCount() {
        long h = hiddenSize;
        long attn = h * qDim() + 2 * h * kvDim() + (long) qDim() * h + (attentionBias ? qDim() + 2L * kvDim() : 0);
        long mlp = 3 * h * intermediateSize;
        long perLayer = attn + mlp + 2 * h;
        long embed = (long) vocabSize * h;
        return numLayers * perLayer + embed + h + (tieWordEmbeddings ? 0 : embed);
    }

    public static LlamaConfig load(Path configJson) throws IOException {
        JsonNode n;
        try {
            n = JSON.readTree(configJson.toFile());
        } catch (IOException e) {
            throw new IOException("cannot read " + configJson + ": " + e.getMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IOException(configJson + " is not a JSON object");
        }
        String type = n.path("model_type").asText("llama");
        int hidden = intField(n, "hidden_size", configJson);
        int heads = intField(n, "num_attention_heads", configJson);
        if (heads <= 0) throw new IOException(configJson + ": num_attention_heads must be positive, got " + heads);
        int headDim = intField(n, "head_dim", hidden / heads, configJson);
        boolean bias = n.has("attention_bias") ? n.get("attention_bias").asBoolean() : type.equals("qwen2");
        try {
            return new LlamaConfig(type, hidden,
                    intField(n, "intermediate_size", configJson),
                    intField(n, "num_hidden_layers", configJson),
                    heads,
                    intField(n, "num_key_value_heads", heads, configJson),
                    headDim,
                    (float) n.path("rms_norm_eps").asDouble(1e-6),
                    (float) n.path("rope_theta").asDouble(10000.0),
                    intField(n, "vocab_size", configJson),
                    intField(n, "max_position_embeddings", 2048, configJson),
                    n.path("tie_word_embeddings").asBoolean(false),
                    bias,
                    tokenId(n, "bos_token_id", configJson),
                    tokenId(n, "eos_token_id", configJson));
        } catch (IllegalArgumentException e) {
            throw new IOException(configJson + ": " + e.getMessage(), e);
        }
    }

    public void save(Path configJson) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.putArray("architectures").add(modelType.equals("qwen2") ? "Qwen2ForCausalLM" : "LlamaForCausalLM");
        n.put("model_type", modelType);
        n.put("hidden_size", hiddenSize);
        n.put("intermediate_size", intermediateSize);
        n.put("num_hidden_layers", numLayers);
        n.put("num_attention_heads", numHeads);
        n.put("num_key_value_heads", numKvHeads);
        n.put("head_dim", headDim);
        n.put("rms_norm_eps", rmsNormEps);
        n.put("rope_theta", ropeTheta);
        n.put("vocab_size", vocabSize);
        n.put("max_position_embeddings", maxPositionEmbeddings);
        n.put("tie_word_embeddings", tieWordEmbeddings);
        n.put("attention_bias", attentionBias);
        n.put("hidden_act", "silu");
        n.put("torch_dtype", "float32");
        if (bosTokenId >= 0) n.put("bos_token_id", bosTokenId);
        if (eosTokenId >= 0) n.put("eos_token_id", eosTokenId);
        Files.writeString(configJson, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n");
    }

    private static int intField(JsonNode n, String field, Path file) throws IOException {
        if (!n.has(field)) throw new IOException(file + ": missing field '" + field + "'");
        return wholeNumber(n.get(field), field, file);
    }

    private static int intField(JsonNode n, String field, int absent, Path file) throws IOException {
        return n.has(field) ? wholeNumber(n.get(field), field, file) : absent;
    }

    /** A whole number in int range: 64 or 64.0, not 64.5, "64" or 1e10 (Jackson's asInt would truncate each). */
    private static int wholeNumber(JsonNode v, String field, Path file) throws IOException {
        boolean whole = v.isIntegralNumber() || (v.isFloatingPointNumber() && v.doubleValue() == Math.rint(v.doubleValue()));
        if (!whole || !v.canConvertToInt()) {
            throw new IOException(file + ": field '" + field + "' must be a whole number in int range, got " + v);
        }
        return v.asInt();
    }

    /** bos/eos may be a number, a list (first one counts) or absent or null (-1). */
    private static int tokenId(JsonNode n, String field, Path file) throws IOException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || (v.isArray() && v.isEmpty())) return -1;
        return wholeNumber(v.isArray() ? v.get(0) : v, field, file);
    }

    private static void requireSize(String field, int value, int max) {
        require(value > 0 && value <= max, field + " must be positive and at most " + max + ", got " + value);
    }

    /** -1 is "none"; any other id must name a token of the vocabulary. */
    private static void requireTokenId(String field, int id, int vocabSize) {
        require(id == -1 || (id >= 0 && id < vocabSize),
                field + " " + id + " is outside the vocabulary (vocab_size " + vocabSize + ")");
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }
}
