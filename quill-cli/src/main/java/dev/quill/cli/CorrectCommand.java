package dev.quill.cli;

import dev.quill.core.engine.Completion;
import dev.quill.core.generate.SamplingParams;
import dev.quill.grammar.edits.Edit;
import dev.quill.server.Json;
import dev.quill.server.ServerConfig;
import dev.quill.server.ServerRunner;
import dev.quill.server.SettingSources;
import dev.quill.server.guard.InputNormalizer;
import dev.quill.server.tutor.Correction;
import dev.quill.server.tutor.Generation;
import dev.quill.retrieval.RuleRetriever;
import dev.quill.server.tutor.ExplainedEdit;
import dev.quill.server.tutor.StageObserver;
import dev.quill.server.tutor.Tutor;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code quill correct "He goed to school"}: the tutor in-process, through the same engine and pipeline as the server. */
@Command(
        name = "correct",
        mixinStandardHelpOptions = true,
        description = "Corrects one sentence in-process (no server) and prints the correction and its edits.")
final class CorrectCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SENTENCE", description = "The sentence to correct.")
    String sentence;

    @Option(names = "--model", paramLabel = "DIR", description = "Model directory (default: as quill serve).")
    String model;

    @Option(names = "--max-tokens", defaultValue = "128", description = "Most tokens to generate (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--json", description = "Print the answer as POST /v1/grammar/correct gives it.")
    boolean json;

    @Option(names = "--min-gain", description = "As quill serve: a margin (or two, '2:1'), off, or model (default: model).")
    String minGain;

    @Override
    public Integer call() throws Exception {
        Map<String, String> flags = new HashMap<>(Map.of("kv-mb", "16"));
        if (model != null) flags.put("model", model);
        if (minGain != null) flags.put("min-gain", minGain);
        ServerConfig cfg = ServerConfig.from(SettingSources.of(flags, System.getenv()), ServeCommand::defaultModel);
        if (maxTokens < 1) throw new IllegalArgumentException("--max-tokens must be at least 1, got " + maxTokens);
        String s = InputNormalizer.normalize(sentence);
        if (s.isEmpty() || !InputNormalizer.hasVisibleText(s)) throw new IllegalArgumentException("the sentence is empty");
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Tutor.checkModelDirectory(cfg.engine().modelDir()); // before the encoder's seconds of training
        try (RuleRetriever retriever = ServerRunner.defaultRetriever(cfg.retrievalTopK());
                Tutor tutor = Tutor.open(cfg.engine(), ServerRunner.defaultEditFinder(), retriever, StageObserver.NONE)) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            int cap = tutor.defaultMaxTokens(tutor.countTokens(s), maxTokens);
            Generation g = tutor.correct("cli", s, cap, deadline, SamplingParams.greedy());
            Completion c = g.await(deadline);
            Correction r = tutor.correction(g, c);
            if (json) {
                out.println(Json.PRETTY_WRITER.writeValueAsString(Json.correction(r)));
                return 0;
            }
            out.println(r.corrected());
            for (ExplainedEdit x : r.edits()) {
                Edit e = x.edit();
                out.printf("  %s -> %s  [%s%s] %s%n", e.from().isEmpty() ? "(insert)" : "\"" + e.from() + "\"",
                        e.to().isEmpty() ? "(delete)" : "\"" + e.to() + "\"", e.type(), x.ruleId() == null ? "" : ", " + x.ruleId(),
                        e.explanation());
            }
            var u = r.usage();
            System.err.printf("[%d prompt tokens, %d output (%s); queue %.1f ms, prefill %.1f ms, decode %.1f ms, total %.1f ms]%n",
                    u.promptTokens(), u.outputTokens(), u.finishReason().name().toLowerCase(), u.queueMillis(), u.prefillMillis(),
                    u.decodeMillis(), u.totalMillis());
        }
        return 0;
    }
}
