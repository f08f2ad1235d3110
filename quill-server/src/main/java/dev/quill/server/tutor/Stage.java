package dev.quill.server.tutor;

/**
 * The stages of one request, named as the spans of seed 000 (each a child of
 * {@code http.request}). Tracing and metrics hang off {@link StageObserver}.
 */
public enum Stage {
    VALIDATE_BODY("validate.body"),
    SECURITY_CHECK("security.check"),
    TOKENIZE_BPE("tokenize.bpe"),
    RETRIEVE_HYBRID("retrieve.hybrid"),
    MODEL_PREFILL("model.prefill"),
    MODEL_DECODE("model.decode"),
    FORMAT_JSON("format.json"),
    COST_EMIT("cost.emit");

    private final String spanName;

    Stage(String spanName) {
        this.spanName = spanName;
    }

    public String spanName() {
        return spanName;
    }
}
