package dev.quill.train.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Source and target sentences of one of the data pipeline's TSV files
 * ({@code source	target	types	labels	origin}, with that header; only {@code source} and
 * {@code target} are read, found by name). Fields are taken verbatim.
 */
public record EvalSet(Path file, List<String> sources, List<String> targets) {

    public static EvalSet read(Path file, int limit) throws IOException {
        List<String> sources = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        try (var lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = lines.readLine();
            if (header == null) throw new IOException(file + " is empty (expected a header: source, target, ...)");
            List<String> columns = Arrays.asList(header.split("\t", -1));
            int source = columns.indexOf("source");
            int target = columns.indexOf("target");
            if (source < 0 || target < 0) {
                throw new IOException(file + ": the header " + columns + " has no 'source' and 'target' columns");
            }
            String line;
            int number = 1;
            while ((line = lines.readLine()) != null && (limit <= 0 || sources.size() < limit)) {
                number++;
                if (line.isEmpty()) continue;
                String[] fields = line.split("\t", -1);
                if (fields.length <= Math.max(source, target)) {
                    throw new IOException(file + ":" + number + ": " + fields.length + " fields, expected " + columns.size());
                }
                sources.add(fields[source]);
                targets.add(fields[target]);
            }
        }
        return new EvalSet(file, List.copyOf(sources), List.copyOf(targets));
    }

    public int size() {
        return sources.size();
    }
}
