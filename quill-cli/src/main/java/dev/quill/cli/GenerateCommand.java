package dev.quill.cli;

import dev.quill.core.generate.Generator;
import dev.quill.core.generate.SamplingParams;
import dev.quill.core.generate.TutorPrompt;
import dev.quill.core.kernels.Kernels;
import dev.quill.core.kernels.ScalarKernels;
import dev.quill.core.kernels.VectorKernels;
import dev.quill.core.kernels.WorkerPool;
import dev.quill.core.kv.KvCache;
import dev.quill.core.model.DecoderModel;
import dev.quill.core.model.LlamaConfig;
import dev.quill.core.model.RandomModelWriter;
import dev.quill.core.tensor.DType;
import dev.quill.core.tokenizer.BpeTokenizer;
import dev.quill.core.tokenizer.StreamingDecoder;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `quill generate`: one prompt through the model, tokens printed as they are decoded. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = {
            "Runs --prompt through a model directory (Hugging Face layout), printing tokens as they come.",
            "With a tutor model (its tokenizer has <|correct|>) the prompt is a sentence and the output its",
            "correction; --raw continues the text instead. Greedy unless --temperature is above 0."
        })
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--model", description = "Model directory (default: the bundled models/quill-tutor).")
    Path model;

    @Option(names = "--prompt", required = true, description = "The text to continue.")
    String prompt;

    @Option(names = "--max-tokens", defaultValue = "64", description = "Most tokens to generate (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--temperature", defaultValue = "0", description = "0 for greedy (default: ${DEFAULT-VALUE}).")
    float temperature;

    @Option(names = "--top-k", defaultValue = "0", description = "Sample among the k most likely tokens; 0 = all (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--top-p", defaultValue = "1", description = "Nucleus sampling threshold (default: ${DEFAULT-VALUE}).")
    float topP;

    @Option(names = "--seed", defaultValue = "0", description = "Sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--raw", description = "Continue the prompt as plain text instead of correcting it.")
    boolean raw;

    @Option(names = "--threads", description = "Kernel threads (default: one per core).")
    Integer threads;

    @Option(names = "--kernels", defaultValue = "vector", description = "vector or scalar (the reference) (default: ${DEFAULT-VALUE}).")
    String kernelsName;

    @Override
    public Integer call() throws Exception {
        if (maxTokens < 1) throw new IllegalArgumentException("--max-tokens must be at least 1, got " + maxTokens);
        SamplingParams sampling = new SamplingParams(temperature, topK, topP, seed);
        Path dir = model != null ? model : defaultModel();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (WorkerPool pool = new WorkerPool(threads != null ? threads : Runtime.getRuntime().availableProcessors())) {
            Kernels kernels = switch (kernelsName) {
                case "vector" -> new VectorKernels(pool);
                case "scalar" -> new ScalarKernels();
                default -> throw new IllegalArgumentException("--kernels must be vector or scalar, got " + kernelsName);
            };
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("--model: no such directory: " + dir);
            }
            Path tokenizerFile = dir.resolve("tokenizer.json");
            if (!Files.isRegularFile(tokenizerFile)) {
                throw new IllegalArgumentException("no tokenizer.json in " + dir);
            }
            BpeTokenizer tokenizer = BpeTokenizer.load(tokenizerFile);
            try (DecoderModel m = DecoderModel.load(dir, kernels)) {
                LlamaConfig c = m.config();
                if (prompt.isBlank()) throw new IllegalArgumentException("--prompt is empty");
                boolean tutor = !raw && tokenizer.findSpecialTokenId(TutorPrompt.CORRECT).isPresent();
                int[] ids = tutor ? TutorPrompt.prompt(tokenizer, prompt) : tokenizer.encode(prompt);
                int positions = (int) Math.min(c.maxPositionEmbeddings(), (long) ids.length + maxTokens); // long: --max-tokens may be near 2^31
                KvCache kv = new KvCache(c, (positions + 15) / 16, 16);
                int eos = c.eosTokenId() >= 0 ? c.eosTokenId() : tokenizer.findSpecialTokenId("<|eos|>").orElse(-1);
                StreamingDecoder decoder = tokenizer.streamingDecoder();
                Generator.Result r = new Generator(m, kv).generate(ids, sampling, maxTokens,
                        Math.min(tokenizer.vocabSize(), c.vocabSize()), eos, t -> {
                            if (t != eos) out.print(decoder.accept(t));
                        });
                out.println(decoder.flush());
                double decodeTokens = Math.max(1, r.tokens().length - 1);
                System.err.printf("[%d prompt tokens, %d generated (%s); prefill %.1f ms, decode %.1f tok/s]%n",
                        ids.length, r.tokens().length, r.finishReason().name().toLowerCase(), r.prefillNanos() / 1e6,
                        r.tokens().length > 1 ? decodeTokens / (r.decodeNanos() / 1e9) : 0.0);
            }
        }
        return 0;
    }

    /** The bundled model; until one is trained, a small random one generated on first use. */
    static Path defaultModel() throws Exception {
        Path home = Path.of(System.getProperty("quill.home", "."));
        Path bundled = home.resolve("models/quill-tutor");
        if (DecoderModel.isModelDirectory(bundled)) return bundled;
        Path generated = home.resolve("build/models/random-small");
        if (!Files.isRegularFile(generated.resolve("config.json"))) {
            System.err.println("quill: no trained model is bundled yet; writing a small random-weight model to " + generated);
            RandomModelWriter.writeDirectory(generated, LlamaConfig.llama(256, 704, 4, 4, 4, 4096, 512, false),
                    DType.F32, 0.02, 1, 0, null);
        }
        System.err.println("quill: using the random-weight model at " + generated + " (its output is noise until a trained model ships)");
        return generated;
    }
}
