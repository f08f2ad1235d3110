package dev.quill.train.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quill.core.generate.MinimumGain;
import dev.quill.grammar.edits.EditExtractor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * Chooses the tutor's {@link MinimumGain} on development data, never on the test sets: the
 * synthetic dev pairs (exact match, edit F0.5) and their targets, which are correct sentences (the
 * share wrongly changed). Every sentence is decoded and scored once; each margin then only
 * decides which of the two answers stands.
 */
public final class MinimumGainTuning {
    private MinimumGainTuning() {}

    /**
     * One margin's results on the dev data.
     *
     * @param exactMatch     share of dev pairs corrected exactly
     * @param edits          edit counts over the dev pairs
     * @param wronglyChanged share of the correct dev sentences changed
     */
    public record Row(MinimumGain guard, double exactMatch, EditCounts edits, double wronglyChanged) {}

    /** The rows, and every sentence's proposal and gain (the dev pairs first, then the correct sentences). */
    public record Result(List<Row> rows, List<EngineCorrector.Scored> scored, List<String> expected) {
        /** One line per sentence: sentence, expected, proposal, gain. */
        public void writeTsv(Path file) throws IOException {
            List<String> lines = new ArrayList<>();
            lines.add("sentence\texpected\tproposal\tgain");
            for (int i = 0; i < scored.size(); i++) {
                EngineCorrector.Scored s = scored.get(i);
                lines.add(s.sentence() + "\t" + expected.get(i) + "\t" + s.proposal() + "\t"
                        + (Double.isNaN(s.gain()) ? "" : String.format(Locale.ROOT, "%.4f", s.gain())));
            }
            Files.write(file, lines, StandardCharsets.UTF_8);
        }
    }

    /** The issue's ceiling on correct sentences changed, which the chosen margin must meet on dev. */
    public static final double MAX_WRONGLY_CHANGED = 0.03;

    /**
     * The rule that picks the margin: the smallest one that changes at most
     * {@link #MAX_WRONGLY_CHANGED} of the correct dev sentences (each step up costs recall), or the
     * largest tried when none does.
     */
    public static Row choose(List<Row> rows) {
        Row largest = null;
        Row chosen = null;
        for (Row r : rows) {
            if (!r.guard().enabled()) continue;
            if (largest == null || r.guard().margin() > largest.guard().margin()) largest = r;
            if (r.wronglyChanged() <= MAX_WRONGLY_CHANGED && (chosen == null || r.guard().margin() < chosen.guard().margin())) chosen = r;
        }
        if (largest == null) throw new IllegalArgumentException("no margin was tried");
        return chosen != null ? chosen : largest;
    }

    /**
     * Writes the margin into the model's {@code generation_config.json} (keeping its other keys),
     * where the server, {@code quill correct} and {@code quill eval} read it.
     */
    public static void writeToModel(Path modelDir, MinimumGain guard) throws IOException {
        Path file = modelDir.resolve("generation_config.json");
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = Files.isRegularFile(file) && json.readTree(file.toFile()) instanceof ObjectNode o ? o : json.createObjectNode();
        config.put(MinimumGain.CONFIG_KEY, guard.margin());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        json.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), config);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The correct sentences of a dev set: its distinct targets. */
    public static List<String> cleanSentences(EvalSet dev) {
        return List.copyOf(new LinkedHashSet<>(dev.targets()));
    }

    public static Result run(EngineCorrector corrector, EvalSet dev, List<MinimumGain> guards, EditExtractor extractor,
            Corrector.Progress progress) throws InterruptedException {
        List<String> clean = cleanSentences(dev);
        List<String> all = new ArrayList<>(dev.sources());
        all.addAll(clean);
        List<EngineCorrector.Scored> scored = corrector.correctScored(all, progress);
        List<Row> rows = new ArrayList<>();
        for (MinimumGain guard : guards) {
            ExactMatch exact = new ExactMatch();
            EditScorer edits = new EditScorer(extractor);
            for (int i = 0; i < dev.size(); i++) {
                String out = scored.get(i).output(guard);
                exact.add(out, dev.targets().get(i));
                edits.add(dev.sources().get(i), out, dev.targets().get(i));
            }
            ExactMatch unchanged = new ExactMatch();
            for (int i = 0; i < clean.size(); i++) unchanged.add(scored.get(dev.size() + i).output(guard), clean.get(i));
            rows.add(new Row(guard, exact.rate(), edits.overall(), 1 - unchanged.rate()));
        }
        List<String> expected = new ArrayList<>(dev.targets());
        expected.addAll(clean);
        return new Result(rows, scored, expected);
    }

    public static String table(List<Row> rows, int pairs, int clean) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "minimum gain on dev: %,d pairs, %,d correct sentences%n", pairs, clean));
        sb.append(String.format(Locale.ROOT, "  %-8s %8s %8s %8s %8s %10s%n", "margin", "exact", "P", "R", "F0.5", "changed"));
        for (Row r : rows) {
            String margin = r.guard().enabled() ? String.format(Locale.ROOT, "%.2f", r.guard().margin()) : "off";
            sb.append(String.format(Locale.ROOT, "  %-8s %7.1f%% %8.3f %8.3f %8.3f %9.1f%%%n", margin, 100 * r.exactMatch(),
                    r.edits().precision(), r.edits().recall(), r.edits().f05(), 100 * r.wronglyChanged()));
        }
        return sb.toString();
    }
}
