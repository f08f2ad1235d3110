package dev.quill.cli;

import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * The one line a failed command prints: what went wrong, in words a user can act on. File-system
 * errors carry only a path as their message ("/tmp/x"), so the path gets its reason; text that is
 * not UTF-8 says so instead of "Input length = 1"; a parser's multi-line message keeps its first
 * line (Jackson adds a source location line).
 */
final class FailureMessage {
    private FailureMessage() {}

    static String of(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String files = fileSystem(t);
            if (files != null) return files;
            if (t instanceof CharacterCodingException) {
                String context = e != t && e.getMessage() != null && !e.getMessage().equals(t.toString()) ? firstLine(e.getMessage()) + ": " : "";
                return context + "the text is not valid UTF-8";
            }
        }
        return e.getMessage() != null && !e.getMessage().isBlank() ? firstLine(e.getMessage()) : e.getClass().getSimpleName();
    }

    private static String fileSystem(Throwable t) {
        if (!(t instanceof FileSystemException f)) return null;
        String path = f.getFile();
        String why = switch (f) {
            case NoSuchFileException x -> "no such file or directory";
            case AccessDeniedException x -> "permission denied";
            // creating a directory where a file is
            case FileAlreadyExistsException x when path != null && Files.isRegularFile(Path.of(path)) -> "a file, not a directory";
            case FileAlreadyExistsException x -> "already exists";
            case NotDirectoryException x -> "not a directory";
            case DirectoryNotEmptyException x -> "directory not empty";
            default -> f.getReason() != null ? lowerFirst(f.getReason()) : "cannot be used"; // the system's "Not a directory"
        };
        String other = f.getOtherFile() != null ? " (with " + f.getOtherFile() + ")" : "";
        return (path != null ? path + other + ": " : "") + why;
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }
}
