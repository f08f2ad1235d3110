package dev.quill.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quill.core.model.EnsembleModel;
import dev.quill.core.model.LlamaConfig;
import dev.quill.core.model.RandomModelWriter;
import dev.quill.core.tensor.DType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model directory that holds an ensemble ({@code ensemble.json} and its members) serves like one model. */
class EnsembleServeTest {

    @Test
    void anEnsembleDirectoryServesCorrections(@TempDir Path dir) throws IOException {
        Path single = TestServers.modelDir();
        Files.createDirectories(dir.resolve("m0"));
        for (String f : new String[] {"config.json", "model.safetensors"}) Files.copy(single.resolve(f), dir.resolve("m0").resolve(f));
        RandomModelWriter.write(dir.resolve("m1"), LlamaConfig.load(single.resolve("config.json")), DType.F32, 0.02, 8, 0);
        Files.copy(single.resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        Files.writeString(dir.resolve(EnsembleModel.FILE), "{\"members\": [\"m0\", \"m1\"]}");

        try (TestServers.Running s = TestServers.start(Map.of("model", dir.toString(), "rate-limit-per-minute", "0"))) {
            Http.Reply r = s.http.postJson("/v1/grammar/correct", "{\"sentence\": \"He goed to school\", \"max_tokens\": 8}");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("usage").get("output_tokens").asInt()).isBetween(1, 8);
            assertThat(s.tutor.modelName()).isEqualTo(dir.getFileName().toString());
            Http.Reply stream = s.http.postJson("/v1/grammar/correct", "{\"sentence\": \"She go home\", \"max_tokens\": 8, \"stream\": true}");
            assertThat(stream.status()).isEqualTo(200);
        }
    }
}
