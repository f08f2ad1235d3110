package dev.quill.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks made before a long run on the files it will write at the end, so the run is not lost to a typo. */
final class OutputFiles {
    private OutputFiles() {}

    /**
     * Fails unless {@code file} (null: not asked for) can be written: not a directory, and its
     * folder exists (or can be made) and is writable.
     */
    static void checkWritable(Path file, String option) throws IOException {
        if (file == null) return;
        if (Files.isDirectory(file)) throw new IllegalArgumentException(option + " " + file + " is a directory; give a file name");
        if (Files.exists(file) && !Files.isWritable(file)) throw new IllegalArgumentException(option + " " + file + " cannot be written");
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null) return;
        if (Files.exists(parent) && !Files.isDirectory(parent)) {
            throw new IllegalArgumentException(option + " " + file + ": " + parent + " is not a directory");
        }
        Files.createDirectories(parent);
        if (!Files.isWritable(parent)) throw new IllegalArgumentException(option + " " + file + ": cannot write in " + parent);
    }
}
