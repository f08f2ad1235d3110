package dev.quill.train.eval;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find the JFLEG dev set (outside the repository; tests that need it are skipped without it). */
final class JflegFiles {
    private JflegFiles() {}

    static Path dev() {
        String configured = System.getProperty("quill.jfleg", System.getenv("QUILL_JFLEG"));
        if (configured != null) return Path.of(configured);
        for (Path p : new Path[] {Path.of("../../shared/data/jfleg/dev"), Path.of("../shared/data/jfleg/dev"),
                Path.of("/work/shared/data/jfleg/dev")}) {
            if (Files.isRegularFile(p.resolve("dev.src"))) return p;
        }
        return Path.of("../../shared/data/jfleg/dev");
    }

    static boolean present() {
        return Files.isRegularFile(dev().resolve("dev.src")) && Files.isRegularFile(dev().resolve("dev.ref0"));
    }
}
