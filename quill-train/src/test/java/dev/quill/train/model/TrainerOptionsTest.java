package dev.quill.train.model;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Options the loop would divide by, or that would train on NaN or zeroed updates, are refused when built. */
class TrainerOptionsTest {

    @ParameterizedTest
    @CsvSource({
        "0,    2e-3, 0,  0.1, 1.0, 10, 0,  10, totalSteps",
        "10,   NaN,  0,  0.1, 1.0, 10, 0,  10, peakLearningRate",
        "10,   -1,   0,  0.1, 1.0, 10, 0,  10, peakLearningRate",
        "10,   2e-3, 11, 0.1, 1.0, 10, 0,  10, warmupSteps",
        "10,   2e-3, 0,  -1,  1.0, 10, 0,  10, weightDecay",
        "10,   2e-3, 0,  0.1, NaN, 10, 0,  10, gradClip",
        "10,   2e-3, 0,  0.1, 0,   10, 0,  10, gradClip",
        "10,   2e-3, 0,  0.1, 1.0, 0,  0,  10, progressEverySteps",
        "10,   2e-3, 0,  0.1, 1.0, 10, -1, 10, evalEverySteps",
        "10,   2e-3, 0,  0.1, 1.0, 10, 0,  0,  checkpointEverySteps",
    })
    void aBadOptionIsRefusedByName(long steps, double lr, long warmup, double decay, double clip, int progress, int eval,
            int checkpoint, String name) {
        assertThatThrownBy(() -> new Trainer.Options(steps, lr, warmup, 0.1, decay, clip, progress, eval, checkpoint))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(name);
    }

    @ParameterizedTest
    @CsvSource({"0", "5"})
    void evalEveryZeroMeansNoDevEvaluation(int eval) {
        assertThatCode(() -> new Trainer.Options(10, 2e-3, 0, 0.1, 0.1, 1.0, 10, eval, 10)).doesNotThrowAnyException();
    }
}
