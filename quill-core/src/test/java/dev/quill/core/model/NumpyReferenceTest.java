package dev.quill.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quill.core.kernels.VectorKernels;
import dev.quill.core.kernels.WorkerPool;
import dev.quill.core.kv.BlockPool;
import dev.quill.core.kv.KvCache;
import dev.quill.core.kv.SequenceBlocks;
import dev.quill.core.tensor.DType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cross-checks quill's forward pass against {@code src/test/python/llama_reference.py}, a
 * float64 numpy implementation written from the Hugging Face modeling_llama / modeling_qwen2
 * math, not from quill's code. Every position's logits must agree. Skipped only where python3
 * or numpy is missing.
 */
class NumpyReferenceTest {
    static final Path SCRIPT = Path.of("src/test/python/llama_reference.py");
    static final long PYTHON_TIMEOUT_SECONDS = 120;
    static final int BLOCK_SIZE = 16;
    static final int PROMPT_LENGTH = 37; // spans three KV blocks

    static WorkerPool pool;
    static String missingPython; // why the reference cannot run here, or null

    @BeforeAll
    static void findPythonWithNumpy() throws InterruptedException {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("python3 -c 'import numpy' did not finish in 60 s"); // present but broken: fail, do not skip
            } else if (p.exitValue() != 0) {
                missingPython = "numpy not importable by python3";
            }
        } catch (IOException e) {
            missingPython = "python3 not found (" + e.getMessage() + ")";
        }
        if (missingPython != null) System.err.println("NumpyReferenceTest skipped: " + missingPython);
        pool = new WorkerPool(2);
    }

    @BeforeEach
    void requirePythonWithNumpy() {
        assumeTrue(missingPython == null, missingPython);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("llama, GQA 4:2, untied, F32",
                        new LlamaConfig("llama", 64, 96, 2, 4, 2, 16, 1e-5f, 10000f, 300, 128, false, false, -1, -1),
                        DType.F32, 0L),
                Arguments.of("qwen2, q/k/v bias, tied embeddings, F32",
                        new LlamaConfig("qwen2", 64, 96, 2, 4, 2, 16, 1e-6f, 1000000f, 300, 128, true, true, -1, -1),
                        DType.F32, 0L),
                Arguments.of("llama, GQA 4:1, BF16",
                        new LlamaConfig("llama", 64, 96, 2, 4, 1, 16, 1e-5f, 10000f, 300, 128, false, false, -1, -1),
                        DType.BF16, 0L),
                Arguments.of("llama, rope_theta 500000, eps 1e-3, head_dim 24 != hidden/heads, 3 layers, sharded",
                        new LlamaConfig("llama", 64, 80, 3, 4, 2, 24, 1e-3f, 500000f, 300, 128, false, false, -1, -1),
                        DType.F32, 60_000L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyPositionsLogitsMatchTheNumpyReference(String name, LlamaConfig config, DType dtype, long maxShardBytes,
            @TempDir Path dir) throws Exception {
        RandomModelWriter.write(dir, config, dtype, 0.2, 17, maxShardBytes);
        assertThat(dir.resolve("model.safetensors.index.json").toFile().exists()).isEqualTo(maxShardBytes > 0);
        int[] tokens = new Random(23).ints(PROMPT_LENGTH, 0, config.vocabSize()).toArray();

        float[] expected = referenceLogits(dir, tokens, dir.resolve("reference.f32"));
        float[] actual;
        try (LlamaModel model = LlamaModel.load(dir, new VectorKernels(pool))) {
            actual = allPositionsLogits(model, tokens);
        }

        assertThat(actual).hasSameSizeAs(expected);
        int vocab = config.vocabSize();
        double maxAbsLogit = 0;
        double maxDiff = 0;
        int worst = 0;
        for (int i = 0; i < expected.length; i++) {
            maxAbsLogit = Math.max(maxAbsLogit, Math.abs(expected[i]));
            double d = Math.abs((double) actual[i] - expected[i]);
            if (d > maxDiff) {
                maxDiff = d;
                worst = i;
            }
        }
        double tolerance = 1e-4 * Math.max(1, maxAbsLogit);
        String report = String.format("%s: max |quill - numpy| = %.3e at position %d token %d (quill %.6f, numpy %.6f);"
                        + " max |logit| = %.3f, tolerance %.3e", name, maxDiff, worst / vocab, worst % vocab,
                actual[worst], expected[worst], maxAbsLogit, tolerance);
        System.out.println(report);
        assertThat(maxAbsLogit).as("logits are not flat: " + report).isGreaterThan(1.0);
        assertThat(maxDiff).as(report).isLessThanOrEqualTo(tolerance);
    }

    /** One prefill pass over the whole prompt with every row's logits requested ({@code tokens x vocab}). */
    static float[] allPositionsLogits(LlamaModel model, int[] tokens) {
        KvCache kv = new KvCache(model.config(), (tokens.length + BLOCK_SIZE - 1) / BLOCK_SIZE, BLOCK_SIZE);
        SequenceBlocks blocks = new SequenceBlocks(new BlockPool(kv.numBlocks()), BLOCK_SIZE);
        assertThat(blocks.ensureCapacity(tokens.length)).isTrue();
        int[] positions = IntStream.range(0, tokens.length).toArray();
        int[][] tables = new int[tokens.length][];
        Arrays.fill(tables, blocks.table());
        return model.forward(new ForwardBatch(tokens, positions, tables, positions.clone()), kv);
    }

    /** Runs the numpy script and reads the little-endian float32 logits it writes. */
    static float[] referenceLogits(Path modelDir, int[] tokens, Path out) throws IOException, InterruptedException {
        String csv = Arrays.stream(tokens).mapToObj(Integer::toString).collect(Collectors.joining(","));
        Path log = out.resolveSibling(out.getFileName() + ".log"); // a file, so a hung script cannot block the read
        Process p = new ProcessBuilder("python3", SCRIPT.toString(), modelDir.toString(), csv, out.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(PYTHON_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(SCRIPT + " did not finish in " + PYTHON_TIMEOUT_SECONDS + " s");
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(SCRIPT + " failed:\n" + output).isZero();
        assertThat(output).as(SCRIPT + " prints nothing on success").isEmpty();
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
        float[] logits = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(logits);
        return logits;
    }
}
