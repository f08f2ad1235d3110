package dev.quill.core.safetensors;

import static dev.quill.core.safetensors.RawSafeTensors.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quill.core.tensor.DType;
import dev.quill.core.tensor.Tensor;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsReaderTest {

    @TempDir
    Path dir;

    /** Header and little-endian data written out by hand; values checked against their bit patterns. */
    @Test
    void handWrittenFileWithKnownHeaderParses() throws IOException {
        String header = """
                {"__metadata__":{"format":"pt"},\
                "w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},\
                "b":{"dtype":"BF16","shape":[3],"data_offsets":[16,22]},\
                "h":{"dtype":"F16","shape":[2],"data_offsets":[22,26]}}""";
        byte[] data = bytes(
                0x00, 0x00, 0x80, 0x3F,  // F32 1.0    = 0x3F800000
                0x00, 0x00, 0x00, 0xC0,  // F32 -2.0   = 0xC0000000
                0x00, 0x00, 0x00, 0x3F,  // F32 0.5    = 0x3F000000
                0x00, 0x00, 0x40, 0x40,  // F32 3.0    = 0x40400000
                0x80, 0x3F,              // BF16 1.0   = 0x3F80
                0xC0, 0xBF,              // BF16 -1.5  = 0xBFC0
                0x20, 0x3E,              // BF16 0.15625 = 0x3E20
                0x00, 0x3C,              // F16 1.0    = 0x3C00
                0x00, 0xC0);             // F16 -2.0   = 0xC000
        Path file = RawSafeTensors.write(dir.resolve("hand.safetensors"), header, data);

        try (SafeTensors model = SafeTensors.open(file)) {
            assertThat(model.names()).containsExactly("b", "h", "w");
            assertThat(model.metadata()).isEqualTo(Map.of("format", "pt"));

            Tensor w = model.tensor("w", 2, 2);
            assertThat(w.dtype()).isEqualTo(DType.F32);
            assertThat(w.toFloatArray()).containsExactly(1.0f, -2.0f, 0.5f, 3.0f);
            assertThat(w.rows()).isEqualTo(2);
            assertThat(w.cols()).isEqualTo(2);

            Tensor b = model.tensor("b", 3);
            assertThat(b.dtype()).isEqualTo(DType.BF16);
            assertThat(b.toFloatArray()).containsExactly(1.0f, -1.5f, 0.15625f);

            Tensor h = model.tensor("h", 2);
            assertThat(h.dtype()).isEqualTo(DType.F16);
            assertThat(h.toFloatArray()).containsExactly(1.0f, -2.0f);

            assertThat(model.fileOf("w")).isEqualTo(file);
        }
    }

    @Test
    void tensorDataIsAReadOnlyMappedSegmentNotHeap() throws IOException {
        Path file = dir.resolve("model.safetensors");
        new SafeTensorsWriter().put("w", DType.F32, new long[] {2, 3}, new float[6]).write(file);

        try (SafeTensors model = SafeTensors.open(file)) {
            MemorySegment data = model.tensor("w").data();
            assertThat(data.isMapped()).isTrue();
            assertThat(data.isNative()).isTrue();
            assertThat(data.heapBase()).isEmpty();
            assertThat(data.isReadOnly()).isTrue();
            assertThat(data.byteSize()).isEqualTo(24);
        }
    }

    @Test
    void openAcceptsAModelDirectoryOrTheFileItself() throws IOException {
        Path file = dir.resolve("model.safetensors");
        new SafeTensorsWriter().put("w", DType.F32, new long[] {2}, new float[] {4f, 5f}).write(file);

        try (SafeTensors fromDir = SafeTensors.open(dir); SafeTensors fromFile = SafeTensors.open(file)) {
            assertThat(fromDir.tensor("w").toFloatArray()).containsExactly(4f, 5f);
            assertThat(fromFile.tensor("w").toFloatArray()).containsExactly(4f, 5f);
            assertThat(fromDir.fileOf("w")).isEqualTo(file);
        }
    }

    @Test
    void shardIndexTakesPrecedenceOverASingleFileInTheSameDirectory() throws IOException {
        new SafeTensorsWriter().put("single", DType.F32, new long[] {1}, new float[] {1f})
                .write(dir.resolve("model.safetensors"));
        new SafeTensorsWriter().put("sharded", DType.F32, new long[] {1}, new float[] {2f})
                .writeSharded(dir, 1024);

        try (SafeTensors model = SafeTensors.open(dir)) {
            assertThat(model.names()).containsExactly("sharded");
            assertThat(model.fileOf("sharded")).isEqualTo(dir.resolve("model-00001-of-00001.safetensors"));
        }
    }

    @Test
    void openOfDirectoryWithoutModelFilesNamesBothExpectedFiles() {
        assertThatThrownBy(() -> SafeTensors.open(dir))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("model.safetensors.index.json")
                .hasMessageContaining("model.safetensors");
    }

    @Test
    void namesAreSortedWhateverTheHeaderOrder() throws IOException {
        Path file = RawSafeTensors.write(dir.resolve("m.safetensors"), """
                {"zeta":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},\
                "alpha":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},\
                "mid":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}""", 12);

        try (SafeTensors model = SafeTensors.open(file)) {
            assertThat(model.names()).containsExactly("alpha", "mid", "zeta");
            assertThat(model.contains("mid")).isTrue();
            assertThat(model.contains("beta")).isFalse();
        }
    }

    @Test
    void tensorWithWrongExpectedShapeNamesTensorFileAndBothShapes() throws IOException {
        Path file = dir.resolve("model.safetensors");
        new SafeTensorsWriter().put("layers.0.wq", DType.F32, new long[] {2, 3}, new float[6]).write(file);

        try (SafeTensors model = SafeTensors.open(file)) {
            assertThat(model.tensor("layers.0.wq", 2, 3).shape()).containsExactly(2, 3);
            assertThatThrownBy(() -> model.tensor("layers.0.wq", 3, 2))
                    .isInstanceOf(ModelFormatException.class)
                    .hasMessage("tensor 'layers.0.wq' in " + file + " has shape [2, 3], expected [3, 2]");
        }
    }

    @Test
    void missingTensorNamesTensorAndFile() throws IOException {
        Path file = dir.resolve("model.safetensors");
        new SafeTensorsWriter().put("w", DType.F32, new long[] {1}, new float[1]).write(file);

        try (SafeTensors model = SafeTensors.open(file)) {
            assertThatThrownBy(() -> model.tensor("lm_head.weight"))
                    .isInstanceOf(ModelFormatException.class)
                    .hasMessage("missing tensor 'lm_head.weight' in " + file);
            assertThatThrownBy(() -> model.fileOf("lm_head.weight"))
                    .isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("'lm_head.weight'");
        }
    }

    @Test
    void missingTensorOfShardedModelNamesIndexAndShards() throws IOException {
        new SafeTensorsWriter().put("w", DType.F32, new long[] {1}, new float[1]).writeSharded(dir, 1024);

        try (SafeTensors model = SafeTensors.open(dir)) {
            assertThatThrownBy(() -> model.tensor("lm_head.weight"))
                    .isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("missing tensor 'lm_head.weight'")
                    .hasMessageContaining(dir.resolve("model.safetensors.index.json").toString())
                    .hasMessageContaining("model-00001-of-00001.safetensors");
        }
    }

    @Test
    void closingUnmapsTheTensors() throws IOException {
        Path file = dir.resolve("model.safetensors");
        new SafeTensorsWriter().put("w", DType.F32, new long[] {1}, new float[] {7f}).write(file);

        SafeTensors model = SafeTensors.open(file);
        Tensor w = model.tensor("w");
        assertThat(w.get(0)).isEqualTo(7f);
        model.close();
        model.close();

        assertThatThrownBy(() -> w.get(0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> model.tensor("w"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
