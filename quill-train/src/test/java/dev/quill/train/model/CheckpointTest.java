package dev.quill.train.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quill.core.kernels.WorkerPool;
import dev.quill.core.model.LlamaConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint round-trips its position, and a damaged state.json is reported with its path. */
class CheckpointTest {
    private static final WorkerPool POOL = new WorkerPool(1);

    @AfterAll
    static void close() {
        POOL.close();
    }

    private static TrainableLlama model() {
        TrainableLlama m = new TrainableLlama(LlamaConfig.llama(16, 24, 1, 2, 2, 20, 16, true), POOL);
        m.initialize(3);
        return m;
    }

    @Test
    void thePositionRoundTrips(@TempDir Path dir) throws IOException {
        Checkpoint.save(dir.resolve("ckpt"), model(), new Checkpoint.Position(7, 2, 5), null);
        assertThat(Checkpoint.load(dir.resolve("ckpt"), model())).isEqualTo(new Checkpoint.Position(7, 2, 5));
    }

    @Test
    void aStateJsonThatIsNotJsonIsNamedInTheError(@TempDir Path dir) throws IOException {
        Path ckpt = dir.resolve("ckpt");
        Checkpoint.save(ckpt, model(), new Checkpoint.Position(7, 2, 5), null);
        Files.writeString(ckpt.resolve("state.json"), "{\"step\": 7, \"epo");
        assertThatThrownBy(() -> Checkpoint.load(ckpt, model()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(ckpt.resolve("state.json").toString())
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void aStateJsonWithoutAStepIsNamedInTheError(@TempDir Path dir) throws IOException {
        Path ckpt = dir.resolve("ckpt");
        Checkpoint.save(ckpt, model(), new Checkpoint.Position(7, 2, 5), null);
        Files.writeString(ckpt.resolve("state.json"), "{\"epoch\": 2, \"cursor\": -1}");
        assertThatThrownBy(() -> Checkpoint.load(ckpt, model()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(ckpt.resolve("state.json").toString())
                .hasMessageContaining("'step'");
    }
}
