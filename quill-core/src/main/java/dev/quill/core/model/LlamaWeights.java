package dev.quill.core.model;

import dev.quill.core.safetensors.ModelFormatException;
import dev.quill.core.safetensors.SafeTensors;
import dev.quill.core.tensor.DType;
import dev.quill.core.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The weights of a Llama-family decoder, by their Hugging Face names. Matrices stay in the
 * memory-mapped file (F32 and BF16 are used in place; F16 is widened once into native memory,
 * since the kernels read only those two); the small vectors (norms, biases) are copied to the heap.
 */
public record LlamaWeights(Tensor embedTokens, Layer[] layers, float[] finalNorm, Tensor lmHead) {

    /** One decoder layer. Biases are null except on checkpoints that carry them (Qwen2). */
    public record Layer(
            float[] inputNorm,
            Tensor qProj, float[] qBias,
            Tensor kProj, float[] kBias,
            Tensor vProj, float[] vBias,
            Tensor oProj,
            float[] postAttentionNorm,
            Tensor gateProj, Tensor upProj, Tensor downProj) {

        /** The three projections of the normed input, run as one fused matmul. */
        public Tensor[] qkv() {
            return new Tensor[] {qProj, kProj, vProj};
        }

        public float[][] qkvBias() {
            return new float[][] {qBias, kBias, vBias};
        }

        /** The two MLP input projections, run as one fused matmul. */
        public Tensor[] gateUp() {
            return new Tensor[] {gateProj, upProj};
        }
    }

    /** Reads every tensor the config calls for, checking each shape; F16 matrices are widened into {@code arena}. */
    public static LlamaWeights load(SafeTensors st, LlamaConfig c, Arena arena) {
        long h = c.hiddenSize();
        long q = c.qDim();
        long kv = c.kvDim();
        long inter = c.intermediateSize();
        Tensor embed = matrix(st, "model.embed_tokens.weight", arena, c.vocabSize(), h);
        Layer[] layers = new Layer[c.numLayers()];
        for (int l = 0; l < layers.length; l++) {
            String p = "model.layers." + l + ".";
            layers[l] = new Layer(
                    vector(st, p + "input_layernorm.weight", h),
                    matrix(st, p + "self_attn.q_proj.weight", arena, q, h),
                    c.attentionBias() ? vector(st, p + "self_attn.q_proj.bias", q) : null,
                    matrix(st, p + "self_attn.k_proj.weight", arena, kv, h),
                    c.attentionBias() ? vector(st, p + "self_attn.k_proj.bias", kv) : null,
                    matrix(st, p + "self_attn.v_proj.weight", arena, kv, h),
                    c.attentionBias() ? vector(st, p + "self_attn.v_proj.bias", kv) : null,
                    matrix(st, p + "self_attn.o_proj.weight", arena, h, q),
                    vector(st, p + "post_attention_layernorm.weight", h),
                    matrix(st, p + "mlp.gate_proj.weight", arena, inter, h),
                    matrix(st, p + "mlp.up_proj.weight", arena, inter, h),
                    matrix(st, p + "mlp.down_proj.weight", arena, h, inter));
        }
        float[] norm = vector(st, "model.norm.weight", h);
        Tensor head;
        if (c.tieWordEmbeddings()) {
            head = embed;
        } else if (st.contains("lm_head.weight")) {
            head = matrix(st, "lm_head.weight", arena, c.vocabSize(), h);
        } else {
            throw new ModelFormatException("missing tensor 'lm_head.weight' (config.json says tie_word_embeddings=false)");
        }
        return new LlamaWeights(embed, layers, norm, head);
    }

    /** Bytes of weights one decode step streams: every matrix but the embedding (only its rows are read). */
    public long decodeWeightBytes() {
        long bytes = lmHead.data().byteSize();
        for (Layer l : layers) {
            bytes += l.qProj.data().byteSize() + l.kProj.data().byteSize() + l.vProj.data().byteSize()
                    + l.oProj.data().byteSize() + l.gateProj.data().byteSize() + l.upProj.data().byteSize()
                    + l.downProj.data().byteSize();
        }
        return bytes;
    }

    private static float[] vector(SafeTensors st, String name, long length) {
        return st.tensor(name, length).toFloatArray();
    }

    private static Tensor matrix(SafeTensors st, String name, Arena arena, long rows, long cols) {
        Tensor t = st.tensor(name, rows, cols);
        return t.dtype() == DType.F16 ? widen(t, arena) : t;
    }

    private static Tensor widen(Tensor t, Arena arena) {
        long n = t.elementCount();
        MemorySegment out = arena.allocate(n * Float.BYTES, 64);
        ValueLayout.OfFloat f32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        for (long i = 0; i < n; i++) {
            out.setAtIndex(f32, i, t.get(i));
        }
        return new Tensor(t.name(), DType.F32, t.shape(), out);
    }
}
