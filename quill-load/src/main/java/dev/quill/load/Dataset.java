package dev.quill.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The sentences a load run sends, in order, wrapping round. The default ships with quill
 * ({@code learner-sentences.txt}: learner errors of every type and some correct sentences); a
 * file of one sentence per line ({@code #} starts a comment line) replaces it.
 */
public record Dataset(String name, List<String> sentences) {
    public static final String DEFAULT_RESOURCE = "learner-sentences.txt";

    public Dataset {
        sentences = List.copyOf(sentences);
        if (sentences.isEmpty()) throw new IllegalArgumentException("dataset " + name + " has no sentences");
    }

    public static Dataset bundled() {
        try (InputStream in = Dataset.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
            return new Dataset("learner-sentences (bundled)", read(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Dataset file(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return new Dataset(path.toString(), read(in));
        }
    }

    private static List<String> read(InputStream in) throws IOException {
        List<String> out = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line; (line = r.readLine()) != null; ) {
            String s = line.strip();
            if (!s.isEmpty() && !s.startsWith("#")) out.add(s);
        }
        return out;
    }

    /** The i-th sentence sent (the list wraps round). */
    public String sentence(long i) {
        return sentences.get((int) Math.floorMod(i, (long) sentences.size()));
    }
}
