package dev.quill.core.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hugging Face {@code tokenizers}' serialized form, {@code tokenizer.json}, for the one pipeline
 * quill supports: no normalizer, a {@code ByteLevel} pre-tokenizer using GPT-2's regex without a
 * prefix space, a {@code BPE} model, a {@code ByteLevel} decoder. Anything else is rejected on
 * load rather than tokenized differently from how Hugging Face would.
 */
final class TokenizerJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenizerJson() {}

    static BpeTokenizer read(Path path) throws IOException {
        JsonNode root = JSON.readTree(path.toFile());
        try {
            JsonNode model = root.path("model");
            String type = model.path("type").asText("BPE");
            if (!type.equals("BPE")) unsupported("model.type " + type);
            if (!model.path("continuing_subword_prefix").asText("").isEmpty()) unsupported("model.continuing_subword_prefix");
            if (!model.path("end_of_word_suffix").asText("").isEmpty()) unsupported("model.end_of_word_suffix");
            if (model.path("byte_fallback").asBoolean(false)) unsupported("model.byte_fallback");
            if (model.path("ignore_merges").asBoolean(false)) unsupported("model.ignore_merges");
            if (!root.path("normalizer").isMissingNode() && !root.path("normalizer").isNull()) unsupported("a normalizer");
            requireByteLevel(root.path("pre_tokenizer"), "pre_tokenizer", true);
            // The ByteLevel decoder only maps symbols back to bytes; its other fields do nothing.
            if (!root.path("decoder").isMissingNode() && !root.path("decoder").isNull()) {
                requireByteLevel(root.path("decoder"), "decoder", false);
            }

            Map<String, Integer> vocab = new LinkedHashMap<>();
            model.path("vocab").properties().forEach(e -> vocab.put(e.getKey(), e.getValue().asInt()));
            List<Merge> merges = new ArrayList<>();
            for (JsonNode m : model.path("merges")) merges.add(readMerge(m));
            List<AddedToken> added = new ArrayList<>();
            for (JsonNode t : root.path("added_tokens")) {
                added.add(new AddedToken(t.path("id").asInt(), t.path("content").asText(), t.path("special").asBoolean(false)));
            }
            return new BpeTokenizer(vocab, merges, added);
        } catch (IllegalArgumentException e) {
            throw new IOException(path + ": " + e.getMessage(), e);
        }
    }

    /** Merges are "left right" strings in older files and [left, right] arrays since tokenizers 0.20. */
    private static Merge readMerge(JsonNode m) {
        if (m.isArray() && m.size() == 2) return new Merge(m.get(0).asText(), m.get(1).asText());
        if (m.isTextual()) {
            String[] parts = m.asText().split(" ", -1);
            if (parts.length == 2) return new Merge(parts[0], parts[1]);
        }
        throw new IllegalArgumentException("merge " + m + " is neither \"left right\" nor [left, right]");
    }

    /** Accepts a ByteLevel step, alone or inside a Sequence. */
    private static void requireByteLevel(JsonNode step, String where, boolean isPreTokenizer) {
        String type = step.path("type").asText("");
        if (type.equals("Sequence")) {
            JsonNode steps = step.has("pretokenizers") ? step.path("pretokenizers") : step.path("decoders");
            if (steps.size() == 1) {
                requireByteLevel(steps.get(0), where, isPreTokenizer);
                return;
            }
            unsupported(where + " Sequence of " + steps.size() + " steps");
        }
        if (!type.equals("ByteLevel")) unsupported(where + " " + (type.isEmpty() ? "null" : type) + " (need ByteLevel)");
        if (!isPreTokenizer) return;
        if (step.path("add_prefix_space").asBoolean(false)) unsupported(where + ".add_prefix_space true");
        if (!step.path("use_regex").asBoolean(true)) unsupported(where + ".use_regex false");
    }

    private static void unsupported(String what) {
        throw new IllegalArgumentException("unsupported tokenizer.json: " + what);
    }

    static void write(BpeTokenizer tokenizer, Path path) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (AddedToken t : tokenizer.addedTokens()) {
            added.addObject()
                    .put("id", t.id())
                    .put("content", t.content())
                    .put("single_word", false)
                    .put("lstrip", false)
                    .put("rstrip", false)
                    .put("normalized", false)
                    .put("special", t.special());
        }
        root.putNull("normalizer");
        root.set("pre_tokenizer", byteLevel());
        root.putNull("post_processor");
        root.set("decoder", byteLevel());

        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.put("ignore_merges", false);
        ObjectNode vocab = model.putObject("vocab");
        tokenizer.vocab().entrySet().stream()
                .sorted(Map.Entry.comparingByValue(Comparator.naturalOrder()))
                .forEach(e -> vocab.put(e.getKey(), e.getValue()));
        ArrayNode merges = model.putArray("merges");
        for (Merge m : tokenizer.merges()) merges.addArray().add(m.left()).add(m.right());

        Files.createDirectories(path.toAbsolutePath().getParent());
        JSON.writerWithDefaultPrettyPrinter().writeValue(path.toFile(), root);
    }

    /** GPT-2's ByteLevel step; with use_regex true it splits with the GPT-2 regex. */
    private static ObjectNode byteLevel() {
        return JSON.createObjectNode()
                .put("type", "ByteLevel")
                .put("add_prefix_space", false)
                .put("trim_offsets", true)
                .put("use_regex", true);
    }
}
