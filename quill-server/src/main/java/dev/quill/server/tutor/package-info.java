/**
 * The grammar tutor without HTTP: {@link dev.quill.server.tutor.Tutor} turns a sentence into a
 * {@link dev.quill.server.tutor.Correction} (corrected text, typed and explained edits, usage)
 * through the batching engine, in the stages of seed 000
 * ({@link dev.quill.server.tutor.Stage}). Used by the server and by {@code quill correct}.
 *
 * <p>Must not import Javalin, Jetty or anything of {@code dev.quill.server} outside this package:
 * it is meant to move to its own module (quill-tutor in the architecture) unchanged.
 */
package dev.quill.server.tutor;
