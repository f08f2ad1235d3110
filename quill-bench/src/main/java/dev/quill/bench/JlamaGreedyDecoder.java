package dev.quill.bench;

import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.tensor.AbstractTensor;
import com.github.tjake.jlama.tensor.KvBufferCache;
import com.github.tjake.jlama.util.PhysicalCoreExecutor;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * Jlama 0.8.4 driven with token ids, mirroring what its {@code AbstractModel.generate} does
 * without the tokenizer: the prompt in one {@code batchForward}, then one {@code forward} per
 * token, each followed by its greedy {@code sample} (temperature 0 is an argmax over the
 * logits). Activations stay F32 (working memory and working quantization type both F32), so
 * nothing is quantized that quill keeps in full precision.
 *
 * <p>Run it with {@code -Djlama.force_panama_tensor_operations=true}: Jlama's bundled native
 * operations compute wrong results on some shapes (shared/research/limits.md); its pure-Java
 * Vector API path does not. This module does not ship jlama-native, so Panama is also the
 * fallback, but the flag makes the choice explicit.
 */
final class JlamaGreedyDecoder implements AutoCloseable {
    private final AbstractModel model;
    private final KvBufferCache kvCache;

    JlamaGreedyDecoder(Path dir, int threads) {
        useThreads(threads);
        model = ModelSupport.loadModel(dir.toFile(), DType.F32, DType.F32);
        kvCache = new KvBufferCache(model);
    }

    /** Jlama's executor is a JVM-wide singleton whose size can be set only before its first use. */
    private static int configuredThreads;

    private static synchronized void useThreads(int threads) {
        if (configuredThreads == 0) {
            PhysicalCoreExecutor.overrideThreadCount(threads);
            configuredThreads = threads;
        } else if (configuredThreads != threads) {
            throw new IllegalStateException("Jlama already runs on " + configuredThreads + " threads in this JVM, not " + threads);
        }
    }

    String tensorOperations() {
        return com.github.tjake.jlama.tensor.operations.TensorOperationsProvider.get().name();
    }

    DecodeRun generate(int[] prompt, int newTokens) {
        int[] out = new int[newTokens];
        try (KvBufferCache.KvBuffer kv = kvCache.getKvBuffer(UUID.randomUUID());
                AbstractTensor logits = model.makeDenseTensor(model.getConfig().vocabularySize)) {
            long t0 = System.nanoTime();
            AbstractTensor prefilled = model.batchForward(prompt, 0, kv);
            // Sampling the first token counts as decode, as in quill's Generator.
            long t1 = System.nanoTime();
            int next;
            try (prefilled; AbstractTensor last = prefilled.slice(prefilled.shape().first() - 1)) {
                next = model.sample(last, 0f, 0f, logits);
            }
            out[0] = next;
            for (int i = 1; i < newTokens; i++) {
                try (AbstractTensor hidden = model.forward(next, prompt.length + i - 1, kv, Optional.empty())) {
                    next = model.sample(hidden, 0f, 0f, logits);
                }
                kv.incrementContextPosition();
                out[i] = next;
            }
            long t2 = System.nanoTime();
            return new DecodeRun(out, t1 - t0, t2 - t1);
        }
    }

    @Override
    public void close() {
        kvCache.close();
        model.close();
    }
}
