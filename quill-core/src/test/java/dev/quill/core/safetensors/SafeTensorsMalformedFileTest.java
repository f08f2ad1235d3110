package dev.quill.core.safetensors;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quill.core.tensor.DType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every defect is refused on open with a message naming the file and, where there is one, the tensor. */
class SafeTensorsMalformedFileTest {

    @TempDir
    Path dir;

    @Test
    void fileShorterThanTheHeaderLengthIsRefused() throws IOException {
        Path file = Files.write(dir.resolve("short.safetensors"), new byte[] {1, 2, 3, 4, 5});

        assertThatThrownBy(() -> SafeTensors.open(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("only 5 bytes")
                .hasMessageContaining("too short");
    }

    @Test
    void headerLengthBeyondTheFileIsRefusedAsTruncated() throws IOException {
        byte[] header = "{}".getBytes(StandardCharsets.UTF_8);
        Path file = RawSafeTensors.writeWithDeclaredHeaderLength(
                dir.resolve("cut.safetensors"), 1000, header, new byte[0]);

        assertThatThrownBy(() -> SafeTensors.open(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("header length 1000 bytes reaches beyond the end of the file (2 bytes")
                .hasMessageContaining("truncated");
    }

    @Test
    void absurdHeaderLengthIsRefusedBeforeReadingIt() throws IOException {
        byte[] header = "{}".getBytes(StandardCharsets.UTF_8);
        Path file = RawSafeTensors.writeWithDeclaredHeaderLength(
                dir.resolve("huge.safetensors"), 200_000_000L, header, new byte[0]);

        assertThatThrownBy(() -> SafeTensors.open(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("header length 200000000 bytes is absurd");
    }

    @Test
    void headerLengthWithTheTopBitSetIsReadAsUnsigned() throws IOException {
        Path file = RawSafeTensors.writeWithDeclaredHeaderLength(
                dir.resolve("garbage.safetensors"), -1L, new byte[0], new byte[16]);

        assertThatThrownBy(() -> SafeTensors.open(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("header length 18446744073709551615 bytes is absurd");
    }

    @Test
    void headerThatIsNotJsonIsRefused() throws IOException {
        Path file = RawSafeTensors.write(dir.resolve("text.safetensors"), "{\"w\": {dtype", 0);

        assertThatThrownBy(() -> SafeTensors.open(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("header is not valid JSON");
    }

    @Test
    void headerThatIsNotAJsonObjectIsRefused() throws IOException {
        Path file = RawSafeTensors.write(dir.resolve("array.safetensors"), "[1, 2, 3]", 0);

        assertThatThrownBy(() -> SafeTensors.open(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage(file + ": header is not a JSON object but array");
    }

    @Test
    void duplicateTensorNamesInTheHeaderAreRefused() throws IOException {
        Path file = RawSafeTensors.write(dir.resolve("dup.safetensors"), """
                {"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},\
                "w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8);

        assertThatThrownBy(() -> SafeTensors.open(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("Duplicate field 'w'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"I8", "F64", "f32"})
    void unsupportedDtypeIsRefusedNamingTheSupportedOnes(String dtype) throws IOException {
        Path file = RawSafeTensors.write(dir.resolve("ints.safetensors"),
                "{\"embed\":{\"dtype\":\"" + dtype + "\",\"shape\":[2],\"data_offsets\":[0,2]}}", 2);

        assertThatThrownBy(() -> SafeTensors.open(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("tensor 'embed' in " + file + " has unsupported dtype '" + dtype
                        + "' (supported: [F32, F16, BF16])");
    }

    @Test
    void offsetsThatDisagreeWithTheShapeAreRefused() throws IOException {
        Path file = RawSafeTensors.write(dir.resolve("mismatch.safetensors"),
                "{\"wq\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", 24);

        assertThatThrownBy(() -> SafeTensors.open(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("tensor 'wq' in " + file + " has data_offsets [0, 20] spanning 20 bytes,"
                        + " but shape [2, 3] of F32 needs 24 bytes");
    }

    @Test
    void offsetsBeyondTheDataBufferAreRefusedAsTruncated() throws IOException {
        Path file = RawSafeTensors.write(dir.resolve("truncated.safetensors"), """
                {"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},\
                "b":{"dtype":"BF16","shape":[4],"data_offsets":[8,16]}}""", 12);

        assertThatThrownBy(() -> SafeTensors.open(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("tensor 'b' in " + file
                        + " has data_offsets [8, 16] beyond the 12-byte data buffer: file truncated");
    }

    @Test
    void endBeforeBeginIsRefused() throws IOException {
        Path file = RawSafeTensors.write(dir.resolve("reversed.safetensors"),
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}", 8);

        assertThatThrownBy(() -> SafeTensors.open(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("tensor 'w' in " + file)
                .hasMessageContaining("data_offsets [8, 4]");
    }

    @Test
    void negativeDimensionIsRefused() throws IOException {
        Path file = RawSafeTensors.write(dir.resolve("negative.safetensors"),
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[-1,4],\"data_offsets\":[0,16]}}", 16);

        assertThatThrownBy(() -> SafeTensors.open(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("tensor 'w' in " + file)
                .hasMessageContaining("shape [-1,4]");
    }

    @Test
    void overlappingTensorsAreRefused() throws IOException {
        Path file = RawSafeTensors.write(dir.resolve("overlap.safetensors"), """
                {"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},\
                "b":{"dtype":"F32","shape":[4],"data_offsets":[8,24]}}""", 24);

        assertThatThrownBy(() -> SafeTensors.open(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("tensor 'b' in " + file
                        + " has data_offsets [8, 24] overlapping tensor 'a' at [0, 16]");
    }

    @Test
    void metadataValueThatIsNotAStringIsRefused() throws IOException {
        Path file = RawSafeTensors.write(dir.resolve("meta.safetensors"),
                "{\"__metadata__\":{\"format\":\"pt\",\"step\":1000}}", 0);

        assertThatThrownBy(() -> SafeTensors.open(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage(file + ": __metadata__ value of 'step' is not a string");
    }

    @Test
    void indexPointingAtAMissingShardIsRefused() throws IOException {
        new SafeTensorsWriter().put("w", DType.F32, new long[] {1}, new float[1])
                .write(dir.resolve("model-00001-of-00002.safetensors"));
        Path index = Files.writeString(dir.resolve("model.safetensors.index.json"), """
                {"metadata": {"total_size": 8},
                 "weight_map": {"w": "model-00001-of-00002.safetensors",
                                "lm_head.weight": "model-00002-of-00002.safetensors"}}""");

        assertThatThrownBy(() -> SafeTensors.open(dir))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("index " + index + " maps tensor 'lm_head.weight' to shard "
                        + dir.resolve("model-00002-of-00002.safetensors") + ", which does not exist");
    }

    @Test
    void indexNamingAShardThatLacksTheTensorIsRefused() throws IOException {
        Path shard = dir.resolve("model-00001-of-00001.safetensors");
        new SafeTensorsWriter().put("w", DType.F32, new long[] {1}, new float[1]).write(shard);
        Path index = Files.writeString(dir.resolve("model.safetensors.index.json"), """
                {"weight_map": {"w": "model-00001-of-00001.safetensors",
                                "norm.weight": "model-00001-of-00001.safetensors"}}""");

        assertThatThrownBy(() -> SafeTensors.open(dir))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("tensor 'norm.weight' in " + shard + " is missing, though index " + index
                        + " maps it to this shard");
    }

    @Test
    void indexNamingAShardOutsideTheModelDirectoryIsRefused() throws IOException {
        Path index = Files.writeString(dir.resolve("model.safetensors.index.json"),
                "{\"weight_map\": {\"w\": \"../elsewhere.safetensors\"}}");

        assertThatThrownBy(() -> SafeTensors.open(dir))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("index " + index + " maps tensor 'w'")
                .hasMessageContaining("not a file name in the model directory");
    }

    @Test
    void indexThatIsNotJsonIsRefused() throws IOException {
        Path index = Files.writeString(dir.resolve("model.safetensors.index.json"), "{\"weight_map\": ");

        assertThatThrownBy(() -> SafeTensors.open(dir))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(index.toString())
                .hasMessageContaining("shard index is not valid JSON");
    }

    @Test
    void indexWithoutWeightMapIsRefused() throws IOException {
        Path index = Files.writeString(dir.resolve("model.safetensors.index.json"), "{\"metadata\": {}}");

        assertThatThrownBy(() -> SafeTensors.open(dir))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage(index + ": shard index has no weight_map object");
    }
}
