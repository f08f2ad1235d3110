package dev.quill.train.eval;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.quill.grammar.edits.ErrorType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code quill eval} measured; a section is null when its data was missing (the reason is
 * in {@code notes}). Rates are fractions in [0, 1]; GLEU too (JFLEG papers print it times 100).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvalReport(
        String model,
        int sentences,
        double seconds,
        int skipped,
        Synthetic synthetic,
        Clean clean,
        HeldOut languageTool,
        Jfleg jfleg,
        List<String> notes) {

    /** The synthetic test split: exact match and edit-level scores by error type. */
    public record Synthetic(String file, int sentences, double exactMatch, EditCounts edits, Map<ErrorType, EditCounts> editsByType) {}

    /** Correct sentences the model should leave alone. */
    public record Clean(String file, int sentences, long wronglyChanged, double wronglyChangedRate) {}

    /** Sentences whose corrections come from LanguageTool, held out of training. */
    public record HeldOut(String file, int sentences, double exactMatch) {}

    /** JFLEG dev: GLEU of the system's PTB-tokenized output, and of the source unchanged. */
    public record Jfleg(String dir, int sentences, int references, double gleu, double gleuStd, double identityGleu, int samplings) {}

    @JsonProperty("sentencesPerSecond")
    public double sentencesPerSecond() {
        return seconds > 0 ? sentences / seconds : 0;
    }

    public void writeJson(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
    }

    /** The report as a few lines of text and a per-type table. */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "model %s: %,d sentences corrected in %.1f s (%.1f sentences/s)%s%n",
                model, sentences, seconds, sentencesPerSecond(), skipped > 0 ? ", " + skipped + " too long (left unchanged)" : ""));
        if (synthetic != null) {
            out.append(String.format(Locale.ROOT, "%nsynthetic test  %s, %,d sentences: exact match %.1f%%%n",
                    synthetic.file(), synthetic.sentences(), 100 * synthetic.exactMatch()));
            out.append(String.format(Locale.ROOT, "  %-12s %6s %6s %6s %7s %7s %7s%n", "type", "TP", "FP", "FN", "P", "R", "F0.5"));
            synthetic.editsByType().forEach((type, c) -> out.append(row(type.name(), c)));
            out.append(row("overall", synthetic.edits()));
        }
        if (clean != null) {
            out.append(String.format(Locale.ROOT, "%nclean test      %s, %,d sentences: wrongly changed %.1f%% (%,d)%n",
                    clean.file(), clean.sentences(), 100 * clean.wronglyChangedRate(), clean.wronglyChanged()));
        }
        if (languageTool != null) {
            out.append(String.format(Locale.ROOT, "%nLT held-out     %s, %,d sentences: exact match %.1f%%%n",
                    languageTool.file(), languageTool.sentences(), 100 * languageTool.exactMatch()));
        }
        if (jfleg != null) {
            out.append(String.format(Locale.ROOT, "%nJFLEG dev       %s, %,d sentences, %d references: GLEU %.2f (std %.2f over %d samplings), identity %.2f%n",
                    jfleg.dir(), jfleg.sentences(), jfleg.references(), 100 * jfleg.gleu(), 100 * jfleg.gleuStd(), jfleg.samplings(),
                    100 * jfleg.identityGleu()));
        }
        for (String note : notes) out.append(String.format("%nnote: %s", note));
        if (!notes.isEmpty()) out.append(System.lineSeparator());
        return out.toString();
    }

    private static String row(String name, EditCounts c) {
        return String.format(Locale.ROOT, "  %-12s %6d %6d %6d %7.3f %7.3f %7.3f%n", name, c.tp(), c.fp(), c.fn(),
                c.precision(), c.recall(), c.f05());
    }
}
