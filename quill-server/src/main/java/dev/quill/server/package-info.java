/**
 * The tutor service over HTTP: {@link dev.quill.server.QuillServer} (Javalin 7 on Jetty 12, a
 * virtual thread per request), request validation into RFC 9457 problems
 * ({@link dev.quill.server.ApiError}), the OpenAI-compatible endpoints, Server-Sent Events,
 * client hang-up detection ({@link dev.quill.server.ClientWatch}), configuration
 * ({@link dev.quill.server.ServerConfig}: flags, then {@code QUILL_*}, then a config file) and the
 * life cycle ({@link dev.quill.server.ServerRunner}: warm-up, readiness, SIGTERM drain).
 *
 * <p>Owns: everything HTTP. Every model call goes through {@link dev.quill.server.tutor.Tutor}
 * and so through the engine's scheduler (seed 004 is what happens otherwise). Must not import
 * the model or the kernels directly, and must not be imported by quill-core, quill-grammar or
 * quill-train. Seams: {@link dev.quill.server.tutor.StageObserver} (traces, metrics and cost, in
 * {@code dev.quill.server.observe}), {@link dev.quill.server.tutor.EditFinder} (quill-grammar's
 * EditExtractor). Retrieval is quill-retrieval's {@code RuleRetriever}, built at start-up
 * ({@link dev.quill.server.ServerRunner#defaultRetriever}) and served at {@code /v1/rules}
 * ({@link dev.quill.server.RulesApi}).
 */
package dev.quill.server;
