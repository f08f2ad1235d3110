package dev.quill.bench;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.quill.core.tokenizer.BpeTokenizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Checks that quill's tokenizer and Hugging Face's (through DJL) give the same ids for the same
 * {@code tokenizer.json} and text, which must hold before their speeds are compared: on
 * {@value #SAMPLE_LINES} lines spread over the {@link BenchText} corpus, and on the whole corpus as
 * one string. Text that spells out an added token ({@code <|eos|>}) is expected to differ: Hugging
 * Face matches it, quill does not; the bench text holds none.
 *
 * <p>{@code java --enable-native-access=ALL-UNNAMED -cp quill-bench/target/benchmarks.jar
 * dev.quill.bench.TokenizerAgreement}
 */
public final class TokenizerAgreement {
    private TokenizerAgreement() {}

    static final int SAMPLE_LINES = 1000;

    /** Prints how many sample lines agree and whether the whole corpus does; returns whether everything agrees. */
    static boolean check(BpeTokenizer quill, HuggingFaceTokenizer huggingFace, BenchText text) {
        List<String> sample = text.sampleLines(SAMPLE_LINES);
        int agree = 0;
        String firstDisagreement = null;
        for (String line : sample) {
            int[] quillIds = quill.encode(line);
            int[] hfIds = ids(huggingFace, line);
            if (Arrays.equals(quillIds, hfIds)) {
                agree++;
            } else if (firstDisagreement == null) {
                firstDisagreement = "  first disagreement on " + line.strip() + "\n    quill: " + Arrays.toString(quillIds)
                        + "\n    hf:    " + Arrays.toString(hfIds);
            }
        }
        String corpus = String.join("", text.sourceLines());
        int[] quillIds = quill.encode(corpus);
        int[] hfIds = ids(huggingFace, corpus);
        int divergence = Arrays.mismatch(quillIds, hfIds);
        System.out.printf("token ids, quill vs Hugging Face (DJL): %d of %d sample lines agree; whole corpus (%d chars, %d ids): %s%n",
                agree, sample.size(), corpus.length(), quillIds.length,
                divergence < 0 ? "AGREE" : "DISAGREE from id " + divergence + " (quill " + quillIds.length + " ids, hf " + hfIds.length + ")");
        if (firstDisagreement != null) System.out.println(firstDisagreement);
        return agree == sample.size() && divergence < 0;
    }

    /** Hugging Face's ids as ints, for comparison with quill's. */
    static int[] ids(HuggingFaceTokenizer huggingFace, String text) {
        return Arrays.stream(huggingFace.encode(text).getIds()).mapToInt(Math::toIntExact).toArray();
    }

    public static void main(String[] args) throws Exception {
        BenchText text = BenchText.english();
        System.out.println(text.describe());
        Path file = BenchModels.englishTokenizer();
        boolean agree;
        try (HuggingFaceTokenizer huggingFace = DjlTokenizer.open(file)) {
            agree = check(BpeTokenizer.load(file), huggingFace, text);
        }
        System.exit(agree ? 0 : 1);
    }
}
