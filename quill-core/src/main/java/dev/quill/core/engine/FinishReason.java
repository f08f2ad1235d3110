package dev.quill.core.engine;

/** Why a request ended. */
public enum FinishReason {
    /** The model produced the stop token. */
    STOP,
    /** max tokens (or the model's context) reached. */
    LENGTH,
    /** The caller cancelled it (client gone). */
    CANCELLED,
    /** Its deadline passed, waiting or running. */
    DEADLINE,
    /** Never admitted; see {@link EngineRejectedException}. */
    REJECTED,
    /** The engine failed while running it (a bug or a broken model), or shut down under it. */
    ERROR
}
