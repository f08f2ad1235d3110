package dev.quill.cli;

import static dev.quill.cli.OptionChecks.require;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quill.core.kernels.WorkerPool;
import dev.quill.core.model.LlamaConfig;
import dev.quill.core.model.RandomModelWriter;
import dev.quill.core.tensor.DType;
import dev.quill.core.tokenizer.BpeTokenizer;
import dev.quill.core.tokenizer.BpeTrainer;
import dev.quill.train.model.BatchSampler;
import dev.quill.train.model.Checkpoint;
import dev.quill.train.model.ExampleSet;
import dev.quill.train.model.ModelExport;
import dev.quill.train.model.TrainableLlama;
import dev.quill.train.model.Trainer;
import dev.quill.train.model.TrainingBatch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `quill train`: trains the tutor model on prepared pairs, with checkpoints, and exports it. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Trains the grammar-correction model on the pairs `quill prepare-data` wrote, from a fresh",
            "initialisation or (--resume) from the run's last checkpoint, then exports it as a model",
            "directory. The tokenizer is trained on the training sentences first unless the run has one."
        })
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--data", defaultValue = "build/data", description = "Prepared data directory (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--run", defaultValue = "build/train/tutor",
            description = "Run directory: tokenizer, checkpoint and log (default: ${DEFAULT-VALUE}).")
    Path run;

    @Option(names = "--export", description = "Where to write the trained model directory (default: RUN/model).")
    Path export;

    @Option(names = "--resume", description = "Continue from the run's checkpoint (the same options are required).")
    boolean resume;

    @Option(names = "--export-only",
            description = "Export the run's checkpoint as a model directory without training (with --resume).")
    boolean exportOnly;

    @Option(names = "--steps", defaultValue = "3000", description = "Optimizer steps (default: ${DEFAULT-VALUE}).")
    long steps;

    @Option(names = "--batch-tokens", defaultValue = "4096", description = "Tokens per batch (default: ${DEFAULT-VALUE}).")
    int batchTokens;

    @Option(names = "--lr", defaultValue = "2e-3", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--warmup", defaultValue = "150", description = "Warm-up steps (default: ${DEFAULT-VALUE}).")
    long warmup;

    @Option(names = "--weight-decay", defaultValue = "0.1", description = "AdamW weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--clip", defaultValue = "1.0", description = "Global gradient-norm clip, positive (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--vocab", defaultValue = "4096", description = "Tokenizer vocabulary (default: ${DEFAULT-VALUE}).")
    int vocab;

    @Option(names = "--hidden", defaultValue = "256", description = "Hidden size (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--intermediate", defaultValue = "768", description = "MLP size (default: ${DEFAULT-VALUE}).")
    int intermediate;

    @Option(names = "--layers", defaultValue = "6", description = "Decoder layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--heads", defaultValue = "8", description = "Attention heads (default: ${DEFAULT-VALUE}).")
    int heads;

    @Option(names = "--kv-heads", defaultValue = "4", description = "Key/value heads (default: ${DEFAULT-VALUE}).")
    int kvHeads;

    @Option(names = "--max-len", defaultValue = "128", description = "Longest example in tokens; longer pairs are skipped (default: ${DEFAULT-VALUE}).")
    int maxLength;

    @Option(names = "--lt-copies", defaultValue = "3", description = "How often each LanguageTool real pair is repeated per epoch (default: ${DEFAULT-VALUE}).")
    int ltCopies;

    @Option(names = "--limit", defaultValue = "0", description = "Read at most this many training pairs; 0 = all (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--seed", defaultValue = "1", description = "Initialisation and data-order seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", description = "Kernel threads (default: one per core).")
    Integer threads;

    @Option(names = "--dtype", defaultValue = "bf16", description = "Exported weight type, f32 or bf16 (default: ${DEFAULT-VALUE}).")
    String dtype;

    @Option(names = "--checkpoint-every", defaultValue = "100", description = "Steps between checkpoints (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--eval-every", defaultValue = "250", description = "Steps between dev-loss evaluations (default: ${DEFAULT-VALUE}).")
    int evalEvery;

    @Override
    public Integer call() throws Exception {
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        DType exportType = switch (dtype.toLowerCase(Locale.ROOT)) {
            case "f32" -> DType.F32;
            case "bf16" -> DType.BF16;
            default -> throw new IllegalArgumentException("--dtype must be f32 or bf16, got " + dtype);
        };
        Trainer.Options options = checkOptions();
        Path trainFile = data.resolve("train.tsv");
        if (!Files.isRegularFile(trainFile)) {
            throw new IllegalArgumentException("no " + trainFile + "; run `bin/quill prepare-data` first");
        }
        if (Files.exists(run) && !Files.isDirectory(run)) {
            throw new IllegalArgumentException("--run: " + run + " is not a directory");
        }
        Path checkpoint = run.resolve("checkpoint");
        if (!resume && Checkpoint.exists(checkpoint)) {
            throw new IllegalArgumentException(run + " already has a checkpoint; pass --resume to continue it, or choose another --run");
        }
        if (resume && !Checkpoint.exists(checkpoint)) {
            throw new IllegalArgumentException("--resume: no checkpoint in " + checkpoint);
        }
        Files.createDirectories(run);
        long t0 = System.nanoTime();
        BpeTokenizer tokenizer = tokenizer(err);
        LlamaConfig config = LlamaConfig.llama(hidden, intermediate, layers, heads, kvHeads, tokenizer.vocabSize(), maxLength, true)
                .withSpecialTokens(-1, tokenizer.specialTokenId("<|eos|>"));

        ExampleSet train = new ExampleSet();
        train.addTsv(trainFile, tokenizer, maxLength, 1, limit);
        Path ltTrain = data.resolve("lt-train.tsv");
        int synthetic = train.size();
        if (Files.isRegularFile(ltTrain) && ltCopies > 0) train.addTsv(ltTrain, tokenizer, maxLength, ltCopies, 0);
        err.printf("train: %d synthetic + %d LanguageTool examples (x%d), %d tokens, %d skipped as longer than %d tokens (%.1f s)%n",
                synthetic, (train.size() - synthetic) / Math.max(1, ltCopies), ltCopies, train.tokenCount(),
                train.skippedTooLong(), maxLength, (System.nanoTime() - t0) / 1e9);
        ExampleSet devSet = devExamples(tokenizer);
        List<TrainingBatch> dev = devBatches(devSet);

        ObjectNode runInfo = new ObjectMapper().createObjectNode();
        runInfo.put("command", "quill train " + String.join(" ", describe()));
        try (WorkerPool pool = new WorkerPool(threads != null ? threads : Runtime.getRuntime().availableProcessors())) {
            TrainableLlama model = new TrainableLlama(config, pool);
            BatchSampler sampler = new BatchSampler(train, batchTokens, seed);
            long start = 0;
            if (resume) {
                Checkpoint.Position p = Checkpoint.load(checkpoint, model);
                sampler.seek(p.epoch(), p.cursor());
                start = p.step();
                err.printf("resuming %s at step %d (epoch %d, example %d)%n", checkpoint, start, p.epoch(), p.cursor());
            } else {
                model.initialize(seed);
            }
            err.printf("model: %d parameters (%s), %d layers, hidden %d, MLP %d, heads %d/%d, vocabulary %d%n",
                    model.parameterCount(), String.format("%.1fM", model.parameterCount() / 1e6), layers, hidden,
                    intermediate, heads, kvHeads, tokenizer.vocabSize());
            if (exportOnly) {
                Path out = export != null ? export : run.resolve("model");
                ModelExport.write(out, model, tokenizer, exportType);
                err.printf("exported the checkpoint at step %d to %s%n", start, out);
                return 0;
            }
            Trainer.Result result = new Trainer(model, sampler, dev, options, checkpoint, runInfo, err)
                    .withDevTargetBytes(devSet.targetBytes()).run(start);
            Path out = export != null ? export : run.resolve("model");
            ModelExport.write(out, model, tokenizer, exportType);
            err.printf("trained %d steps in %.1f min (%d tokens this session); final loss %.4f, dev loss %.4f; model written to %s%n",
                    result.steps(), result.seconds() / 60, result.tokens(), result.lastLoss(), result.devLoss(), out);
        }
        return 0;
    }

    /**
     * Every option checked, by name, before the run directory, the tokenizer or the data are
     * touched; the shape is checked as the model will be built (with --vocab standing for the
     * tokenizer's size, which is at most that).
     */
    private Trainer.Options checkOptions() {
        if (exportOnly && !resume) throw new IllegalArgumentException("--export-only needs --resume (it exports the run's checkpoint)");
        requireAtLeast("--steps", steps, 1);
        requireAtLeast("--batch-tokens", batchTokens, 1);
        requirePositiveFinite("--lr", learningRate);
        if (warmup < 0 || warmup > steps) throw new IllegalArgumentException("--warmup must lie in [0, --steps (" + steps + ")], got " + warmup);
        require(weightDecay >= 0 && Double.isFinite(weightDecay), "--weight-decay", weightDecay, "finite and not negative");
        requirePositiveFinite("--clip", clip);
        int minimumVocab = 256 + RandomModelWriter.SPECIAL_TOKENS.size();
        requireAtLeast("--vocab", vocab, minimumVocab);
        requireAtLeast("--hidden", hidden, 1);
        requireAtLeast("--intermediate", intermediate, 1);
        requireAtLeast("--layers", layers, 1);
        requireAtLeast("--heads", heads, 1);
        requireAtLeast("--kv-heads", kvHeads, 1);
        requireAtLeast("--max-len", maxLength, 2);
        requireAtLeast("--lt-copies", ltCopies, 0);
        requireAtLeast("--limit", limit, 0);
        if (threads != null) requireAtLeast("--threads", threads, 1);
        requireAtLeast("--checkpoint-every", checkpointEvery, 1);
        requireAtLeast("--eval-every", evalEvery, 1);
        if (hidden % heads != 0) throw new IllegalArgumentException("--hidden (" + hidden + ") must be a multiple of --heads (" + heads + ")");
        if (heads % kvHeads != 0) throw new IllegalArgumentException("--heads (" + heads + ") must be a multiple of --kv-heads (" + kvHeads + ")");
        try {
            LlamaConfig.llama(hidden, intermediate, layers, heads, kvHeads, vocab, maxLength, true);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the model shape (--hidden, --intermediate, --layers, --heads, --kv-heads, --vocab, --max-len): "
                    + e.getMessage(), e);
        }
        return new Trainer.Options(steps, learningRate, warmup, 0.1, weightDecay, clip, 10, evalEvery, checkpointEvery);
    }

    private static void requireAtLeast(String option, long value, long minimum) {
        require(value >= minimum, option, value, "at least " + minimum);
    }

    private static void requirePositiveFinite(String option, double value) {
        require(value > 0 && Double.isFinite(value), option, value, "a positive finite number");
    }

    private List<String> describe() {
        return List.of("--data", data.toString(), "--run", run.toString(), "--steps", Long.toString(steps), "--batch-tokens",
                Integer.toString(batchTokens), "--lr", Double.toString(learningRate), "--warmup", Long.toString(warmup),
                "--vocab", Integer.toString(vocab), "--hidden", Integer.toString(hidden), "--intermediate",
                Integer.toString(intermediate), "--layers", Integer.toString(layers), "--heads", Integer.toString(heads),
                "--kv-heads", Integer.toString(kvHeads), "--max-len", Integer.toString(maxLength), "--lt-copies",
                Integer.toString(ltCopies), "--seed", Long.toString(seed));
    }

    /** The run's tokenizer; trained on the training sentences and pair sources the first time. */
    private BpeTokenizer tokenizer(PrintStream err) throws IOException {
        Path file = run.resolve("tokenizer.json");
        if (Files.isRegularFile(file)) {
            BpeTokenizer t = BpeTokenizer.load(file);
            // A fresh run reuses a tokenizer only of the size asked for: one left by an earlier
            // run with another --vocab would silently change the model. (Resuming, the checkpoint
            // was trained with this tokenizer, whatever --vocab says.)
            if (!resume && t.vocabSize() != vocab) {
                throw new IllegalArgumentException(file + " has " + t.vocabSize() + " ids but --vocab is " + vocab
                        + ": delete it to train a new tokenizer, pass --vocab " + t.vocabSize() + " to use it, or choose another --run");
            }
            err.printf("tokenizer: %s (%d ids)%n", file, t.vocabSize());
            return t;
        }
        if (resume) throw new IllegalArgumentException("--resume: the run has a checkpoint but no tokenizer.json");
        long t0 = System.nanoTime();
        List<String> corpus = tokenizerCorpus();
        BpeTokenizer t = BpeTrainer.train(corpus, vocab, RandomModelWriter.SPECIAL_TOKENS);
        t.save(file);
        err.printf("tokenizer: trained %d ids on %d lines in %.1f s -> %s%n", t.vocabSize(), corpus.size(),
                (System.nanoTime() - t0) / 1e9, file);
        return t;
    }

    /** Clean training sentences plus the erroneous sides of training pairs, so that misspellings tokenize well too. */
    private List<String> tokenizerCorpus() throws IOException {
        List<String> lines = new ArrayList<>();
        Path sentences = data.resolve("sentences-train.txt");
        if (Files.isRegularFile(sentences)) lines.addAll(Files.readAllLines(sentences, StandardCharsets.UTF_8));
        try (BufferedReader in = Files.newBufferedReader(data.resolve("train.tsv"), StandardCharsets.UTF_8)) {
            in.readLine();
            String line;
            int n = 0;
            while ((line = in.readLine()) != null && n < 200_000) {
                int tab = line.indexOf('\t');
                if (tab > 0) lines.add(line.substring(0, tab));
                n++;
            }
        }
        return lines;
    }

    /** The first 2,000 dev pairs (none when the data has no dev split). */
    private ExampleSet devExamples(BpeTokenizer tokenizer) throws IOException {
        Path file = data.resolve("dev.tsv");
        ExampleSet dev = new ExampleSet();
        if (Files.isRegularFile(file)) dev.addTsv(file, tokenizer, maxLength, 1, 2000);
        return dev;
    }

    /** The dev examples in batches of about --batch-tokens, fixed for the whole run. */
    private List<TrainingBatch> devBatches(ExampleSet dev) {
        List<TrainingBatch> out = new ArrayList<>();
        List<int[]> pending = new ArrayList<>();
        List<Integer> from = new ArrayList<>();
        int tokens = 0;
        for (int i = 0; i < dev.size(); i++) {
            pending.add(dev.tokens(i));
            from.add(dev.lossFrom(i));
            tokens += dev.tokens(i).length;
            if (tokens >= batchTokens) {
                out.add(TrainingBatch.of(pending, from));
                pending = new ArrayList<>();
                from = new ArrayList<>();
                tokens = 0;
            }
        }
        if (!pending.isEmpty()) out.add(TrainingBatch.of(pending, from));
        return out;
    }
}
