package dev.quill.load;

import dev.quill.core.model.LlamaConfig;
import dev.quill.core.model.RandomModelWriter;
import dev.quill.core.tensor.DType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A 2-layer, 64-wide random-weight model with a 512-token BPE vocabulary: real serving, noise for text. */
final class TinyModel {
    private static Path dir;

    private TinyModel() {}

    static synchronized Path dir() {
        if (dir == null) {
            try {
                Path d = Files.createTempDirectory("quill-load-test-model");
                LlamaConfig shape = new LlamaConfig("llama", 64, 128, 2, 4, 2, 16, 1e-5f, 10000f, 512, 256, false, false, -1, -1);
                RandomModelWriter.writeDirectory(d, shape, DType.F32, 0.02, 7, 0, RandomModelWriter.seedCorpus());
                dir = d;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }
}
