package dev.quill.bench;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Hugging Face {@code tokenizers} (Rust, through DJL's JNI binding {@code ai.djl.huggingface:tokenizers})
 * opened so that it runs offline and tokenizes as quill's {@code BpeTokenizer.encode} does.
 *
 * <p>Offline: the binding's jar carries {@code libtokenizers.so} and extracts it into DJL's cache
 * directory on first use; loading a local {@code tokenizer.json} downloads nothing. Its one network
 * call is usage tracking ({@code Ec2Utils.callHome}, a probe of the EC2 metadata address), which
 * offline mode turns off (docs.djl.ai/master/docs/telemetry.html). System properties stand in for
 * DJL's environment variables ({@code Utils.getEnvOrSystemProperty} reads both), so nothing has to be
 * exported before a run.
 *
 * <p>Tokenizing like quill: DJL defaults to adding the post-processor's special tokens, truncating
 * to 512 tokens and padding; all three are turned off. Left as it is: Hugging Face still matches
 * added tokens ({@code <|eos|>} and the like) spelled out inside the text, which quill deliberately
 * does not, so the two agree exactly only on text without them.
 */
final class DjlTokenizer {
    private DjlTokenizer() {}

    /**
     * Opens {@code tokenizerJson}. The native library is extracted to {@code $DJL_CACHE_DIR} if set,
     * else next to the bench models ({@code $QUILL_BENCH_MODELS/djl-cache}) rather than in
     * {@code ~/.djl.ai}.
     */
    static HuggingFaceTokenizer open(Path tokenizerJson) throws IOException {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        if (System.getenv("DJL_CACHE_DIR") == null) System.setProperty("DJL_CACHE_DIR", BenchModels.root().resolve("djl-cache").toString());
        return HuggingFaceTokenizer.builder()
                .optTokenizerPath(tokenizerJson)
                .optAddSpecialTokens(false)
                .optTruncation(false)
                .optPadding(false)
                .build();
    }
}
