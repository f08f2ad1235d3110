package dev.quill.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quill.core.tensor.DType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A random model directory is written whole or not at all. */
class RandomModelWriterTest {

    private static final LlamaConfig TINY = LlamaConfig.llama(32, 64, 1, 2, 2, 300, 64, false);

    @Test
    void aDirectoryHoldsConfigWeightsAndTokenizerAndNoStagingIsLeft(@TempDir Path dir) throws IOException {
        RandomModelWriter.writeDirectory(dir.resolve("m"), TINY, DType.F32, 0.02, 1, 0, null);
        assertThat(names(dir.resolve("m"))).containsExactly("config.json", "model.safetensors", "tokenizer.json");
        assertThat(names(dir)).containsExactly("m");
    }

    @Test
    void weightsLargerThanTheHeapAreRefusedBeforeAnythingIsWritten(@TempDir Path dir) {
        LlamaConfig huge = LlamaConfig.llama(8192, 28672, 64, 64, 64, 32000, 512, false);
        assertThatThrownBy(() -> RandomModelWriter.writeDirectory(dir.resolve("m"), huge, DType.F32, 0.02, 1, 0, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GiB")
                .hasMessageContaining("hidden_size");
        assertThat(dir.resolve("m")).doesNotExist();
    }

    @Test
    void aTensorLargerThanAnArrayIsRefused(@TempDir Path dir) {
        LlamaConfig wide = LlamaConfig.llama(65536, 64, 1, 8, 8, 8192, 64, false);
        assertThatThrownBy(() -> RandomModelWriter.write(dir.resolve("m"), wide, DType.BF16, 0.02, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("largest tensor");
        assertThat(dir.resolve("m")).doesNotExist();
    }

    @Test
    void rewritingAnExistingDirectoryReplacesItsFilesAndLeavesNoStaging(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("m");
        RandomModelWriter.write(model, TINY, DType.F32, 0.02, 1, 0);
        RandomModelWriter.write(model, TINY.withNumLayers(2), DType.F32, 0.02, 1, 0);
        assertThat(LlamaConfig.load(model.resolve("config.json")).numLayers()).isEqualTo(2);
        assertThat(names(dir)).containsExactly("m");
    }

    @Test
    void aNonFiniteOrNegativeStdAndANegativeShardSizeAreRefused(@TempDir Path dir) {
        assertThatThrownBy(() -> RandomModelWriter.write(dir.resolve("m"), TINY, DType.F32, Double.NaN, 1, 0))
                .hasMessageContaining("std");
        assertThatThrownBy(() -> RandomModelWriter.write(dir.resolve("m"), TINY, DType.F32, -1, 1, 0))
                .hasMessageContaining("std");
        assertThatThrownBy(() -> RandomModelWriter.write(dir.resolve("m"), TINY, DType.F32, 0.02, 1, -1))
                .hasMessageContaining("maxShardBytes");
        assertThat(dir.resolve("m")).doesNotExist();
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
