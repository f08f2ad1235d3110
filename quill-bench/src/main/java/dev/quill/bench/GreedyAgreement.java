package dev.quill.bench;

import dev.quill.core.tensor.DType;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Checks that quill and Jlama choose the same greedy tokens from the same model directory and
 * prompt, which must hold before their speeds are compared. Random weights make the top logits
 * close, so a late divergence can come from summation order alone; an early one means a bug.
 *
 * <p>{@code java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED
 * -Djlama.force_panama_tensor_operations=true -cp quill-bench/target/benchmarks.jar
 * dev.quill.bench.GreedyAgreement [F32|BF16 ...]}
 */
public final class GreedyAgreement {
    private GreedyAgreement() {}

    /** Decodes {@code newTokens} with both engines on {@code dir}, prints the verdict, returns whether they agree. */
    static boolean check(Path dir, int threads, int newTokens) throws Exception {
        int[] prompt = BenchModels.prompt(BenchModels.benchShape());
        int[] quillTokens;
        try (QuillGreedyDecoder quill = new QuillGreedyDecoder(dir, threads)) {
            quillTokens = quill.generate(prompt, newTokens).tokens();
        }
        int[] jlamaTokens;
        try (JlamaGreedyDecoder jlama = new JlamaGreedyDecoder(dir, threads)) {
            jlamaTokens = jlama.generate(prompt, newTokens).tokens();
        }
        int divergence = Arrays.mismatch(quillTokens, jlamaTokens);
        String head = "greedy tokens on " + dir.getFileName() + " (" + newTokens + " new): ";
        if (divergence < 0) {
            System.out.println(head + "quill and Jlama AGREE (" + Arrays.stream(quillTokens).distinct().count()
                    + " distinct ids; first 16: " + Arrays.toString(Arrays.copyOf(quillTokens, Math.min(16, newTokens))) + ")");
        } else {
            System.out.println(head + "quill and Jlama DISAGREE from token " + divergence);
            System.out.println("  quill: " + Arrays.toString(quillTokens));
            System.out.println("  jlama: " + Arrays.toString(jlamaTokens));
        }
        return divergence < 0;
    }

    public static void main(String[] args) throws Exception {
        String[] dtypes = args.length == 0 ? new String[] {"F32", "BF16"} : args;
        boolean all = true;
        for (String d : dtypes) {
            all &= check(BenchModels.benchShape(DType.valueOf(d)), 2, BenchModels.NEW_TOKENS);
        }
        System.exit(all ? 0 : 1);
    }
}
