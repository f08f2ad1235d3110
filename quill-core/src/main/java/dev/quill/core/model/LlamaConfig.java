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

    public LlamaConfig {
        require(hiddenSize > 0, "hidden_size must be positive, got " + hiddenSize);
        require(intermediateSize > 0, "intermediate_size must be positive, got " + intermediateSize);
        require(numLayers > 0, "num_hidden_layers must be positive, got " + numLayers);
        require(numHeads > 0, "num_attention_heads must be positive, got " + numHeads);
        require(numKvHeads > 0 && numHeads % numKvHeads == 0,
                "num_attention_heads (" + numHeads + ") must be a multiple of num_key_value_heads (" + numKvHeads + ")");
        require(headDim > 0 && headDim % 2 == 0, "head_dim must be positive and even (RoPE rotates pairs), got " + headDim);
        require(vocabSize > 0, "vocab_size must be positive, got " + vocabSize);
        require(maxPositionEmbeddings > 0, "max_position_embeddings must be positive, got " + maxPositionEmbeddings);
        require(rmsNormEps > 0, "rms_norm_eps must be positive, got " + rmsNormEps);
        require(ropeTheta > 0, "rope_theta must be positive, got " + ropeTheta);
    }

    /** A plain Llama shape with head_dim = hidden / heads and the usual defaults. */
    public static LlamaConfig llama(int hidden, int intermediate, int layers, int heads, int kvHeads, int vocab,
            int maxPositions, boolean tied) {
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
        int headDim = n.has("head_dim") ? n.get("head_dim").asInt() : hidden / heads;
        boolean bias = n.has("attention_bias") ? n.get("attention_bias").asBoolean() : type.equals("qwen2");
        try {
            return new LlamaConfig(type, hidden,
                    intField(n, "intermediate_size", configJson),
                    intField(n, "num_hidden_layers", configJson),
                    heads,
                    n.has("num_key_value_heads") ? n.get("num_key_value_heads").asInt() : heads,
                    headDim,
                    (float) n.path("rms_norm_eps").asDouble(1e-6),
                    (float) n.path("rope_theta").asDouble(10000.0),
                    intField(n, "vocab_size", configJson),
                    n.path("max_position_embeddings").asInt(2048),
                    n.path("tie_word_embeddings").asBoolean(false),
                    bias,
                    tokenId(n.get("bos_token_id")),
                    tokenId(n.get("eos_token_id")));
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
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToInt()) {
            throw new IOException(file + ": missing or non-integer field '" + field + "'");
        }
        return v.asInt();
    }

    /** bos/eos may be a number, a list (first one counts) or absent (-1). */
    private static int tokenId(JsonNode v) {
        if (v == null || v.isNull()) return -1;
        if (v.isArray()) return v.isEmpty() ? -1 : v.get(0).asInt();
        return v.asInt(-1);
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }
}
