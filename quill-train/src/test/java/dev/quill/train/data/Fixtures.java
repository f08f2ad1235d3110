package dev.quill.train.data;

import dev.quill.grammar.Morphology;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Shared test data: the fixture source tree and a lexicon with a few misspellings. */
final class Fixtures {
    private Fixtures() {}

    static final Lexicon LEXICON = Lexicon.withMisspellings(Morphology.english(),
            Map.of("receive", List.of("recieve"), "until", List.of("untill")));

    /** The fixture layout: Debian files under data/usr-share, npm packages under data/sources/npm. */
    static DataSources sources() {
        return DataSources.at(resource("/data/sources"), resource("/data/usr-share"));
    }

    static Path resource(String name) {
        try {
            return Path.of(Fixtures.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A well-mixed random stream per test seed (java.util.Random's first draws for seeds 0, 1, 2... are alike). */
    static Random random(int seed) {
        return new Random(StableHash.of("test-seed:" + seed));
    }
}
