package dev.quill.train.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quill.core.kernels.WorkerPool;
import dev.quill.core.model.LlamaConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    private static final WorkerPool POOL = new WorkerPool(2);

    @AfterAll
    static void close() {
        POOL.close();
    }

    private static ExampleSet examples(int n, long seed) {
        ExampleSet set = new ExampleSet();
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int len = 6 + rnd.nextInt(10);
            int[] e = new int[len];
            for (int j = 0; j < len; j++) e[j] = rnd.nextInt(30);
            set.addTokens(e, len / 2);
        }
        return set;
    }

    private static TrainableLlama model() {
        TrainableLlama m = new TrainableLlama(LlamaConfig.llama(32, 64, 2, 4, 2, 30, 32, true), POOL);
        m.initialize(5);
        return m;
    }

    private static Trainer.Options options(long steps) {
        return new Trainer.Options(steps, 3e-3, 2, 0.1, 0.01, 1.0, 1000, 0, 1000);
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    @Test
    void learnsToReproduceASmallSet() throws Exception {
        ExampleSet set = examples(4, 1);
        TrainableLlama m = model();
        BatchSampler sampler = new BatchSampler(set, 64, 1);
        Trainer.Result r = new Trainer(m, sampler, List.of(), new Trainer.Options(150, 1e-2, 10, 0.1, 0.0, 1.0, 1000, 0, 1000),
                null, null, quiet()).run(0);
        // random guessing over 30 tokens costs ln 30 = 3.4 nats
        assertThat(r.lastLoss()).isLessThan(0.3);
    }

    @Test
    void resumingFromACheckpointGivesTheSameWeightsAsOneRun(@TempDir Path dir) throws Exception {
        ExampleSet set = examples(40, 2);
        TrainableLlama straight = model();
        new Trainer(straight, new BatchSampler(set, 48, 3), List.of(), options(6), null, null, quiet()).run(0);

        TrainableLlama first = model();
        BatchSampler s1 = new BatchSampler(set, 48, 3);
        Path ckpt = dir.resolve("checkpoint");
        new Trainer(first, s1, List.of(), new Trainer.Options(6, 3e-3, 2, 0.1, 0.01, 1.0, 1000, 0, 3), ckpt, null, quiet())
                .runUntil(0, 3);
        TrainableLlama resumed = new TrainableLlama(first.config(), POOL);
        Checkpoint.Position p = Checkpoint.load(ckpt, resumed);
        assertThat(p.step()).isEqualTo(3);
        BatchSampler s2 = new BatchSampler(set, 48, 3);
        s2.seek(p.epoch(), p.cursor());
        new Trainer(resumed, s2, List.of(), options(6), null, null, quiet()).run(p.step());

        for (int i = 0; i < straight.parameters().size(); i++) {
            assertThat(resumed.parameters().get(i).value())
                    .as(straight.parameters().get(i).name())
                    .containsExactly(straight.parameters().get(i).value());
        }
    }
}
