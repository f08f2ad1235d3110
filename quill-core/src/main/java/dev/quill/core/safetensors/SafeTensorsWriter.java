package dev.quill.core.safetensors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quill.core.tensor.DType;
import dev.quill.core.tensor.Tensor;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Collects float tensors, converts them to their stored dtype, and writes one safetensors file
 * or a sharded checkpoint with its {@code model.safetensors.index.json}.
 *
 * <p>The header is padded with spaces (allowed by the spec) so the data buffer starts at a
 * 64-byte-aligned file offset, and tensors are laid out widest dtype first, so every tensor in a
 * mapping is aligned to its element size. Data is contiguous, as the reference reader requires.
 */
public final class SafeTensorsWriter {

    static final int DATA_ALIGNMENT_BYTES = 64;


    /** Widest element first, then by name: aligned and independent of the order of put calls. */
    private static final Comparator<Entry> LAYOUT_ORDER = Comparator
            .comparingInt((Entry e) -> -e.dtype().sizeBytes())
            .thenComparing(Entry::name);

    private record Entry(String name, DType dtype, long[] shape, byte[] data) {}

    private final Map<String, Entry> tensors = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    public SafeTensorsWriter() {}

    /**
     * Adds a tensor of {@code shape} holding {@code values} (row-major), stored as {@code dtype}:
     * F16 rounds as {@link Float#floatToFloat16}, BF16 rounds to nearest even.
     */
    public SafeTensorsWriter put(String name, DType dtype, long[] shape, float[] values) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        if (name.equals(SafeTensorsFile.METADATA_KEY)) {
            throw new IllegalArgumentException("'" + SafeTensorsFile.METADATA_KEY + "' is reserved, not a tensor name");
        }
        if (tensors.containsKey(name)) {
            throw new IllegalArgumentException("tensor '" + name + "' was already put");
        }
        if (Arrays.stream(shape).anyMatch(d -> d < 0)) {
            throw new IllegalArgumentException("tensor '" + name + "' has negative dimension in " + Arrays.toString(shape));
        }
        if (Tensor.elementCount(shape) != values.length) {
            throw new IllegalArgumentException("tensor '" + name + "' has " + values.length
                    + " values for shape " + Arrays.toString(shape));
        }
        tensors.put(name, new Entry(name, dtype, shape.clone(), encode(dtype, values)));
        return this;
    }

    /** Adds a {@code __metadata__} entry (safetensors metadata maps strings to strings). */
    public SafeTensorsWriter metadata(String key, String value) {
        metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Writes every tensor into one file. */
    public void write(Path file) throws IOException {
        writeFile(file, tensors.values().stream().sorted(LAYOUT_ORDER).toList());
    }

    /**
     * Writes {@code model-0000i-of-0000n.safetensors} shards of at most {@code maxShardBytes} of
     * tensor data each (a larger tensor gets a shard to itself) and the index mapping each
     * tensor to its shard. Every shard carries the metadata; the index carries {@code total_size}.
     */
    public void writeSharded(Path dir, long maxShardBytes) throws IOException {
        if (maxShardBytes <= 0) {
            throw new IllegalArgumentException("maxShardBytes must be positive, was " + maxShardBytes);
        }
        List<List<Entry>> shards = new ArrayList<>();
        List<Entry> current = new ArrayList<>();
        long currentBytes = 0;
        long totalBytes = 0;
        for (Entry entry : tensors.values().stream().sorted(LAYOUT_ORDER).toList()) {
            if (!current.isEmpty() && currentBytes + entry.data().length > maxShardBytes) {
                shards.add(current);
                current = new ArrayList<>();
                currentBytes = 0;
            }
            current.add(entry);
            currentBytes += entry.data().length;
            totalBytes += entry.data().length;
        }
        shards.add(current);

        Files.createDirectories(dir);
        Map<String, String> weightMap = new TreeMap<>();
        for (int i = 0; i < shards.size(); i++) {
            String shardName = "model-%05d-of-%05d.safetensors".formatted(i + 1, shards.size());
            writeFile(dir.resolve(shardName), shards.get(i));
            shards.get(i).forEach(entry -> weightMap.put(entry.name(), shardName));
        }
        ObjectNode index = SafeTensorsFile.JSON.createObjectNode();
        index.putObject("metadata").put("total_size", totalBytes);
        ObjectNode weightMapNode = index.putObject("weight_map");
        weightMap.forEach(weightMapNode::put);
        Files.write(dir.resolve(SafeTensors.INDEX_FILE),
                SafeTensorsFile.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(index));
    }

    private void writeFile(Path file, List<Entry> entries) throws IOException {
        ObjectNode header = SafeTensorsFile.JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode metadataNode = header.putObject(SafeTensorsFile.METADATA_KEY);
            metadata.forEach(metadataNode::put);
        }
        long offset = 0;
        for (Entry entry : entries) {
            ObjectNode node = header.putObject(entry.name());
            node.put("dtype", entry.dtype().name());
            ArrayNode shape = node.putArray("shape");
            Arrays.stream(entry.shape()).forEach(shape::add);
            node.putArray("data_offsets").add(offset).add(offset + entry.data().length);
            offset += entry.data().length;
        }
        byte[] headerJson = SafeTensorsFile.JSON.writeValueAsBytes(header);
        long unpadded = SafeTensorsFile.HEADER_LENGTH_BYTES + headerJson.length;
        int paddingBytes = (int) ((DATA_ALIGNMENT_BYTES - unpadded % DATA_ALIGNMENT_BYTES) % DATA_ALIGNMENT_BYTES);
        byte[] padding = new byte[paddingBytes];
        Arrays.fill(padding, (byte) ' ');

        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(headerJson.length + paddingBytes).array());
            out.write(headerJson);
            out.write(padding);
            for (Entry entry : entries) {
                out.write(entry.data());
            }
        }
    }

    private static byte[] encode(DType dtype, float[] values) {
        byte[] bytes = new byte[Math.multiplyExact(values.length, dtype.sizeBytes())];
        Tensor.encode(values, dtype, MemorySegment.ofArray(bytes));
        return bytes;
    }
}
