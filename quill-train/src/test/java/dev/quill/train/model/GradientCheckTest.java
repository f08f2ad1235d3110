package dev.quill.train.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quill.core.kernels.WorkerPool;
import dev.quill.core.model.LlamaConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Finite differences against the analytic backward pass, for every parameter tensor of a tiny
 * model (two layers, grouped-query attention, sequences of different lengths in one batch).
 */
class GradientCheckTest {
    private static final WorkerPool POOL = new WorkerPool(2);

    @AfterAll
    static void close() {
        POOL.close();
    }

    static TrainableLlama tinyModel(long seed) {
        LlamaConfig config = LlamaConfig.llama(16, 24, 2, 4, 2, 40, 32, true);
        TrainableLlama model = new TrainableLlama(config, POOL);
        model.initialize(seed);
        // larger weights than the real initialisation, so every path carries a visible gradient
        SplittableRandom rnd = new SplittableRandom(seed + 1);
        for (Parameter p : model.parameters()) {
            for (int i = 0; i < p.value.length; i++) {
                p.value[i] = p.shape.length == 1 ? (float) (1 + 0.3 * (rnd.nextDouble() - 0.5)) : p.value[i] * 15;
            }
        }
        return model;
    }

    static TrainingBatch batch(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<int[]> examples = new ArrayList<>();
        List<Integer> lossFrom = new ArrayList<>();
        for (int len : new int[] {7, 3, 11}) {
            int[] e = new int[len];
            for (int i = 0; i < len; i++) e[i] = rnd.nextInt(40);
            examples.add(e);
            lossFrom.add(Math.max(1, len / 2));
        }
        return TrainingBatch.of(examples, lossFrom);
    }

    @Test
    void everyParameterTensorMatchesFiniteDifferences() {
        TrainableLlama model = tinyModel(7);
        TrainingBatch b = batch(11);
        model.zeroGrad();
        model.forward(b);
        model.backward();
        SplittableRandom rnd = new SplittableRandom(3);
        float eps = 1e-2f;
        for (Parameter p : model.parameters()) {
            int largest = 0;
            for (int i = 1; i < p.grad.length; i++) if (Math.abs(p.grad[i]) > Math.abs(p.grad[largest])) largest = i;
            int[] coords = {largest, rnd.nextInt(p.size()), rnd.nextInt(p.size()), rnd.nextInt(p.size())};
            assertThat(Math.abs(p.grad[largest])).as(p.name + " has a nonzero gradient").isGreaterThan(1e-5f);
            for (int i : coords) {
                float saved = p.value[i];
                p.value[i] = saved + eps;
                double up = model.forward(b);
                p.value[i] = saved - eps;
                double down = model.forward(b);
                p.value[i] = saved;
                double numeric = (up - down) / (2 * eps);
                assertThat((double) p.grad[i])
                        .as("%s[%d]", p.name, i)
                        .isCloseTo(numeric, org.assertj.core.data.Offset.offset(2e-4 + 0.03 * Math.abs(numeric)));
            }
        }
    }

    @Test
    void lossIsTakenOnTargetRowsOnly() {
        TrainingBatch b = TrainingBatch.of(List.of(new int[] {5, 6, 7, 8}), List.of(2));
        // row 1 predicts token 7, row 2 predicts 8; rows 0 and 3 carry no loss
        assertThat(b.targets()).containsExactly(-1, 7, 8, -1);
        assertThat(b.positions()).containsExactly(0, 1, 2, 3);
    }
}
