package dev.quill.core.engine;

/**
 * Receives a request's tokens as they are decoded. Called on the engine thread, between
 * steps: it must return quickly and never block (hand the token to another thread if the work
 * is slow), or every running request waits.
 */
@FunctionalInterface
public interface TokenListener {
    /** @param index the token's place in the output, from 0 */
    void onToken(int token, int index);

    TokenListener NONE = (token, index) -> {};
}
