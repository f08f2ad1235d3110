package dev.quill.train.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quill.core.safetensors.SafeTensors;
import dev.quill.core.safetensors.SafeTensorsWriter;
import dev.quill.core.tensor.DType;
import dev.quill.core.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A resumable training state in a directory: every parameter with its two AdamW moments
 * ({@code state.safetensors}, F32) and the loop's position ({@code state.json}: step and data
 * position). Written to a sibling temporary directory and moved into place, so an interrupted
 * save leaves the previous checkpoint intact.
 */
public final class Checkpoint {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the loop stood. */
    public record Position(long step, int epoch, int cursor) {}

    private Checkpoint() {}

    public static void save(Path dir, TrainableLlama model, Position position, ObjectNode extra) throws IOException {
        Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp");
        deleteTree(tmp);
        Files.createDirectories(tmp);
        SafeTensorsWriter w = new SafeTensorsWriter().metadata("format", "quill-checkpoint");
        for (Parameter p : model.parameters()) {
            w.put(p.name, DType.F32, p.shape, p.value);
            w.put(p.name + ".adam_m", DType.F32, p.shape, p.m);
            w.put(p.name + ".adam_v", DType.F32, p.shape, p.v);
        }
        w.write(tmp.resolve("state.safetensors"));
        ObjectNode state = JSON.createObjectNode();
        state.put("step", position.step());
        state.put("epoch", position.epoch());
        state.put("cursor", position.cursor());
        if (extra != null) state.set("run", extra);
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.resolve("state.json").toFile(), state);
        Path old = dir.resolveSibling(dir.getFileName() + ".old");
        deleteTree(old);
        if (Files.exists(dir)) Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
    }

    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve("state.json")) && Files.isRegularFile(dir.resolve("state.safetensors"));
    }

    /** Loads the parameters and moments into {@code model} and returns where the loop stood. */
    public static Position load(Path dir, TrainableLlama model) throws IOException {
        Position position = readPosition(dir.resolve("state.json"));
        try (SafeTensors st = SafeTensors.open(dir.resolve("state.safetensors"))) {
            for (Parameter p : model.parameters()) {
                copy(st.tensor(p.name, p.shape), p.value);
                copy(st.tensor(p.name + ".adam_m", p.shape), p.m);
                copy(st.tensor(p.name + ".adam_v", p.shape), p.v);
            }
        }
        return position;
    }

    /** state.json's step, epoch and cursor; a file that is not that names itself in the exception. */
    private static Position readPosition(Path stateJson) throws IOException {
        JsonNode state;
        try {
            state = JSON.readTree(stateJson.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(stateJson + " is not valid JSON (" + e.getOriginalMessage() + "); the checkpoint is damaged", e);
        }
        if (state == null || !state.isObject()) throw new IOException(stateJson + " is not a JSON object; the checkpoint is damaged");
        return new Position(count(state, "step", Long.MAX_VALUE, stateJson), (int) count(state, "epoch", Integer.MAX_VALUE, stateJson),
                (int) count(state, "cursor", Integer.MAX_VALUE, stateJson));
    }

    private static long count(JsonNode state, String field, long max, Path stateJson) throws IOException {
        JsonNode v = state.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0 || v.asLong() > max) {
            throw new IOException(stateJson + ": '" + field + "' must be a whole number from 0 to " + max + ", got " + v);
        }
        return v.asLong();
    }

    private static void copy(Tensor t, float[] into) {
        float[] values = t.toFloatArray();
        System.arraycopy(values, 0, into, 0, into.length);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
