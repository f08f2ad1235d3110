package dev.quill.retrieval;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A bad encoder setting is refused with the setting's name, not a bare "bad encoder config". */
class EncoderConfigTest {

    @Test
    void negativeEpochsAreRefusedByName() {
        assertThatThrownBy(() -> EncoderConfig.defaults().withEpochs(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("epochs must be 0 (untrained) or positive, got -1");
    }

    @Test
    void eachSettingIsNamed() {
        assertThatThrownBy(() -> new EncoderConfig(0, 2000, 1, 256, 0.01f, 0.05f, 0.6f, 0.3f, 1)).hasMessageStartingWith("dim ");
        assertThatThrownBy(() -> new EncoderConfig(64, 256, 1, 256, 0.01f, 0.05f, 0.6f, 0.3f, 1)).hasMessageStartingWith("vocabSize ");
        assertThatThrownBy(() -> new EncoderConfig(64, 2000, 1, 0, 0.01f, 0.05f, 0.6f, 0.3f, 1)).hasMessageStartingWith("batchSize ");
        assertThatThrownBy(() -> new EncoderConfig(64, 2000, 1, 256, Float.NaN, 0.05f, 0.6f, 0.3f, 1)).hasMessageStartingWith("learningRate ");
        assertThatThrownBy(() -> new EncoderConfig(64, 2000, 1, 256, 0.01f, 0f, 0.6f, 0.3f, 1)).hasMessageStartingWith("temperature ");
        assertThatThrownBy(() -> new EncoderConfig(64, 2000, 1, 256, 0.01f, 0.05f, 1f, 0.3f, 1)).hasMessageStartingWith("tokenDropout ");
        assertThatThrownBy(() -> new EncoderConfig(64, 2000, 1, 256, 0.01f, 0.05f, 0.6f, 2f, 1)).hasMessageStartingWith("typeDropout ");
    }
}
