package dev.quill.server;

import dev.quill.core.engine.Completion;
import dev.quill.server.tutor.Generation;
import java.io.IOException;

/** How one endpoint spells its stream: the tutor's named events, or OpenAI's chunks. */
interface StreamFormat {
    /** Before the first token. */
    default void start(SseWriter out) throws IOException {}

    /** A piece of text, decoded from one or more tokens; never empty, never half a character. */
    void piece(SseWriter out, int index, String text) throws IOException;

    /** The request ended with an answer (stop or length). */
    void done(SseWriter out, Generation g, Completion c) throws IOException;

    /** The request failed after the stream had started (status 200 already sent). */
    void error(SseWriter out, ApiError e, String requestId) throws IOException;
}
