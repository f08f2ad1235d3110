package dev.quill.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.quill.core.engine.Completion;
import dev.quill.core.engine.Engine;
import dev.quill.core.engine.EngineConfig;
import dev.quill.core.engine.EngineRequest;
import dev.quill.core.engine.RequestHandle;
import dev.quill.core.engine.SchedulingPolicy;
import dev.quill.core.engine.TokenListener;
import dev.quill.core.generate.Generator;
import dev.quill.core.generate.Sampler;
import dev.quill.core.generate.SamplingParams;
import dev.quill.core.kernels.Kernels;
import dev.quill.core.kernels.VectorKernels;
import dev.quill.core.kernels.WorkerPool;
import dev.quill.core.kv.KvCache;
import dev.quill.core.tensor.DType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several models decoding as one: the mean of their log-probabilities, each in its own layers of one KV cache. */
class EnsembleModelTest {
    static final int VOCAB = 300;
    static final int STOP = 299;
    /** Two shapes that differ in depth and width but not in key/value width (2 heads of 16). */
    static final LlamaConfig A = new LlamaConfig("llama", 64, 96, 2, 4, 2, 16, 1e-5f, 10000f, VOCAB, 128, false, false, -1, STOP);
    static final LlamaConfig B = new LlamaConfig("llama", 48, 80, 3, 4, 2, 16, 1e-5f, 10000f, VOCAB, 128, true, false, -1, STOP);

    static WorkerPool pool;
    static Kernels kernels;
    @TempDir
    static Path root;

    @BeforeAll
    static void writeModels() throws IOException {
        RandomModelWriter.write(root.resolve("a"), A, DType.F32, 0.3, 21, 0);
        RandomModelWriter.write(root.resolve("b"), B, DType.F32, 0.3, 22, 0);
        pool = new WorkerPool(2);
        kernels = new VectorKernels(pool);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    static EnsembleModel ensemble(String... members) throws IOException {
        List<LlamaModel> loaded = new ArrayList<>();
        for (String m : members) loaded.add(LlamaModel.load(root.resolve(m), kernels));
        return new EnsembleModel(loaded);
    }

    /** Feeds {@code prompt} in one pass, then each of {@code fed} one at a time; the scores after each pass. */
    static List<float[]> run(DecoderModel model, int[] prompt, int[] fed) {
        return LlamaModelTest.feed(model, prompt, fed.length, (step, scores) -> step < fed.length ? fed[step] : 0);
    }

    static int[] greedy(DecoderModel model, int[] prompt, int steps) {
        return new Generator(model, new KvCache(model.config(), 16, 16)).generate(prompt, SamplingParams.greedy(), steps, VOCAB, -1, t -> {})
                .tokens();
    }

    static int[] prompt(Random rnd, int n) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) t[i] = rnd.nextInt(VOCAB - 1);
        return t;
    }

    @Test
    void scoresAreTheMeanOfTheMembersLogProbabilities() throws IOException {
        int[] prompt = prompt(new Random(1), 21);
        try (EnsembleModel ens = ensemble("a", "b"); LlamaModel a = LlamaModel.load(root.resolve("a"), kernels);
                LlamaModel b = LlamaModel.load(root.resolve("b"), kernels)) {
            assertThat(ens.config().numLayers()).isEqualTo(5);
            int[] fed = greedy(ens, prompt, 12);
            List<float[]> got = run(ens, prompt, fed);
            List<float[]> alone = run(a, prompt, fed); // each member alone, in a cache of its own, fed the same tokens
            List<float[]> other = run(b, prompt, fed);
            for (int s = 0; s < got.size(); s++) {
                float za = Sampler.logSumExp(alone.get(s), 0, VOCAB);
                float zb = Sampler.logSumExp(other.get(s), 0, VOCAB);
                for (int j = 0; j < VOCAB; j++) {
                    double mean = ((alone.get(s)[j] - za) + (other.get(s)[j] - zb)) / 2;
                    assertThat((double) got.get(s)[j]).as("step %d token %d", s, j).isCloseTo(mean, within(2e-5));
                }
            }
            // the two members disagree somewhere, so the ensemble is not just one of them
            assertThat(greedy(a, prompt, 12)).isNotEqualTo(greedy(b, prompt, 12));
        }
    }

    @Test
    void aModelTwiceDecodesAsTheModelAlone() throws IOException {
        int[] prompt = prompt(new Random(2), 17);
        try (EnsembleModel twice = ensemble("a", "a"); LlamaModel a = LlamaModel.load(root.resolve("a"), kernels)) {
            int[] fed = greedy(a, prompt, 20);
            assertThat(greedy(twice, prompt, 20)).containsExactly(fed);
            List<float[]> got = run(twice, prompt, fed);
            List<float[]> alone = run(a, prompt, fed);
            for (int s = 0; s < got.size(); s++) {
                float z = Sampler.logSumExp(alone.get(s), 0, VOCAB);
                for (int j = 0; j < VOCAB; j++) assertThat(got.get(s)[j]).isCloseTo(alone.get(s)[j] - z, within(1e-5f));
            }
        }
    }

    @Test
    void everyPolicyGivesTheEnsemblesTokensEachRequestGetsAlone() throws Exception {
        Random rnd = new Random(3);
        int[][] prompts = new int[8][];
        for (int i = 0; i < prompts.length; i++) prompts[i] = prompt(rnd, 3 + rnd.nextInt(40));
        try (EnsembleModel ens = ensemble("a", "b")) {
            List<int[]> expected = new ArrayList<>();
            for (int[] p : prompts) expected.add(greedy(ens, p, 16));
            long block = KvCache.bytesPerBlock(ens.config(), 16);
            for (SchedulingPolicy policy : List.of(new SchedulingPolicy.None(), new SchedulingPolicy.Static(4, Duration.ofMillis(5)),
                    new SchedulingPolicy.Continuous(32, 8))) {
                for (long blocks : new long[] {64, 10}) { // 10 blocks: running sequences get preempted and recomputed
                    try (Engine engine = new Engine(ens, VOCAB, new EngineConfig(policy, blocks * block, 16, true, 256, 1 << 20, -1))) {
                        List<RequestHandle> handles = new ArrayList<>();
                        for (int[] p : prompts) handles.add(engine.submit(EngineRequest.greedy(p, 16), TokenListener.NONE));
                        for (int i = 0; i < prompts.length; i++) {
                            Completion c = handles.get(i).completion().get(60, TimeUnit.SECONDS);
                            assertThat(c.outputTokens()).as("%s, %d blocks, request %d", policy, blocks, i).containsExactly(expected.get(i));
                        }
                        assertThat(engine.awaitIdle(10, TimeUnit.SECONDS)).isTrue();
                        assertThat(engine.snapshot().kvBlocksUsed()).isZero();
                    }
                }
            }
        }
    }

    @Test
    void loadsFromItsDirectoryAndRefusesMembersThatDoNotFit(@TempDir Path dir) throws IOException {
        Files.writeString(root.resolve(EnsembleModel.FILE), "{\"members\": [\"a\", \"b\"]}");
        try (DecoderModel m = DecoderModel.load(root, kernels)) {
            assertThat(m).isInstanceOf(EnsembleModel.class);
            assertThat(m.config().numLayers()).isEqualTo(A.numLayers() + B.numLayers());
            assertThat(m.weightDtype()).isEqualTo("F32");
            assertThat(m.networkConfigs()).extracting(LlamaConfig::numLayers).containsExactly(A.numLayers(), B.numLayers());
        } finally {
            Files.delete(root.resolve(EnsembleModel.FILE));
        }
        try (DecoderModel m = DecoderModel.load(root.resolve("a"), kernels)) {
            assertThat(m).isInstanceOf(LlamaModel.class);
            assertThat(m.networkConfigs()).containsExactly(m.config());
        }

        LlamaConfig otherVocab = new LlamaConfig("llama", 64, 96, 2, 4, 2, 16, 1e-5f, 10000f, 320, 128, false, false, -1, STOP);
        RandomModelWriter.write(dir.resolve("c"), otherVocab, DType.F32, 0.3, 23, 0);
        LlamaConfig otherKv = new LlamaConfig("llama", 64, 96, 2, 4, 4, 16, 1e-5f, 10000f, VOCAB, 128, false, false, -1, STOP);
        RandomModelWriter.write(dir.resolve("d"), otherKv, DType.F32, 0.3, 24, 0);
        RandomModelWriter.write(dir.resolve("a"), A, DType.F32, 0.3, 21, 0);
        for (String[] members : new String[][] {{"a", "c"}, {"a", "d"}}) {
            Files.writeString(dir.resolve(EnsembleModel.FILE), "{\"members\": [\"" + members[0] + "\", \"" + members[1] + "\"]}");
            assertThatThrownBy(() -> DecoderModel.load(dir, kernels)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(members[1].equals("c") ? "vocab_size 320" : "num_key_value_heads 4");
        }
        for (String bad : new String[] {"{}", "{\"members\": []}", "{\"members\": [\"../a\"]}", "{\"members\": [\"nowhere\"]}", "not json"}) {
            Files.writeString(dir.resolve(EnsembleModel.FILE), bad);
            assertThatThrownBy(() -> DecoderModel.load(dir, kernels)).as(bad).isInstanceOf(IOException.class);
        }
    }
}
