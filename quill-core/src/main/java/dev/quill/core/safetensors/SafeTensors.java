package dev.quill.core.safetensors;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quill.core.tensor.Tensor;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The tensors of a model checkpoint, single-file or sharded, as read-only views of
 * memory-mapped files. Nothing is copied onto the heap: every {@link Tensor#data()} is a slice
 * of a mapping owned by one shared arena, so tensors may be read from any thread until
 * {@link #close()}, after which touching them throws {@link IllegalStateException}.
 */
public final class SafeTensors implements AutoCloseable {

    public static final String SINGLE_FILE = "model.safetensors";
    public static final String INDEX_FILE = "model.safetensors.index.json";

    private final Arena arena;
    /** What the tensors were opened from, for messages: the file, or the index and its shards. */
    private final String source;
    private final NavigableMap<String, Tensor> tensors;
    private final Map<String, Path> fileOfTensor;
    private final Map<String, String> metadata;

    private SafeTensors(Arena arena, String source, NavigableMap<String, Tensor> tensors,
                        Map<String, Path> fileOfTensor, Map<String, String> metadata) {
        this.arena = arena;
        this.source = source;
        this.tensors = Collections.unmodifiableNavigableMap(tensors);
        this.fileOfTensor = Map.copyOf(fileOfTensor);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    /**
     * Opens a model directory ({@value #INDEX_FILE} if present, else {@value #SINGLE_FILE}), a
     * {@code .safetensors} file, or a {@code .index.json} shard index.
     *
     * @throws ModelFormatException if a file is not a usable safetensors file
     */
    public static SafeTensors open(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            Path index = path.resolve(INDEX_FILE);
            if (Files.isRegularFile(index)) {
                return openSharded(index);
            }
            Path single = path.resolve(SINGLE_FILE);
            if (Files.isRegularFile(single)) {
                return openSingle(single);
            }
            throw new NoSuchFileException(path.toString(), null,
                    "model directory has neither " + INDEX_FILE + " nor " + SINGLE_FILE);
        }
        if (path.getFileName().toString().endsWith(".index.json")) {
            return openSharded(path);
        }
        return openSingle(path);
    }

    private static SafeTensors openSingle(Path file) throws IOException {
        Arena arena = Arena.ofShared();
        try {
            SafeTensorsFile mapped = SafeTensorsFile.map(file, arena);
            Map<String, Path> fileOf = new LinkedHashMap<>();
            mapped.tensors().keySet().forEach(name -> fileOf.put(name, file));
            return new SafeTensors(arena, file.toString(), new TreeMap<>(mapped.tensors()), fileOf,
                    new LinkedHashMap<>(mapped.metadata()));
        } catch (IOException | RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /**
     * The index's {@code weight_map} is authoritative: it names every tensor and the shard that
     * holds it; tensors a shard holds but the map does not name are not exposed.
     */
    private static SafeTensors openSharded(Path index) throws IOException {
        ShardIndex shardIndex = ShardIndex.read(index);
        Arena arena = Arena.ofShared();
        try {
            Map<String, SafeTensorsFile> shards = new TreeMap<>();
            for (String shardName : shardIndex.shardNames()) {
                shards.put(shardName, SafeTensorsFile.map(shardIndex.shardPath(shardName), arena));
            }
            NavigableMap<String, Tensor> tensors = new TreeMap<>();
            Map<String, Path> fileOf = new LinkedHashMap<>();
            for (Map.Entry<String, String> mapping : shardIndex.weightMap().entrySet()) {
                String name = mapping.getKey();
                SafeTensorsFile shard = shards.get(mapping.getValue());
                Tensor tensor = shard.tensors().get(name);
                if (tensor == null) {
                    throw ModelFormatException.inTensor(name, shard.file(), "is missing, though index "
                            + index + " maps it to this shard");
                }
                tensors.put(name, tensor);
                fileOf.put(name, shard.file());
            }
            // Shards usually carry only {"format": "pt"}; the index's metadata (total_size) wins.
            Map<String, String> metadata = new LinkedHashMap<>();
            shards.values().forEach(shard -> metadata.putAll(shard.metadata()));
            metadata.putAll(shardIndex.metadata());
            String source = index + " (shards " + String.join(", ", shards.keySet()) + ")";
            return new SafeTensors(arena, source, tensors, fileOf, metadata);
        } catch (IOException | RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /** Tensor names, sorted. */
    public Set<String> names() {
        return tensors.navigableKeySet();
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** @throws ModelFormatException naming the tensor and the files if there is no such tensor */
    public Tensor tensor(String name) {
        ensureOpen();
        Tensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new ModelFormatException("missing tensor '" + name + "' in " + source);
        }
        return tensor;
    }

    /**
     * The tensor, checked to have {@code expectedShape}: a checkpoint for a different model size
     * fails here, by name, rather than as a wrong answer later.
     */
    public Tensor tensor(String name, long... expectedShape) {
        Tensor tensor = tensor(name);
        if (!Arrays.equals(tensor.shape(), expectedShape)) {
            throw ModelFormatException.inTensor(name, fileOf(name), "has shape "
                    + Arrays.toString(tensor.shape()) + ", expected " + Arrays.toString(expectedShape));
        }
        return tensor;
    }

    /** The file holding the tensor's bytes. */
    public Path fileOf(String name) {
        Path file = fileOfTensor.get(name);
        if (file == null) {
            throw new ModelFormatException("missing tensor '" + name + "' in " + source);
        }
        return file;
    }

    /**
     * The {@code __metadata__} of the file; for a sharded model, that of all shards merged with
     * the index's {@code metadata} (values rendered as text), the index winning.
     */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Unmaps every file; tensors handed out before must no longer be touched. Idempotent. */
    @Override
    public synchronized void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }

    private void ensureOpen() {
        if (!arena.scope().isAlive()) {
            throw new IllegalStateException("safetensors " + source + " is closed");
        }
    }

    @Override
    public String toString() {
        return "SafeTensors[" + source + ", " + tensors.size() + " tensors]";
    }

    /** {@code model.safetensors.index.json}: {"metadata": {...}, "weight_map": {tensor: shard file}}. */
    private record ShardIndex(Path file, Map<String, String> metadata, Map<String, String> weightMap) {

        static ShardIndex read(Path index) throws IOException {
            JsonNode root;
            try {
                root = SafeTensorsFile.JSON.readTree(Files.readAllBytes(index));
            } catch (JacksonException e) {
                throw new ModelFormatException(index + ": shard index is not valid JSON: " + e.getOriginalMessage(), e);
            }
            if (root == null || !root.isObject()) {
                throw ModelFormatException.inFile(index, "shard index is not a JSON object");
            }
            JsonNode weightMapNode = root.get("weight_map");
            if (weightMapNode == null || !weightMapNode.isObject()) {
                throw ModelFormatException.inFile(index, "shard index has no weight_map object");
            }
            Map<String, String> weightMap = new TreeMap<>();
            for (Map.Entry<String, JsonNode> field : weightMapNode.properties()) {
                String name = field.getKey();
                JsonNode shard = field.getValue();
                if (!shard.isTextual() || !isPlainFileName(shard.textValue())) {
                    throw new ModelFormatException("index " + index + " maps tensor '" + name + "' to " + shard
                            + ", which is not a file name in the model directory");
                }
                Path shardPath = index.resolveSibling(shard.textValue());
                if (!Files.isRegularFile(shardPath)) {
                    throw new ModelFormatException("index " + index + " maps tensor '" + name + "' to shard "
                            + shardPath + ", which does not exist");
                }
                weightMap.put(name, shard.textValue());
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            JsonNode metadataNode = root.get("metadata");
            if (metadataNode != null && !metadataNode.isNull()) {
                if (!metadataNode.isObject()) {
                    throw ModelFormatException.inFile(index, "shard index metadata is not a JSON object");
                }
                for (Map.Entry<String, JsonNode> field : metadataNode.properties()) {
                    JsonNode value = field.getValue();
                    metadata.put(field.getKey(), value.isValueNode() ? value.asText() : value.toString());
                }
            }
            return new ShardIndex(index, metadata, weightMap);
        }

        List<String> shardNames() {
            return weightMap.values().stream().distinct().sorted().toList();
        }

        Path shardPath(String shardName) {
            return file.resolveSibling(shardName);
        }

        private static boolean isPlainFileName(String name) {
            try {
                Path path = Path.of(name);
                return !name.isEmpty() && path.getNameCount() == 1 && !path.isAbsolute()
                        && !name.equals("..") && !name.equals(".");
            } catch (InvalidPathException e) {
                return false;
            }
        }
    }
}
