package dev.quill.core.safetensors;

import java.nio.file.Path;

/**
 * A safetensors file or shard index that cannot be used as a model. The message always names the
 * file, and the tensor when the defect belongs to one, so that a bad download can be found.
 */
public final class ModelFormatException extends RuntimeException {

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A defect of the file as a whole: {@code "<file>: <detail>"}. */
    static ModelFormatException inFile(Path file, String detail) {
        return new ModelFormatException(file + ": " + detail);
    }

    /** A defect of one tensor: {@code "tensor '<name>' in <file> <detail>"}. */
    static ModelFormatException inTensor(String name, Path file, String detail) {
        return new ModelFormatException("tensor '" + name + "' in " + file + " " + detail);
    }
}
