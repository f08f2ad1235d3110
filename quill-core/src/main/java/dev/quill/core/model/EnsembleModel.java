package dev.quill.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quill.core.kernels.Kernels;
import dev.quill.core.kv.KvCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Several decoders over the same token ids run as one model. Every member computes the batch with
 * its keys and values in its own layers of the one KV cache (member after member, so paging,
 * prefix caching and preemption treat the ensemble as one model), and the ensemble's score of a
 * token is the mean of the members' log-probabilities: a normalised geometric mean of their
 * distributions, the usual way neural grammar correctors are ensembled (Junczys-Dowmunt et al.,
 * "Approaching Neural Grammatical Error Correction as a Low-Resource Machine Translation Task",
 * NAACL 2018). Each row is computed alone, members in a fixed order, so a sequence's scores do
 * not depend on its batch.
 *
 * <p>On disk: a directory with {@value #FILE}, {@code {"members": ["a", "b"]}}, naming member
 * directories relative to it, each a model directory of its own; the tokenizer is the
 * directory's. The members must agree on the vocabulary, the context, the end token and the
 * key/value width (heads x head size); depth and width may differ.
 */
public final class EnsembleModel implements DecoderModel {
    public static final String FILE = "ensemble.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<LlamaModel> members;
    private final int[] firstLayers;
    private final LlamaConfig config;

    /** Takes ownership of {@code members}: {@link #close} closes them. */
    public EnsembleModel(List<LlamaModel> members) {
        this.config = combine(members.stream().map(LlamaModel::config).toList());
        this.members = List.copyOf(members);
        firstLayers = new int[members.size()];
        for (int i = 1; i < members.size(); i++) firstLayers[i] = firstLayers[i - 1] + members.get(i - 1).config().numLayers();
    }

    /** The ensemble's config: the first member's, with every member's layers; members that do not fit are refused. */
    static LlamaConfig combine(List<LlamaConfig> members) {
        if (members.isEmpty()) throw new IllegalArgumentException("an ensemble needs at least one member");
        LlamaConfig first = members.getFirst();
        int layers = 0;
        for (int i = 0; i < members.size(); i++) {
            LlamaConfig c = members.get(i);
            requireSame(i, "vocab_size", c.vocabSize(), first.vocabSize());
            requireSame(i, "max_position_embeddings", c.maxPositionEmbeddings(), first.maxPositionEmbeddings());
            requireSame(i, "eos_token_id", c.eosTokenId(), first.eosTokenId());
            requireSame(i, "num_key_value_heads", c.numKvHeads(), first.numKvHeads());
            requireSame(i, "head_dim", c.headDim(), first.headDim());
            layers += c.numLayers();
        }
        return first.withNumLayers(layers);
    }

    private static void requireSame(int member, String field, int value, int expected) {
        if (value != expected) {
            throw new IllegalArgumentException("ensemble member " + member + " has " + field + " " + value + ", member 0 has " + expected
                    + ": members must agree on it");
        }
    }

    /** Loads {@code dir/}{@value #FILE} and its members. */
    public static EnsembleModel load(Path dir, Kernels kernels) throws IOException {
        List<LlamaModel> loaded = new ArrayList<>();
        try {
            for (Path member : memberDirectories(dir)) loaded.add(LlamaModel.load(member, kernels));
            return new EnsembleModel(loaded);
        } catch (IOException | RuntimeException e) {
            loaded.forEach(LlamaModel::close);
            throw e;
        }
    }

    /** The ensemble's config from its members' config.json files, without loading weights. */
    public static LlamaConfig readConfig(Path dir) throws IOException {
        List<LlamaConfig> configs = new ArrayList<>();
        for (Path member : memberDirectories(dir)) configs.add(LlamaConfig.load(member.resolve("config.json")));
        return combine(configs);
    }

    /** The member directories {@code dir/}{@value #FILE} names, each inside {@code dir}. */
    public static List<Path> memberDirectories(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        JsonNode names;
        try {
            names = JSON.readTree(file.toFile()).path("members");
        } catch (IOException e) {
            throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!names.isArray() || names.isEmpty()) {
            throw new IOException(file + ": \"members\" must be a non-empty array of member directories");
        }
        List<Path> out = new ArrayList<>();
        for (JsonNode name : names) {
            if (!name.isTextual() || name.asText().isBlank()) throw new IOException(file + ": member " + name + " is not a directory name");
            Path member = dir.resolve(name.asText()).normalize();
            if (!member.startsWith(dir.normalize())) throw new IOException(file + ": member " + name + " is outside " + dir);
            if (member.equals(dir.normalize()) || Files.isRegularFile(member.resolve(FILE))) {
                throw new IOException(file + ": member " + name + " is an ensemble itself; members must be single models");
            }
            out.add(member);
        }
        return out;
    }

    public List<LlamaModel> members() {
        return members;
    }

    @Override
    public List<LlamaConfig> networkConfigs() {
        return members.stream().map(LlamaModel::config).toList();
    }

    /** The members' shared fields, with the layers of all of them (the KV cache's shape). */
    @Override
    public LlamaConfig config() {
        return config;
    }

    /** The members' weight type, or theirs joined by '+' where they differ. */
    @Override
    public String weightDtype() {
        return String.join("+", members.stream().map(LlamaModel::weightDtype).distinct().toList());
    }

    /** The mean of the members' log-probabilities for each of {@code batch.logitRows()}. */
    @Override
    public float[] forward(ForwardBatch batch, KvCache kv) {
        int vocab = config.vocabSize();
        int rows = batch.logitRows().length;
        float[] sum = null;
        for (int m = 0; m < members.size(); m++) {
            LlamaModel member = members.get(m);
            float[] logits = member.forward(batch, kv, firstLayers[m]);
            for (int r = 0; r < rows; r++) member.kernels().logSoftmax(logits, r * vocab, vocab);
            if (sum == null) {
                sum = logits;
            } else {
                member.kernels().add(sum, logits, rows * vocab);
            }
        }
        float inv = 1f / members.size();
        for (int i = 0; i < sum.length; i++) sum[i] *= inv;
        return sum;
    }

    @Override
    public void close() {
        members.forEach(LlamaModel::close);
    }
}
