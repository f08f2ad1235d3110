package dev.quill.train.eval;

import dev.quill.grammar.edits.EditExtractor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One evaluation of a {@link Corrector} over whatever data is there:
 * <ul>
 *   <li>{@code test.tsv}: exact match and edit precision / recall / F0.5 by error type;</li>
 *   <li>{@code clean-test.tsv}: the share of correct sentences the system changed;</li>
 *   <li>{@code lt-test.tsv}: exact match on LanguageTool-corrected sentences held out of training;</li>
 *   <li>the JFLEG dev set: GLEU of the system (sources detokenized for the model, outputs
 *       tokenized back with {@link PtbTokenizer}) beside the identity baseline.</li>
 * </ul>
 * A missing file skips its section with a note; nothing at all is an error. All sentences go to
 * the corrector in one call, so a batching corrector decodes them together.
 */
public final class Evaluation {
    /**
     * @param dataDir  the data pipeline's output folder (may be null)
     * @param jflegDir the folder with {@code dev.src} and {@code dev.ref0..3} (may be null)
     * @param limit    at most this many sentences per section; 0 for all
     */
    public record Inputs(Path dataDir, Path jflegDir, int limit) {}

    private final EvalSet synthetic;
    private final EvalSet clean;
    private final EvalSet lt;
    private final JflegSet jfleg;
    private final List<String> notes;

    private Evaluation(EvalSet synthetic, EvalSet clean, EvalSet lt, JflegSet jfleg, List<String> notes) {
        this.synthetic = synthetic;
        this.clean = clean;
        this.lt = lt;
        this.jfleg = jfleg;
        this.notes = List.copyOf(notes);
    }

    /**
     * Reads whatever data is there (before any model is loaded, so that a run with nothing to
     * evaluate fails at once).
     *
     * @throws IllegalStateException when no section has data
     */
    public static Evaluation load(Inputs inputs) throws IOException {
        List<String> notes = new ArrayList<>();
        EvalSet synthetic = tsv(inputs, "test.tsv", "synthetic test", notes);
        EvalSet clean = tsv(inputs, "clean-test.tsv", "clean test", notes);
        EvalSet lt = tsv(inputs, "lt-test.tsv", "LanguageTool held-out test", notes);
        JflegSet jfleg = jfleg(inputs, notes);
        if (synthetic == null && clean == null && lt == null && jfleg == null) {
            throw new IllegalStateException("nothing to evaluate: " + String.join("; ", notes));
        }
        return new Evaluation(synthetic, clean, lt, jfleg, notes);
    }

    /** Why sections were skipped. */
    public List<String> notes() {
        return notes;
    }

    /** Sentences the corrector will be given. */
    public int sentences() {
        return inputs().size();
    }

    private List<String> inputs() {
        List<String> all = new ArrayList<>();
        if (synthetic != null) all.addAll(synthetic.sources());
        if (clean != null) all.addAll(clean.sources());
        if (lt != null) all.addAll(lt.sources());
        if (jfleg != null) {
            for (List<String> s : jfleg.sources()) all.add(PtbTokenizer.detokenize(s));
        }
        return all;
    }

    /**
     * Corrects every sentence with {@code corrector} and scores the outputs; when
     * {@code outputsFile} is not null, also writes every sentence to it as TSV: {@code section
     * source output target} (the clean test's target is its source; JFLEG's is its first
     * reference, detokenized).
     */
    public EvalReport run(String model, Corrector corrector, EditExtractor extractor, Corrector.Progress progress,
            Path outputsFile) throws InterruptedException, IOException {
        List<String> all = inputs();
        long t0 = System.nanoTime();
        List<String> outputs = corrector.correct(all, progress);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (outputs.size() != all.size()) {
            throw new IllegalStateException("the corrector returned " + outputs.size() + " sentences for " + all.size());
        }
        if (outputsFile != null) writeOutputs(outputsFile, all, outputs);

        int at = 0;
        EvalReport.Synthetic syntheticReport = null;
        if (synthetic != null) {
            List<String> out = outputs.subList(at, at += synthetic.size());
            ExactMatch exact = new ExactMatch();
            EditScorer scorer = new EditScorer(extractor);
            for (int i = 0; i < synthetic.size(); i++) {
                exact.add(out.get(i), synthetic.targets().get(i));
                scorer.add(synthetic.sources().get(i), out.get(i), synthetic.targets().get(i));
            }
            syntheticReport = new EvalReport.Synthetic(synthetic.file().toString(), synthetic.size(), exact.rate(),
                    scorer.overall(), scorer.byType());
        }
        EvalReport.Clean cleanReport = null;
        if (clean != null) {
            List<String> out = outputs.subList(at, at += clean.size());
            ExactMatch unchanged = new ExactMatch();
            for (int i = 0; i < clean.size(); i++) unchanged.add(out.get(i), clean.sources().get(i));
            long changed = unchanged.total() - unchanged.matched();
            cleanReport = new EvalReport.Clean(clean.file().toString(), clean.size(), changed,
                    clean.size() == 0 ? 0 : (double) changed / clean.size());
        }
        EvalReport.HeldOut ltReport = null;
        if (lt != null) {
            List<String> out = outputs.subList(at, at += lt.size());
            ExactMatch exact = new ExactMatch();
            for (int i = 0; i < lt.size(); i++) exact.add(out.get(i), lt.targets().get(i));
            ltReport = new EvalReport.HeldOut(lt.file().toString(), lt.size(), exact.rate());
        }
        EvalReport.Jfleg jflegReport = null;
        if (jfleg != null) {
            List<String> out = outputs.subList(at, at += jfleg.sources().size());
            List<List<String>> hypotheses = out.stream().map(PtbTokenizer::tokenize).toList();
            Gleu.Score system = Gleu.corpus(jfleg.sources(), jfleg.references(), hypotheses);
            Gleu.Score identity = Gleu.corpus(jfleg.sources(), jfleg.references(), jfleg.sources());
            jflegReport = new EvalReport.Jfleg(jfleg.dir().toString(), jfleg.sources().size(), jfleg.references().getFirst().size(),
                    system.mean(), system.std(), identity.mean(), system.iterations());
        }
        return new EvalReport(model, all.size(), seconds, corrector.skipped(), syntheticReport, cleanReport, ltReport,
                jflegReport, notes);
    }

    /** A TSV cell: a model may write tabs and line breaks, which would split its row (as spaces they change no score). */
    static String cell(String text) {
        return text.replace('\t', ' ').replace('\r', ' ').replace('\n', ' ');
    }

    private void writeOutputs(Path file, List<String> sources, List<String> outputs) throws IOException {
        List<String[]> sectionTargets = new ArrayList<>();
        if (synthetic != null) for (String t : synthetic.targets()) sectionTargets.add(new String[] {"synthetic", t});
        if (clean != null) for (String t : clean.sources()) sectionTargets.add(new String[] {"clean", t});
        if (lt != null) for (String t : lt.targets()) sectionTargets.add(new String[] {"languagetool", t});
        if (jfleg != null) {
            for (List<List<String>> refs : jfleg.references()) {
                sectionTargets.add(new String[] {"jfleg", PtbTokenizer.detokenize(refs.getFirst())});
            }
        }
        StringBuilder tsv = new StringBuilder(PairedComparison.OUTPUTS_HEADER).append('\n');
        for (int i = 0; i < sources.size(); i++) {
            String[] st = sectionTargets.get(i);
            tsv.append(st[0]).append('\t').append(cell(sources.get(i))).append('\t').append(cell(outputs.get(i))).append('\t')
                    .append(cell(st[1])).append('\n');
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(file, tsv, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static EvalSet tsv(Inputs inputs, String name, String what, List<String> notes) throws IOException {
        if (inputs.dataDir() == null) {
            notes.add(what + " skipped: no data folder given");
            return null;
        }
        Path file = inputs.dataDir().resolve(name);
        if (!Files.isRegularFile(file)) {
            notes.add(what + " skipped: no " + file);
            return null;
        }
        EvalSet set = EvalSet.read(file, inputs.limit());
        if (set.size() == 0) {
            notes.add(what + " skipped: " + file + " has no sentences");
            return null;
        }
        return set;
    }

    /** JFLEG's sources and references, PTB-tokenized as distributed. */
    record JflegSet(Path dir, List<List<String>> sources, List<List<List<String>>> references) {}

    private static JflegSet jfleg(Inputs inputs, List<String> notes) throws IOException {
        Path dir = inputs.jflegDir();
        if (dir == null || !Files.isRegularFile(dir.resolve("dev.src"))) {
            notes.add("JFLEG skipped: no " + (dir == null ? "JFLEG folder given" : dir.resolve("dev.src")));
            return null;
        }
        List<List<String>> sources = tokenLines(dir.resolve("dev.src"), inputs.limit());
        if (sources.isEmpty()) {
            notes.add("JFLEG skipped: " + dir.resolve("dev.src") + " has no sentences");
            return null;
        }
        List<List<List<String>>> references = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) references.add(new ArrayList<>());
        for (int r = 0; Files.isRegularFile(dir.resolve("dev.ref" + r)); r++) {
            List<List<String>> ref = tokenLines(dir.resolve("dev.ref" + r), inputs.limit());
            if (ref.size() != sources.size()) {
                throw new IOException(dir.resolve("dev.ref" + r) + " has " + ref.size() + " lines, dev.src " + sources.size());
            }
            for (int i = 0; i < ref.size(); i++) references.get(i).add(ref.get(i));
        }
        if (references.isEmpty() || references.getFirst().isEmpty()) {
            notes.add("JFLEG skipped: no " + dir.resolve("dev.ref0"));
            return null;
        }
        return new JflegSet(dir, sources, references);
    }

    private static List<List<String>> tokenLines(Path file, int limit) throws IOException {
        List<List<String>> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (limit > 0 && out.size() >= limit) break;
            String s = line.strip();
            out.add(s.isEmpty() ? List.of() : List.of(s.split("\\s+")));
        }
        return out;
    }
}
