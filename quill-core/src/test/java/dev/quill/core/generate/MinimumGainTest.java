package dev.quill.core.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MinimumGainTest {
    @Test
    void aModelsMarginComesFromItsGenerationConfig(@TempDir Path dir) throws IOException {
        assertThat(MinimumGain.forModel(dir)).as("no file").isEqualTo(MinimumGain.OFF);
        Files.writeString(dir.resolve("generation_config.json"), "{\"eos_token_id\": 3}");
        assertThat(MinimumGain.forModel(dir)).as("no key").isEqualTo(MinimumGain.OFF);
        Files.writeString(dir.resolve("generation_config.json"), "{\"eos_token_id\": 3, \"minimum_gain\": 2.5}");
        assertThat(MinimumGain.forModel(dir)).isEqualTo(new MinimumGain(2.5));
        assertThat(MinimumGain.parse("model", dir)).isEqualTo(new MinimumGain(2.5));
        Files.writeString(dir.resolve("generation_config.json"), "{\"minimum_gain\": \"high\"}");
        assertThatThrownBy(() -> MinimumGain.forModel(dir)).isInstanceOf(IOException.class).hasMessageContaining("must be a number");
    }

    @Test
    void settingsParseOffModelOrANumber(@TempDir Path dir) throws IOException {
        assertThat(MinimumGain.parse("off", dir).enabled()).isFalse();
        assertThat(MinimumGain.parse(" OFF ", dir).enabled()).isFalse();
        assertThat(MinimumGain.parse("1.5", dir)).isEqualTo(new MinimumGain(1.5));
        assertThat(MinimumGain.parse("-2", dir).margin()).isEqualTo(-2.0);
        assertThatThrownBy(() -> MinimumGain.parse("lots", dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("off, model or a number");
        assertThatThrownBy(() -> MinimumGain.parse("NaN", dir)).isInstanceOf(IllegalArgumentException.class);
    }
}
