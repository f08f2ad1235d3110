package dev.quill.core.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quill.core.tensor.DType;
import dev.quill.core.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link SafeTensorsWriter} writes, {@link SafeTensors} reads back. */
class SafeTensorsRoundTripTest {

    @TempDir
    Path dir;

    private final List<SafeTensors> opened = new ArrayList<>();

    @AfterEach
    void closeOpened() {
        opened.forEach(SafeTensors::close);
    }

    private static final float[] SAMPLES = {
        0f, -0f, 1f, -1f, 1f / 3, -2.71828f, 1000.7f, 65504f, 6.1035156e-5f, 1.0e-3f, 123456.789f, -0.1f,
    };

    private Tensor roundTrip(DType dtype, float[] values) throws IOException {
        Path file = dir.resolve(dtype + ".safetensors");
        new SafeTensorsWriter().put("t", dtype, new long[] {values.length}, values).write(file);
        SafeTensors model = SafeTensors.open(file);
        opened.add(model);
        Tensor tensor = model.tensor("t", values.length);
        assertThat(tensor.dtype()).isEqualTo(dtype);
        return tensor;
    }

    @Test
    void f32ValuesReadBackBitForBit() throws IOException {
        float[] values = {0f, -0f, 1f / 3, Float.MIN_VALUE, Float.MAX_VALUE, Float.NEGATIVE_INFINITY,
                Float.intBitsToFloat(0x7FC01234), -123.456f};

        float[] read = roundTrip(DType.F32, values).toFloatArray();

        for (int i = 0; i < values.length; i++) {
            assertThat(Float.floatToRawIntBits(read[i])).as("element %d", i)
                    .isEqualTo(Float.floatToRawIntBits(values[i]));
        }
    }

    @Test
    void f16ValuesReadBackWithinHalfPrecision() throws IOException {
        float[] read = roundTrip(DType.F16, SAMPLES).toFloatArray();

        for (int i = 0; i < SAMPLES.length; i++) {
            float value = SAMPLES[i];
            if (Math.abs(value) <= 65504f) {
                // 10 explicit mantissa bits: round-to-nearest is within 2^-11 relative (normal range).
                assertThat(read[i]).as("F16 of %s", value).isCloseTo(value, within(Math.abs(value) * 0x1p-11f + 0x1p-25f));
            }
            assertThat(read[i]).isEqualTo(Float.float16ToFloat(Float.floatToFloat16(value)));
        }
        assertThat(read[4]).isEqualTo(0.33325195f);  // 1/3 in F16: 0x3555
        assertThat(read[10]).isEqualTo(Float.POSITIVE_INFINITY);  // beyond F16's 65504
    }

    @Test
    void bf16ValuesReadBackWithinBFloat16Precision() throws IOException {
        float[] read = roundTrip(DType.BF16, SAMPLES).toFloatArray();

        for (int i = 0; i < SAMPLES.length; i++) {
            float value = SAMPLES[i];
            // 7 explicit mantissa bits: round-to-nearest is within 2^-8 relative.
            assertThat(read[i]).as("BF16 of %s", value).isCloseTo(value, within(Math.abs(value) * 0x1p-8f));
        }
        assertThat(read[4]).isEqualTo(0.333984375f);  // 1/3 = 0x3EAAAAAB rounds up to 0x3EAB
        assertThat(read[10]).isEqualTo(123392f);      // 0x47F1E465 rounds down to 0x47F1
    }

    @Test
    void bf16RoundsHalfwayCasesToEven() throws IOException {
        float[] values = {
            1f + 0x1p-8f,                // halfway between 1 (even) and 1 + 2^-7: down to 1
            1f + 3 * 0x1p-8f,            // halfway between 1 + 2^-7 (odd) and 1 + 2^-6: up to 1 + 2^-6
            -(1f + 3 * 0x1p-8f),         // the same below zero
            1f + 0x1p-8f + 0x1p-23f,     // just above halfway: up
            1f + 0x1p-8f - 0x1p-23f,     // just below halfway: down
            Float.MAX_VALUE,             // above the largest BF16 by more than half an ulp: infinity
            Float.NEGATIVE_INFINITY,
            Float.intBitsToFloat(0x7F800001),  // a NaN whose payload is only in the dropped bits
            Float.NaN,
        };

        float[] read = roundTrip(DType.BF16, values).toFloatArray();

        assertThat(read[0]).isEqualTo(1f);
        assertThat(read[1]).isEqualTo(1f + 0x1p-6f);
        assertThat(read[2]).isEqualTo(-(1f + 0x1p-6f));
        assertThat(read[3]).isEqualTo(1f + 0x1p-7f);
        assertThat(read[4]).isEqualTo(1f);
        assertThat(read[5]).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(read[6]).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(read[7]).isNaN();
        assertThat(read[8]).isNaN();
    }

    @Test
    void scalarAndEmptyTensorsRoundTrip() throws IOException {
        Path file = dir.resolve("model.safetensors");
        new SafeTensorsWriter()
                .put("scale", DType.F32, new long[] {}, new float[] {0.125f})
                .put("nothing", DType.BF16, new long[] {0, 4}, new float[] {})
                .put("after", DType.F16, new long[] {2}, new float[] {3f, -4f})
                .write(file);

        try (SafeTensors model = SafeTensors.open(file)) {
            assertThat(model.tensor("scale").rank()).isZero();
            assertThat(model.tensor("scale").get(0)).isEqualTo(0.125f);
            assertThat(model.tensor("nothing", 0, 4).data().byteSize()).isZero();
            assertThat(model.tensor("after").toFloatArray()).containsExactly(3f, -4f);
        }
    }

    @Test
    void metadataRoundTrips() throws IOException {
        Path file = dir.resolve("model.safetensors");
        new SafeTensorsWriter()
                .metadata("format", "pt")
                .metadata("quill.note", "grüße, \"quoted\"")
                .put("w", DType.F32, new long[] {1}, new float[] {1f})
                .write(file);

        try (SafeTensors model = SafeTensors.open(file)) {
            assertThat(model.metadata()).isEqualTo(Map.of("format", "pt", "quill.note", "grüße, \"quoted\""));
        }
    }

    @Test
    void dataBufferStartsAt64ByteAlignedOffsetAfterSpacePadding() throws IOException {
        Path file = dir.resolve("model.safetensors");
        new SafeTensorsWriter()
                .put("odd", DType.BF16, new long[] {3}, new float[] {1f, 2f, 3f})
                .put("wide", DType.F32, new long[] {5}, new float[] {1f, 2f, 3f, 4f, 5f})
                .put("half", DType.F16, new long[] {1}, new float[] {1f})
                .write(file);

        byte[] bytes = Files.readAllBytes(file);
        long headerBytes = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat((8 + headerBytes) % 64).isZero();
        String header = new String(bytes, 8, (int) headerBytes, StandardCharsets.UTF_8);
        assertThat(header.stripTrailing()).startsWith("{").endsWith("}");
        assertThat(header.substring(header.stripTrailing().length())).matches(" *");
        assertThat(bytes.length - 8 - headerBytes).isEqualTo(5 * 4 + 3 * 2 + 2);

        try (SafeTensors model = SafeTensors.open(file)) {
            for (String name : model.names()) {
                Tensor tensor = model.tensor(name);
                assertThat(tensor.data().address() % tensor.dtype().sizeBytes()).as(name).isZero();
            }
            assertThat(model.tensor("wide").toFloatArray()).containsExactly(1f, 2f, 3f, 4f, 5f);
        }
    }

    @Test
    void writerRefusesValuesThatDoNotFillTheShape() {
        var writer = new SafeTensorsWriter();
        assertThatThrownBy(() -> writer.put("w", DType.F32, new long[] {2, 3}, new float[5]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tensor 'w' has 5 values for shape [2, 3]");
        writer.put("w", DType.F32, new long[] {1}, new float[1]);
        assertThatThrownBy(() -> writer.put("w", DType.F32, new long[] {1}, new float[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already");
    }

    @Test
    void shardedWriteReadsBackTheSameTensorsAsASingleFile() throws IOException {
        SafeTensorsWriter writer = new SafeTensorsWriter().metadata("format", "pt");
        Random random = new Random(42);
        List<DType> dtypes = List.of(DType.F32, DType.F16, DType.BF16);
        for (int layer = 0; layer < 6; layer++) {
            float[] values = new float[8 * 5];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextGaussian();
            }
            writer.put("layers." + layer + ".w", dtypes.get(layer % 3), new long[] {8, 5}, values);
        }
        Path single = dir.resolve("single");
        Files.createDirectories(single);
        writer.write(single.resolve("model.safetensors"));
        Path sharded = dir.resolve("sharded");
        writer.writeSharded(sharded, 200);

        try (SafeTensors one = SafeTensors.open(single); SafeTensors many = SafeTensors.open(sharded)) {
            assertThat(many.names()).isEqualTo(one.names()).hasSize(6);
            for (String name : one.names()) {
                Tensor expected = one.tensor(name);
                Tensor actual = many.tensor(name, expected.shape());
                assertThat(actual.dtype()).as(name).isEqualTo(expected.dtype());
                assertThat(actual.toFloatArray()).as(name).containsExactly(expected.toFloatArray());
            }
            assertThat(many.names().stream().map(many::fileOf).distinct().count()).isGreaterThan(1);
            assertThat(many.metadata()).containsEntry("format", "pt")
                    .containsEntry("total_size", String.valueOf(2 * (160 + 80 + 80)));
        }
    }

    @Test
    void shardsHoldAtMostMaxShardBytesUnlessOneTensorIsLarger() throws IOException {
        SafeTensorsWriter writer = new SafeTensorsWriter()
                .put("a", DType.F32, new long[] {10}, new float[10])    // 40 bytes
                .put("b", DType.F32, new long[] {10}, new float[10])    // 40 bytes
                .put("c", DType.F32, new long[] {10}, new float[10])    // 40 bytes
                .put("big", DType.F32, new long[] {30}, new float[30]); // 120 bytes, over the limit alone
        writer.writeSharded(dir, 100);

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly(
                    "model-00001-of-00003.safetensors",
                    "model-00002-of-00003.safetensors",
                    "model-00003-of-00003.safetensors",
                    "model.safetensors.index.json");
        }
        try (SafeTensors model = SafeTensors.open(dir)) {
            Map<Path, Long> bytesPerShard = new HashMap<>();
            for (String name : model.names()) {
                bytesPerShard.merge(model.fileOf(name), model.tensor(name).data().byteSize(), Long::sum);
            }
            // Laid out by name within a dtype: [a, b], [big] alone, then [c].
            assertThat(model.fileOf("a")).isEqualTo(dir.resolve("model-00001-of-00003.safetensors"));
            assertThat(model.fileOf("b")).isEqualTo(dir.resolve("model-00001-of-00003.safetensors"));
            assertThat(model.fileOf("big")).isEqualTo(dir.resolve("model-00002-of-00003.safetensors"));
            assertThat(model.fileOf("c")).isEqualTo(dir.resolve("model-00003-of-00003.safetensors"));
            assertThat(bytesPerShard).containsEntry(dir.resolve("model-00001-of-00003.safetensors"), 80L)
                    .containsEntry(dir.resolve("model-00002-of-00003.safetensors"), 120L)
                    .containsEntry(dir.resolve("model-00003-of-00003.safetensors"), 40L);
        }
        JsonNode index = SafeTensorsFile.JSON.readTree(dir.resolve("model.safetensors.index.json").toFile());
        assertThat(index.at("/metadata/total_size").longValue()).isEqualTo(240);
        assertThat(index.at("/weight_map/big").textValue()).isEqualTo("model-00002-of-00003.safetensors");
        assertThat(index.get("weight_map").size()).isEqualTo(4);
    }
}
