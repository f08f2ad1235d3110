package dev.quill.train.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GleuTest {

    private static List<String> toks(String s) {
        return List.of(s.split(" "));
    }

    @Test
    void pythonRandomDrawsWhatPythonDraws() {
        // python3: random.seed(j * 101); [random.randint(0, 3) for i in range(12)]
        assertThat(draws(0)).containsExactly(3, 3, 0, 2, 3, 3, 2, 3, 2, 1, 1, 2);
        assertThat(draws(1)).containsExactly(1, 2, 3, 0, 1, 1, 2, 3, 1, 2, 3, 0);
        assertThat(draws(499)).containsExactly(0, 2, 0, 1, 2, 3, 0, 3, 1, 0, 0, 2);
        PythonRandom r = new PythonRandom(101);
        assertThat(Integer.toUnsignedLong(r.next32())).isEqualTo(2496029389L);
        assertThat(Integer.toUnsignedLong(r.next32())).isEqualTo(3638342495L);
    }

    private static List<Integer> draws(int j) {
        PythonRandom r = new PythonRandom(j * 101L);
        return IntStream.range(0, 12).mapToObj(i -> r.randint(0, 3)).toList();
    }

    @Test
    void sourceNgramsMissingFromTheReferenceArePenalised() {
        List<String> source = toks("the cat sit on mat");
        List<String> reference = toks("the cat sits on the mat");
        List<String> hypothesis = toks("the cat sits on mat");
        // 1-grams 5/5; 2-grams 3 matched - 1 ("on mat" is in the source, not the reference) over 4;
        // 3-grams 2/3; 4-grams 1/2; brevity exp(1 - 6/5)
        assertThat(Gleu.sentenceStats(source, reference, hypothesis)).containsExactly(5, 6, 5, 5, 2, 4, 2, 3, 1, 2);
        Gleu.Score score = Gleu.corpus(List.of(source), List.of(List.of(reference)), List.of(hypothesis));
        double expected = Math.exp(1 - 6.0 / 5) * Math.pow(1.0 * 0.5 * (2.0 / 3) * 0.5, 0.25);
        assertThat(score.mean()).isCloseTo(expected, within(1e-12));
        assertThat(score.iterations()).isEqualTo(1);
        assertThat(score.std()).isZero();
    }

    @Test
    void theReferenceItselfScoresOneAndNothingInCommonScoresZero() {
        List<String> source = toks("he go to school");
        List<String> reference = toks("he goes to school");
        assertThat(Gleu.corpus(List.of(source), List.of(List.of(reference)), List.of(reference)).mean()).isEqualTo(1.0);
        assertThat(Gleu.corpus(List.of(source), List.of(List.of(reference)), List.of(toks("x y z w"))).mean()).isZero();
    }

    @Test
    void correctingScoresAboveCopyingTheSource() {
        List<List<String>> sources = List.of(toks("she go to school every days ."), toks("i has two cat ."));
        List<List<List<String>>> refs = List.of(
                List.of(toks("she goes to school every day ."), toks("she goes to school each day .")),
                List.of(toks("i have two cats ."), toks("I have two cats .")));
        double identity = Gleu.corpus(sources, refs, sources).mean();
        double corrected = Gleu.corpus(sources, refs, List.of(toks("she goes to school every day ."), toks("i have two cats ."))).mean();
        assertThat(corrected).isGreaterThan(identity);
    }

    /** The JFLEG README quotes 38.20 for the identity baseline on dev with the official scorer. */
    @Test
    void jflegIdentityBaselineIs38point20() throws IOException {
        assumeTrue(JflegFiles.present(), "JFLEG dev set not found");
        Path dev = JflegFiles.dev();
        List<List<String>> sources = lines(dev.resolve("dev.src"));
        List<List<List<String>>> refs = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) refs.add(new ArrayList<>());
        for (int r = 0; r < 4; r++) {
            List<List<String>> ref = lines(dev.resolve("dev.ref" + r));
            for (int i = 0; i < ref.size(); i++) refs.get(i).add(ref.get(i));
        }
        Gleu.Score identity = Gleu.corpus(sources, refs, sources);
        List<List<String>> firstReference = refs.stream().map(List::getFirst).toList();
        Gleu.Score reference = Gleu.corpus(sources, refs, firstReference);
        System.out.printf("JFLEG dev GLEU: identity %.2f (std %.2f), ref0 as hypothesis %.2f%n",
                100 * identity.mean(), 100 * identity.std(), 100 * reference.mean());
        assertThat(100 * identity.mean()).isCloseTo(38.20, within(0.005));
        assertThat(reference.mean()).isGreaterThan(identity.mean());
    }

    private static List<List<String>> lines(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(l -> List.of(l.strip().split("\\s+"))).toList();
    }
}
