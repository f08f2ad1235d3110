package dev.quill.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks made before a long run on the files it will write at the end, so the run is not lost to a typo. */
final class OutputFiles {
    private OutputFiles() {}

    /**
     * Fails unless {@code file} (null: not asked for) can be written: not a directory, in a folder
     * that exists (it is made if missing) and this user may write.
     */
    static void checkWritable(Path file, String option) {
        if (file == null) return;
        if (Files.isDirectory(file)) throw new IllegalArgumentException(option + " must be a file, not a directory, got " + file);
        if (Files.exists(file) && !Files.isWritable(file)) throw new IllegalArgumentException(option + " " + file + " cannot be written");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) checkWritableDirectory(option, file, parent);
    }

    /**
     * Makes {@code dir} and its parents unless they exist, and checks this user may write there, so
     * that {@code option}'s path ({@code given}) is refused before a run rather than after it.
     */
    static void checkWritableDirectory(String option, Path given, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException(option + " " + given + " cannot be written: " + e.getFile() + " is a file, not a directory");
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + given + " cannot be written: " + e.getMessage());
        }
        if (!Files.isWritable(dir)) throw new IllegalArgumentException(option + " " + given + " cannot be written: no write permission on " + dir);
    }
}
