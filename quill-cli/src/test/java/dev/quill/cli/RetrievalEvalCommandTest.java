package dev.quill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** `quill retrieval-eval` refuses, by name and before training, settings it cannot run in reasonable time. */
class RetrievalEvalCommandTest {

    @ParameterizedTest
    @CsvSource({
        "--epochs, -1, --epochs must be between 0 (untrained) and 1000, got -1",
        "--epochs, 100000, --epochs must be between 0 (untrained) and 1000",
        "--members, 100000, --members must be between 1 and 32, got 100000",
        "--members, 0, --members must be between 1 and 32, got 0",
    })
    void anOutOfRangeSettingIsRefusedByName(String option, String value, String message) {
        CommandRun run = CommandRun.of("retrieval-eval", option, value);
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains(message).doesNotContain("bad encoder config");
        assertThat(run.out()).doesNotContain("cards:");
    }
}
