package dev.quill.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** config.json is read strictly: whole numbers, sizes the model can index, token ids inside the vocabulary. */
class LlamaConfigTest {

    private static final String TINY = """
            {"model_type": "llama", "hidden_size": 64, "intermediate_size": 96, "num_hidden_layers": 2,
             "num_attention_heads": 4, "num_key_value_heads": 2, "vocab_size": 512, "max_position_embeddings": 128,
             "eos_token_id": 3 %s}
            """;

    @Test
    void aPlainConfigLoads(@TempDir Path dir) throws IOException {
        LlamaConfig c = load(dir, "");
        assertThat(c.headDim()).isEqualTo(16);
        assertThat(c.maxPositionEmbeddings()).isEqualTo(128);
        assertThat(c.eosTokenId()).isEqualTo(3);
    }

    @Test
    void aWholeNumberWrittenAsFloatingPointIsAccepted(@TempDir Path dir) throws IOException {
        assertThat(load(dir, ", \"hidden_size\": 64.0").hiddenSize()).isEqualTo(64);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"hidden_size\": 64.5                        | field 'hidden_size' must be a whole number",
        "\"hidden_size\": \"64\"                      | field 'hidden_size' must be a whole number",
        "\"max_position_embeddings\": 2000000000      | max_position_embeddings must be positive and at most 1048576",
        "\"max_position_embeddings\": 1e10            | field 'max_position_embeddings' must be a whole number in int range",
        "\"max_position_embeddings\": 1048576, \"head_dim\": 8192, \"num_attention_heads\": 8 | RoPE angles do not fit in one array",
        "\"num_key_value_heads\": 0                   | num_key_value_heads must be positive",
        "\"num_attention_heads\": 0                   | num_attention_heads must be positive",
        "\"eos_token_id\": 99999                      | eos_token_id 99999 is outside the vocabulary (vocab_size 512)",
        "\"bos_token_id\": [-7]                       | bos_token_id -7 is outside the vocabulary",
        "\"head_dim\": 15.5                           | field 'head_dim' must be a whole number",
    })
    void aBadFieldIsRefusedByName(String field, String message, @TempDir Path dir) {
        assertThatThrownBy(() -> load(dir, ", " + field))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("config.json")
                .hasMessageContaining(message);
    }

    @Test
    void absentTokenIdsAreNone(@TempDir Path dir) throws IOException {
        LlamaConfig c = load(dir, ", \"bos_token_id\": null, \"eos_token_id\": []");
        assertThat(c.bosTokenId()).isEqualTo(-1);
        assertThat(c.eosTokenId()).isEqualTo(-1);
    }

    @Test
    void theLlamaFactoryRefusesZeroHeadsWithoutDividingByZero() {
        assertThatThrownBy(() -> LlamaConfig.llama(64, 96, 2, 0, 1, 300, 128, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("num_attention_heads must be positive");
    }

    /** TINY with {@code overrides} appended (a later duplicate key wins in Jackson's tree). */
    private static LlamaConfig load(Path dir, String overrides) throws IOException {
        Path file = dir.resolve("config.json");
        Files.writeString(file, TINY.formatted(overrides));
        return LlamaConfig.load(file);
    }
}
