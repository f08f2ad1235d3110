package dev.quill.server;

/** Ends a request with an {@link ApiError}; the server answers it as application/problem+json. */
public final class ApiException extends RuntimeException {
    private final transient ApiError error;

    public ApiException(ApiError error) {
        super(error.slug() + ": " + error.detail(), null, false, false);
        this.error = error;
    }

    public ApiError error() {
        return error;
    }
}
