package dev.quill.core.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.quill.core.engine.Completion;
import dev.quill.core.engine.Engine;
import dev.quill.core.engine.EngineConfig;
import dev.quill.core.engine.EngineRequest;
import dev.quill.core.engine.FinishReason;
import dev.quill.core.engine.SchedulingPolicy;
import dev.quill.core.engine.TokenListener;
import dev.quill.core.kernels.VectorKernels;
import dev.quill.core.kernels.WorkerPool;
import dev.quill.core.model.LlamaConfig;
import dev.quill.core.model.LlamaModel;
import dev.quill.core.model.RandomModelWriter;
import dev.quill.core.tensor.DType;
import dev.quill.core.tokenizer.BpeTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MinimumGainTest {
    /** A random-weight tutor-shaped model in {@code dir} and an engine on it. */
    record TinyTutor(BpeTokenizer tokenizer, WorkerPool pool, LlamaModel model, Engine engine) implements AutoCloseable {
        static TinyTutor write(Path dir) throws IOException {
            LlamaConfig shape = LlamaConfig.llama(32, 64, 1, 2, 2, 300, 96, false);
            RandomModelWriter.writeDirectory(dir, shape, DType.F32, 0.02, 7, 0, null);
            BpeTokenizer tokenizer = BpeTokenizer.load(dir.resolve("tokenizer.json"));
            WorkerPool pool = new WorkerPool(1);
            LlamaModel model = LlamaModel.load(dir, new VectorKernels(pool));
            Engine engine = new Engine(model, tokenizer.vocabSize(), new EngineConfig(new SchedulingPolicy.Continuous(512, 8),
                    8 << 20, 16, true, 64, 1 << 20, TutorPrompt.stopToken(tokenizer)));
            return new TinyTutor(tokenizer, pool, model, engine);
        }

        @Override
        public void close() {
            engine.close();
            model.close();
            pool.close();
        }
    }

    @Test
    void aModelsMarginComesFromItsGenerationConfig(@TempDir Path dir) throws IOException {
        assertThat(MinimumGain.forModel(dir)).as("no file").isEqualTo(MinimumGain.OFF);
        Files.writeString(dir.resolve("generation_config.json"), "{\"eos_token_id\": 3}");
        assertThat(MinimumGain.forModel(dir)).as("no key").isEqualTo(MinimumGain.OFF);
        Files.writeString(dir.resolve("generation_config.json"), "{\"eos_token_id\": 3, \"minimum_gain\": 2.5}");
        assertThat(MinimumGain.forModel(dir)).isEqualTo(new MinimumGain(2.5));
        assertThat(MinimumGain.parse("model", dir)).isEqualTo(new MinimumGain(2.5));
        Files.writeString(dir.resolve("generation_config.json"), "{\"minimum_gain\": \"high\"}");
        assertThatThrownBy(() -> MinimumGain.forModel(dir)).isInstanceOf(IOException.class).hasMessageContaining("must be a number");
    }

    @Test
    void settingsParseOffModelOrANumber(@TempDir Path dir) throws IOException {
        assertThat(MinimumGain.parse("off", dir).enabled()).isFalse();
        assertThat(MinimumGain.parse(" OFF ", dir).enabled()).isFalse();
        assertThat(MinimumGain.parse("1.5", dir)).isEqualTo(new MinimumGain(1.5));
        assertThat(MinimumGain.parse("-2", dir).margin()).isEqualTo(-2.0);
        assertThatThrownBy(() -> MinimumGain.parse("lots", dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("off, model or a number");
        assertThatThrownBy(() -> MinimumGain.parse("NaN", dir)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The guard scores only the unchanged sentence's tokens after the correction leaves it (the
     * ones before came with the generation); its gain must equal the one from scoring the whole
     * unchanged sentence.
     */
    @Test
    void theGainFromWhereTheCorrectionDivergesEqualsTheWholeSentencesScore(@TempDir Path dir) throws Exception {
        MinimumGain guard = new MinimumGain(0);
        try (TinyTutor t = TinyTutor.write(dir)) {
            BpeTokenizer tokenizer = t.tokenizer();
            Engine engine = t.engine();
            int stop = TutorPrompt.stopToken(tokenizer);
            int scored = 0;
            for (String sentence : List.of("She go to school every days.", "I has two cat.", "The the weather is nice.")) {
                int[] prompt = TutorPrompt.prompt(tokenizer, sentence);
                int[] x = tokenizer.encode(sentence);
                for (int change = 0; change < x.length; change += 2) {
                    // a proposal that keeps the sentence's first `change` tokens, with the log-probabilities
                    // the model gives it (as a generation with logprobs would carry them)
                    int[] proposalTokens = Arrays.copyOf(x, x.length + 1);
                    proposalTokens[change] = (x[change] + 7) % 200;
                    proposalTokens[x.length] = stop;
                    int[] asPrompt = Arrays.copyOf(prompt, prompt.length + proposalTokens.length);
                    System.arraycopy(proposalTokens, 0, asPrompt, prompt.length, proposalTokens.length);
                    Completion p = engine.submit(EngineRequest.score(asPrompt, prompt.length, Long.MAX_VALUE), TokenListener.NONE)
                            .completion().get(30, TimeUnit.SECONDS);
                    Completion generated = new Completion(p.requestId(), proposalTokens, FinishReason.STOP, prompt.length, 0, 0, 0, 1,
                            p.timeline(), p.promptLogprobs(), List.of(), new float[0]);
                    String proposal = tokenizer.decode(Arrays.copyOf(proposalTokens, x.length));
                    if (proposal.equals(sentence)) continue;
                    MinimumGain.Verdict v = guard.judge(engine, tokenizer, prompt, sentence, generated, proposal, Long.MAX_VALUE)
                            .get(30, TimeUnit.SECONDS);
                    Completion whole = engine.submit(EngineRequest.score(TutorPrompt.example(tokenizer, prompt, sentence), prompt.length,
                            Long.MAX_VALUE), TokenListener.NONE).completion().get(30, TimeUnit.SECONDS);
                    assertThat(v.gain()).as("%s, changed at token %d", sentence, change)
                            .isCloseTo(generated.outputLogprobSum() - whole.promptLogprobSum(), within(1e-3));
                    scored++;
                }
            }
            assertThat(scored).isGreaterThan(3);
        }
    }

    /**
     * A generation that speculated with the unchanged sentence as its draft carries the sentence's
     * score: the guard's gain is the one a scoring request gives, and no request is made.
     */
    @Test
    void aGenerationDraftedWithTheSentenceIsJudgedWithoutAScoringRequest(@TempDir Path dir) throws Exception {
        MinimumGain guard = new MinimumGain(0);
        try (TinyTutor t = TinyTutor.write(dir)) {
            BpeTokenizer tokenizer = t.tokenizer();
            Engine engine = t.engine();
            int stop = TutorPrompt.stopToken(tokenizer);
            int judged = 0;
            for (String sentence : List.of("She go to school every days.", "I has two cat.", "The the weather is nice.")) {
                int[] prompt = TutorPrompt.prompt(tokenizer, sentence);
                EngineRequest request = EngineRequest.greedy(prompt, 24).withLogprobs();
                Completion plain = engine.submit(request, TokenListener.NONE).completion().get(30, TimeUnit.SECONDS);
                Completion drafted = engine.submit(request.withDraft(TutorPrompt.unchanged(tokenizer, prompt)), TokenListener.NONE)
                        .completion().get(30, TimeUnit.SECONDS);
                assertThat(drafted.outputTokens()).containsExactly(plain.outputTokens());
                int n = plain.outputTokens().length;
                String proposal = tokenizer.decode(Arrays.copyOf(plain.outputTokens(), n > 0 && plain.outputTokens()[n - 1] == stop ? n - 1 : n));
                if (proposal.equals(sentence)) continue;
                MinimumGain.Verdict byRequest = guard.judge(engine, tokenizer, prompt, sentence, plain, proposal, Long.MAX_VALUE)
                        .get(30, TimeUnit.SECONDS);
                MinimumGain.Verdict byDraft = guard.judge(engine, tokenizer, prompt, sentence, drafted, proposal, Long.MAX_VALUE)
                        .get(30, TimeUnit.SECONDS);
                assertThat(byRequest.scoring()).isNotNull();
                assertThat(byDraft.scoring()).as("no scoring request").isNull();
                assertThat(byDraft.gain()).as(sentence).isCloseTo(byRequest.gain(), within(1e-3));
                assertThat(byDraft.keep()).isEqualTo(byRequest.keep());
                judged++;
            }
            assertThat(judged).isPositive();
        }
    }
}
