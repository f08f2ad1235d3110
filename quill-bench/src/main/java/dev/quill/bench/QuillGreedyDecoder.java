package dev.quill.bench;

import dev.quill.core.generate.Generator;
import dev.quill.core.generate.SamplingParams;
import dev.quill.core.kernels.VectorKernels;
import dev.quill.core.kernels.WorkerPool;
import dev.quill.core.kv.KvCache;
import dev.quill.core.model.LlamaModel;
import java.io.IOException;
import java.nio.file.Path;

/** quill's single-request path ({@link Generator}, greedy, no stop token) on a model directory. */
final class QuillGreedyDecoder implements AutoCloseable {
    private static final int KV_BLOCK_SIZE = 16;

    private final WorkerPool pool;
    private final LlamaModel model;
    private final Generator generator;

    QuillGreedyDecoder(Path dir, int threads) throws IOException {
        pool = new WorkerPool(threads);
        model = LlamaModel.load(dir, new VectorKernels(pool));
        int blocks = Math.ceilDiv(model.config().maxPositionEmbeddings(), KV_BLOCK_SIZE);
        generator = new Generator(model, new KvCache(model.config(), blocks, KV_BLOCK_SIZE));
    }

    LlamaModel model() {
        return model;
    }

    DecodeRun generate(int[] prompt, int newTokens) {
        Generator.Result r = generator.generate(prompt, SamplingParams.greedy(), newTokens,
                model.config().vocabSize(), -1, token -> {});
        return new DecodeRun(r.tokens(), r.prefillNanos(), r.decodeNanos());
    }

    @Override
    public void close() {
        model.close();
        pool.close();
    }
}
