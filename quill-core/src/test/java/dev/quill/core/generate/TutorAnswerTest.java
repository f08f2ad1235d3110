package dev.quill.core.generate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The answer rule the service and the evaluation share. */
class TutorAnswerTest {
    private static final String INPUT = "She go to school every days";
    private static final String PROPOSAL = "She goes to school every day";

    @Test
    void theProposalStandsWhenBothGuardsKeepIt() {
        assertThat(TutorAnswer.decide(INPUT, PROPOSAL, true)).isEqualTo(new TutorAnswer(PROPOSAL, true, false));
    }

    @Test
    void theModelInputStandsWhenTheGainIsTooSmall() {
        assertThat(TutorAnswer.decide(INPUT, PROPOSAL, false)).isEqualTo(new TutorAnswer(INPUT, false, false));
    }

    @Test
    void aProposalThatDropsWordsIsRefusedWhateverItsGain() {
        assertThat(TutorAnswer.decide(INPUT, "She goes", true)).isEqualTo(new TutorAnswer(INPUT, false, true));
        // one dropped word of six is a correction ("every days" -> "daily")
        assertThat(TutorAnswer.decide(INPUT, "She goes to school daily", true).kept()).isTrue();
    }
}
