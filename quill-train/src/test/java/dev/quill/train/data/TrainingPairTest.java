package dev.quill.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quill.grammar.edits.ErrorType;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingPairTest {

    @Test
    void tsvRoundTrips() {
        var pair = new TrainingPair("She go home.", "She goes home.", List.of(ErrorType.SVA, ErrorType.SPELL),
                List.of("SVA:singular-subject", "SPELL:typo"), "ding");
        assertThat(pair.toTsv()).isEqualTo("She go home.\tShe goes home.\tSVA,SPELL\tSVA:singular-subject,SPELL:typo\tding");
        assertThat(TrainingPair.fromTsv(pair.toTsv())).isEqualTo(pair);
        var identity = TrainingPair.identity("She goes home.", "wordnet");
        assertThat(identity.toTsv()).isEqualTo("She goes home.\tShe goes home.\t\t\twordnet");
        assertThat(TrainingPair.fromTsv(identity.toTsv())).isEqualTo(identity);
    }

    @Test
    void sentencesNeverHoldTabsOrLineBreaks() {
        assertThatThrownBy(() -> TrainingPair.identity("a\tb", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrainingPair.identity("a\nb", "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
