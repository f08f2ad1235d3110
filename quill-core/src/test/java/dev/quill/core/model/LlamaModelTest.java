package dev.quill.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.quill.core.generate.Sampler;
import dev.quill.core.kernels.Kernels;
import dev.quill.core.kernels.ScalarKernels;
import dev.quill.core.kernels.VectorKernels;
import dev.quill.core.kernels.WorkerPool;
import dev.quill.core.kv.BlockPool;
import dev.quill.core.kv.KvCache;
import dev.quill.core.kv.SequenceBlocks;
import dev.quill.core.safetensors.ModelFormatException;
import dev.quill.core.safetensors.SafeTensorsWriter;
import dev.quill.core.tensor.DType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlamaModelTest {
    static final WorkerPool POOL = new WorkerPool(2);
    static final Kernels FAST = new VectorKernels(POOL);

    @AfterAll
    static void closePool() {
        POOL.close();
    }

    static LlamaConfig tinyConfig(boolean qwenBias) {
        LlamaConfig base = LlamaConfig.llama(64, 96, 2, 4, 2, 300, 128, false);
        return new LlamaConfig(qwenBias ? "qwen2" : "llama", 64, 96, 2, 4, 2, 16, 1e-5f, 10000f, 300, 128, false,
                qwenBias, -1, -1);
    }

    static int[] randomTokens(Random rnd, int n, int vocab) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) t[i] = rnd.nextInt(vocab);
        return t;
    }

    /** One sequence alone: prefill the prompt in one pass, then greedy-decode; the logits after each step. */
    static List<float[]> solo(LlamaModel model, int[] prompt, int decodeSteps) {
        return feed(model, prompt, decodeSteps, (step, logits) -> Sampler.argmax(logits, 0, model.config().vocabSize()));
    }

    /** The token a sequence is fed after pass {@code step}, given that pass's scores. */
    interface NextToken {
        int after(int step, float[] scores);
    }

    /** One sequence alone: the prompt in one pass, then {@code steps} tokens one at a time; the scores after each pass. */
    static List<float[]> feed(DecoderModel model, int[] prompt, int steps, NextToken next) {
        KvCache kv = new KvCache(model.config(), 32, 16);
        SequenceBlocks blocks = new SequenceBlocks(new BlockPool(kv.numBlocks()), kv.blockSize());
        List<float[]> out = new ArrayList<>();
        int[] tokens = prompt;
        int start = 0;
        for (int step = 0; step <= steps; step++) {
            assertThat(blocks.ensureCapacity(start + tokens.length)).isTrue();
            int[] pos = new int[tokens.length];
            int[][] tables = new int[tokens.length][];
            for (int i = 0; i < tokens.length; i++) {
                pos[i] = start + i;
                tables[i] = blocks.table();
            }
            float[] scores = model.forward(new ForwardBatch(tokens, pos, tables, new int[] {tokens.length - 1}), kv);
            out.add(scores);
            start += tokens.length;
            tokens = new int[] {next.after(step, scores)};
        }
        return out;
    }

    /** A sequence in the hand-rolled continuous batch below. */
    static final class Running {
        final int[] prompt;
        final int joinStep;
        final SequenceBlocks blocks;
        final List<float[]> logits = new ArrayList<>();
        int done; // prompt tokens fed so far
        int next = -1; // token to decode next

        Running(int[] prompt, int joinStep, BlockPool pool, int blockSize) {
            this.prompt = prompt;
            this.joinStep = joinStep;
            this.blocks = new SequenceBlocks(pool, blockSize);
        }
    }

    @Test
    void batchOfSequencesAtDifferentPositionsGivesTheSameLogitsAsEachAlone(@TempDir Path dir) throws IOException {
        for (boolean bias : new boolean[] {false, true}) {
            Path modelDir = dir.resolve(bias ? "qwen" : "llama");
            RandomModelWriter.write(modelDir, tinyConfig(bias), DType.F32, 0.2, 42, 0);
            try (LlamaModel model = LlamaModel.load(modelDir, FAST)) {
                Random rnd = new Random(1);
                int decodeSteps = 6;
                int[][] prompts = {randomTokens(rnd, 5, 300), randomTokens(rnd, 21, 300), randomTokens(rnd, 40, 300)};
                int[] joinAt = {0, 1, 3};
                KvCache kv = new KvCache(model.config(), 64, 16);
                BlockPool pool = new BlockPool(kv.numBlocks());
                List<Running> seqs = new ArrayList<>();
                for (int s = 0; s < prompts.length; s++) seqs.add(new Running(prompts[s], joinAt[s], pool, 16));
                int chunk = 8; // prompts are prefilled 8 tokens a step, beside others' decode rows
                for (int step = 0; step < 30; step++) {
                    List<Integer> tokens = new ArrayList<>();
                    List<Integer> positions = new ArrayList<>();
                    List<int[]> tables = new ArrayList<>();
                    List<Integer> logitRows = new ArrayList<>();
                    List<Running> wanting = new ArrayList<>();
                    for (Running r : seqs) {
                        if (step < r.joinStep || r.logits.size() > decodeSteps) continue;
                        int n;
                        int start;
                        if (r.done < r.prompt.length) {
                            n = Math.min(chunk, r.prompt.length - r.done);
                            start = r.done;
                        } else {
                            n = 1;
                            start = r.prompt.length + r.logits.size() - 1;
                        }
                        assertThat(r.blocks.ensureCapacity(start + n)).isTrue();
                        for (int i = 0; i < n; i++) {
                            tokens.add(r.done < r.prompt.length ? r.prompt[r.done + i] : r.next);
                            positions.add(start + i);
                            tables.add(r.blocks.table());
                        }
                        boolean emits = r.done >= r.prompt.length || r.done + n == r.prompt.length;
                        if (r.done < r.prompt.length) r.done += n;
                        if (emits) {
                            logitRows.add(tokens.size() - 1);
                            wanting.add(r);
                        }
                    }
                    if (tokens.isEmpty()) break;
                    float[] logits = model.forward(new ForwardBatch(
                            tokens.stream().mapToInt(Integer::intValue).toArray(),
                            positions.stream().mapToInt(Integer::intValue).toArray(),
                            tables.toArray(int[][]::new),
                            logitRows.stream().mapToInt(Integer::intValue).toArray()), kv);
                    int v = model.config().vocabSize();
                    for (int i = 0; i < wanting.size(); i++) {
                        float[] row = java.util.Arrays.copyOfRange(logits, i * v, (i + 1) * v);
                        Running r = wanting.get(i);
                        r.logits.add(row);
                        r.next = Sampler.argmax(row, 0, v);
                    }
                }
                for (int s = 0; s < prompts.length; s++) {
                    List<float[]> expected = solo(model, prompts[s], decodeSteps);
                    List<float[]> actual = seqs.get(s).logits;
                    assertThat(actual).hasSize(expected.size());
                    for (int step = 0; step < expected.size(); step++) {
                        float[] e = expected.get(step);
                        float[] a = actual.get(step);
                        for (int i = 0; i < e.length; i++) {
                            assertThat(a[i]).as("seq %d step %d logit %d", s, step, i).isCloseTo(e[i], within(1e-4f));
                        }
                        assertThat(Sampler.argmax(a, 0, a.length)).isEqualTo(Sampler.argmax(e, 0, e.length));
                    }
                }
            }
        }
    }

    @Test
    void vectorKernelsGiveTheReferenceLogits(@TempDir Path dir) throws IOException {
        RandomModelWriter.write(dir, tinyConfig(true), DType.F32, 0.2, 3, 0);
        int[] prompt = randomTokens(new Random(5), 19, 300);
        try (LlamaModel fast = LlamaModel.load(dir, FAST); LlamaModel ref = LlamaModel.load(dir, new ScalarKernels())) {
            List<float[]> a = solo(fast, prompt, 4);
            List<float[]> e = solo(ref, prompt, 4);
            for (int s = 0; s < e.size(); s++) {
                for (int i = 0; i < e.get(s).length; i++) {
                    assertThat(a.get(s)[i]).isCloseTo(e.get(s)[i], within(1e-4f));
                }
            }
        }
    }

    @Test
    void halfPrecisionAndShardedCheckpointsLoadAndAgreeWithF32(@TempDir Path dir) throws IOException {
        LlamaConfig c = tinyConfig(false);
        RandomModelWriter.write(dir.resolve("f32"), c, DType.F32, 0.2, 9, 0);
        RandomModelWriter.write(dir.resolve("bf16"), c, DType.BF16, 0.2, 9, 0);
        RandomModelWriter.write(dir.resolve("f16"), c, DType.F16, 0.2, 9, 0);
        RandomModelWriter.write(dir.resolve("sharded"), c, DType.F32, 0.2, 9, 60_000);
        assertThat(dir.resolve("sharded/model.safetensors.index.json")).exists();
        int[] prompt = randomTokens(new Random(2), 12, 300);
        float[] f32;
        try (LlamaModel m = LlamaModel.load(dir.resolve("f32"), FAST)) {
            f32 = solo(m, prompt, 0).get(0);
        }
        try (LlamaModel m = LlamaModel.load(dir.resolve("sharded"), FAST)) {
            assertThat(solo(m, prompt, 0).get(0)).containsExactly(f32);
        }
        for (String half : new String[] {"bf16", "f16"}) {
            try (LlamaModel m = LlamaModel.load(dir.resolve(half), FAST)) {
                float[] got = solo(m, prompt, 0).get(0);
                double maxAbs = 0;
                for (float v : f32) maxAbs = Math.max(maxAbs, Math.abs(v));
                for (int i = 0; i < f32.length; i++) {
                    // rounding the weights to 8 (bf16) or 11 (f16) mantissa bits moves the logits a little, not a lot
                    assertThat(got[i]).as(half + " logit " + i).isCloseTo(f32[i], within((float) (0.1 * maxAbs)));
                }
            }
        }
    }

    @Test
    void missingTensorIsNamedWithItsFiles(@TempDir Path dir) throws IOException {
        LlamaConfig c = tinyConfig(false);
        RandomModelWriter.write(dir, c, DType.F32, 0.02, 1, 0);
        // the same config, but the file lacks layer 1's up_proj
        Path broken = dir.resolve("broken");
        Files.createDirectories(broken);
        c.save(broken.resolve("config.json"));
        SafeTensorsWriter w = new SafeTensorsWriter();
        try (var st = dev.quill.core.safetensors.SafeTensors.open(dir)) {
            for (String name : st.names()) {
                if (name.equals("model.layers.1.mlp.up_proj.weight")) continue;
                var t = st.tensor(name);
                w.put(name, t.dtype(), t.shape(), t.toFloatArray());
            }
        }
        w.write(broken.resolve("model.safetensors"));
        assertThatThrownBy(() -> LlamaModel.load(broken, FAST))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("model.layers.1.mlp.up_proj.weight")
                .hasMessageContaining("model.safetensors");
    }

    @Test
    void wrongShapeIsNamedWithTensorFileAndBothShapes(@TempDir Path dir) throws IOException {
        LlamaConfig c = tinyConfig(false);
        RandomModelWriter.write(dir, c, DType.F32, 0.02, 1, 0);
        // claim a wider MLP than the file holds
        new LlamaConfig("llama", 64, 128, 2, 4, 2, 16, 1e-5f, 10000f, 300, 128, false, false, -1, -1)
                .save(dir.resolve("config.json"));
        assertThatThrownBy(() -> LlamaModel.load(dir, FAST))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("model.layers.0.mlp.gate_proj.weight")
                .hasMessageContaining("model.safetensors")
                .hasMessageContaining("[96, 64]")
                .hasMessageContaining("[128, 64]");
    }

    @Test
    void missingConfigSaysWhatADirectoryNeeds(@TempDir Path dir) {
        assertThatThrownBy(() -> LlamaModel.load(dir, FAST))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("config.json");
    }

    @Test
    void configRoundTripsThroughJson(@TempDir Path dir) throws IOException {
        LlamaConfig c = tinyConfig(true).withSpecialTokens(1, 2);
        c.save(dir.resolve("config.json"));
        assertThat(LlamaConfig.load(dir.resolve("config.json"))).isEqualTo(c);
    }
}
