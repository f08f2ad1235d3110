package dev.quill.core.safetensors;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.quill.core.tensor.DType;
import dev.quill.core.tensor.Tensor;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One mapped {@code .safetensors} file, its header parsed and checked. Layout (safetensors
 * spec): u64 little-endian header length N, N bytes of UTF-8 JSON, then the data buffer that the
 * header's {@code data_offsets} index into. Each tensor is a slice of the read-only mapping.
 */
record SafeTensorsFile(Path file, SortedMap<String, Tensor> tensors, Map<String, String> metadata) {

    static final String METADATA_KEY = "__metadata__";
    static final long HEADER_LENGTH_BYTES = 8;
    /** The reference implementation refuses headers above 100 MB; a larger one is corruption. */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;
    static final ValueLayout.OfLong U64_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private record Entry(String name, DType dtype, long[] shape, long beginOffset, long endOffset) {
        long sizeBytes() {
            return endOffset - beginOffset;
        }
    }

    /** Maps {@code file} read-only into {@code arena}; the tensors live as long as the arena. */
    static SafeTensorsFile map(Path file, Arena arena) throws IOException {
        MemorySegment mapped;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileBytes = channel.size();
            if (fileBytes < HEADER_LENGTH_BYTES) {
                throw ModelFormatException.inFile(file, "only " + fileBytes
                        + " bytes, too short for a safetensors file (the header length alone is 8 bytes)");
            }
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, fileBytes, arena);
        }
        long headerBytes = mapped.get(U64_LE, 0);
        if (Long.compareUnsigned(headerBytes, MAX_HEADER_BYTES) > 0) {
            throw ModelFormatException.inFile(file, "header length " + Long.toUnsignedString(headerBytes)
                    + " bytes is absurd (limit " + MAX_HEADER_BYTES + " bytes); not a safetensors file?");
        }
        long afterLength = mapped.byteSize() - HEADER_LENGTH_BYTES;
        if (headerBytes > afterLength) {
            throw ModelFormatException.inFile(file, "header length " + headerBytes
                    + " bytes reaches beyond the end of the file (" + afterLength
                    + " bytes follow the length); file truncated?");
        }
        byte[] headerJson = mapped.asSlice(HEADER_LENGTH_BYTES, headerBytes).toArray(ValueLayout.JAVA_BYTE);
        MemorySegment data = mapped.asSlice(HEADER_LENGTH_BYTES + headerBytes);
        return fromHeader(file, headerJson, data);
    }

    private static SafeTensorsFile fromHeader(Path file, byte[] headerJson, MemorySegment data) {
        JsonNode root;
        try {
            root = JSON.readTree(headerJson);
        } catch (IOException e) {
            String reason = e instanceof JacksonException je ? je.getOriginalMessage() : e.getMessage();
            throw new ModelFormatException(file + ": header is not valid JSON: " + reason, e);
        }
        if (root == null || !root.isObject()) {
            throw ModelFormatException.inFile(file, "header is not a JSON object but "
                    + (root == null || root.isMissingNode() ? "empty" : root.getNodeType().toString().toLowerCase()));
        }
        Map<String, String> metadata = Map.of();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals(METADATA_KEY)) {
                metadata = parseMetadata(file, field.getValue());
            } else {
                entries.add(parseEntry(file, field.getKey(), field.getValue(), data.byteSize()));
            }
        }
        checkNoOverlap(file, entries);
        SortedMap<String, Tensor> tensors = new TreeMap<>();
        for (Entry e : entries) {
            tensors.put(e.name(), new Tensor(e.name(), e.dtype(), e.shape(), data.asSlice(e.beginOffset(), e.sizeBytes())));
        }
        return new SafeTensorsFile(file, Collections.unmodifiableSortedMap(tensors), metadata);
    }

    private static Map<String, String> parseMetadata(Path file, JsonNode node) {
        if (!node.isObject()) {
            throw ModelFormatException.inFile(file, METADATA_KEY + " is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!field.getValue().isTextual()) {
                throw ModelFormatException.inFile(file, METADATA_KEY + " value of '" + field.getKey()
                        + "' is not a string");
            }
            metadata.put(field.getKey(), field.getValue().textValue());
        }
        return Collections.unmodifiableMap(metadata);
    }

    private static Entry parseEntry(Path file, String name, JsonNode node, long dataBytes) {
        if (!node.isObject()) {
            throw ModelFormatException.inTensor(name, file, "is not described by a JSON object");
        }
        DType dtype = parseDType(file, name, node.get("dtype"));
        long[] shape = parseNonNegativeLongs(file, name, "shape", node.get("shape"));
        long[] offsets = parseNonNegativeLongs(file, name, "data_offsets", node.get("data_offsets"));
        if (offsets.length != 2 || offsets[1] < offsets[0]) {
            throw ModelFormatException.inTensor(name, file, "has data_offsets " + Arrays.toString(offsets)
                    + ", expected [begin, end] with begin <= end");
        }
        long begin = offsets[0];
        long end = offsets[1];
        long expectedBytes;
        try {
            expectedBytes = Math.multiplyExact(Tensor.elementCount(shape), dtype.sizeBytes());
        } catch (ArithmeticException e) {
            throw ModelFormatException.inTensor(name, file, "has shape " + Arrays.toString(shape)
                    + " whose size overflows 64 bits");
        }
        if (end - begin != expectedBytes) {
            throw ModelFormatException.inTensor(name, file, "has data_offsets [" + begin + ", " + end + "] spanning "
                    + (end - begin) + " bytes, but shape " + Arrays.toString(shape) + " of " + dtype
                    + " needs " + expectedBytes + " bytes");
        }
        if (end > dataBytes) {
            throw ModelFormatException.inTensor(name, file, "has data_offsets [" + begin + ", " + end
                    + "] beyond the " + dataBytes + "-byte data buffer: file truncated");
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static DType parseDType(Path file, String name, JsonNode node) {
        if (node == null || !node.isTextual()) {
            throw ModelFormatException.inTensor(name, file, "has no dtype string");
        }
        String dtype = node.textValue();
        for (DType supported : DType.values()) {
            if (supported.name().equals(dtype)) {
                return supported;
            }
        }
        throw ModelFormatException.inTensor(name, file, "has unsupported dtype '" + dtype
                + "' (supported: " + Arrays.toString(DType.values()) + ")");
    }

    private static long[] parseNonNegativeLongs(Path file, String name, String key, JsonNode node) {
        if (node == null || !node.isArray()) {
            throw ModelFormatException.inTensor(name, file, "has no " + key + " array");
        }
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode value = node.get(i);
            if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
                throw ModelFormatException.inTensor(name, file, "has " + key + " " + node
                        + " with an element that is not a non-negative 64-bit integer");
            }
            values[i] = value.longValue();
        }
        return values;
    }

    /** Two tensors sharing bytes would alias each other's weights: a corrupt or hostile file. */
    private static void checkNoOverlap(Path file, List<Entry> entries) {
        List<Entry> byOffset = entries.stream()
                .filter(e -> e.sizeBytes() > 0)
                .sorted(Comparator.comparingLong(Entry::beginOffset))
                .toList();
        for (int i = 1; i < byOffset.size(); i++) {
            Entry previous = byOffset.get(i - 1);
            Entry current = byOffset.get(i);
            if (current.beginOffset() < previous.endOffset()) {
                throw ModelFormatException.inTensor(current.name(), file, "has data_offsets ["
                        + current.beginOffset() + ", " + current.endOffset() + "] overlapping tensor '"
                        + previous.name() + "' at [" + previous.beginOffset() + ", " + previous.endOffset() + "]");
            }
        }
    }
}
