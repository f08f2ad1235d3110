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
        assertThat(MinimumGain.forModel(dir).checksEdits()).isFalse();
        Files.writeString(dir.resolve("generation_config.json"), "{\"minimum_gain\": 2.0, \"edit_minimum_gain\": 1.0}");
        assertThat(MinimumGain.forModel(dir)).isEqualTo(new MinimumGain(2.0, 1.0));
        Files.writeString(dir.resolve("generation_config.json"), "{\"minimum_gain\": 2.0, \"edit_minimum_gain\": \"some\"}");
        assertThatThrownBy(() -> MinimumGain.forModel(dir)).isInstanceOf(IOException.class).hasMessageContaining("edit_minimum_gain");
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
        assertThat(MinimumGain.parse("2:1", dir)).isEqualTo(new MinimumGain(2, 1));
        assertThat(MinimumGain.parse(" 2 : off ", dir)).isEqualTo(new MinimumGain(2));
        assertThat(MinimumGain.parse("off:1", dir)).isEqualTo(new MinimumGain(Double.NEGATIVE_INFINITY, 1));
        assertThat(MinimumGain.parse("2", dir).checksEdits()).isFalse();
        assertThat(MinimumGain.parse("off", dir).checksEdits()).isFalse();
        assertThatThrownBy(() -> MinimumGain.parse("2:some", dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the margin for each edit");
        assertThatThrownBy(() -> MinimumGain.parse("2:NaN", dir)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The edit check undoes exactly the edits that add less than the edit margin to the
     * proposal's log-probability, each measured against the proposal without it (scored here
     * directly); one edit alone is never checked.
     */
    @Test
    void theEditCheckUndoesTheEditsThatAddLessThanItsMargin(@TempDir Path dir) throws Exception {
        String input = "She go to school every days";
        String proposal = "She goes to school every day";
        // [start, end) in the input, the proposal's text, the input's
        List<WordChoice.Slot> edits = List.of(new WordChoice.Slot(4, 6, List.of("goes", "go")),
                new WordChoice.Slot(23, 27, List.of("day", "days")));
        try (TinyTutor t = TinyTutor.write(dir)) {
            BpeTokenizer tokenizer = t.tokenizer();
            Engine engine = t.engine();
            int[] prompt = TutorPrompt.prompt(tokenizer, input);
            double whole = score(engine, tokenizer, prompt, proposal);
            double[] gains = {whole - score(engine, tokenizer, prompt, "She go to school every day"),
                    whole - score(engine, tokenizer, prompt, "She goes to school every days")};
            assertThat(gains[0]).as("the random model scores the two edits differently").isNotCloseTo(gains[1], within(1e-3));
            double between = (gains[0] + gains[1]) / 2;
            WordChoice.Chosen chosen = new MinimumGain(0, between).reviewEdits(engine, tokenizer, prompt, input, proposal, edits, Long.MAX_VALUE)
                    .get(30, TimeUnit.SECONDS);
            boolean firstStays = gains[0] >= between;
            assertThat(chosen.words()).containsExactly(firstStays ? "goes" : "go", firstStays ? "days" : "day");
            assertThat(chosen.answer()).isEqualTo(firstStays ? "She goes to school every days" : "She go to school every day");
            assertThat(chosen.scorings()).hasSize(3);
            // below both gains every edit stays; above both, every edit is undone
            double low = Math.min(gains[0], gains[1]) - 1;
            double high = Math.max(gains[0], gains[1]) + 1;
            assertThat(new MinimumGain(0, low).reviewEdits(engine, tokenizer, prompt, input, proposal, edits, Long.MAX_VALUE).get(30, TimeUnit.SECONDS)
                    .answer()).isEqualTo(proposal);
            assertThat(new MinimumGain(0, high).reviewEdits(engine, tokenizer, prompt, input, proposal, edits, Long.MAX_VALUE).get(30, TimeUnit.SECONDS)
                    .answer()).isEqualTo(input);
            // one edit is the whole correction's business, and with the check off nothing is scored
            WordChoice.Chosen single = new MinimumGain(0, high).reviewEdits(engine, tokenizer, prompt, input,
                    "She goes to school every days", edits.subList(0, 1), Long.MAX_VALUE).get(30, TimeUnit.SECONDS);
            assertThat(single.answer()).isEqualTo("She goes to school every days");
            assertThat(single.scorings()).isEmpty();
            assertThat(new MinimumGain(0).reviewEdits(engine, tokenizer, prompt, input, proposal, edits, Long.MAX_VALUE).get(30, TimeUnit.SECONDS)
                    .scorings()).isEmpty();
            // edits that do not rebuild the proposal from the input leave it as it is, unscored
            WordChoice.Chosen mismatched = new MinimumGain(0, high).reviewEdits(engine, tokenizer, prompt, input, "She goes to college",
                    edits, Long.MAX_VALUE).get(30, TimeUnit.SECONDS);
            assertThat(mismatched.answer()).isEqualTo("She goes to college");
            assertThat(mismatched.scorings()).isEmpty();
        }
    }

    /** The log-probability of {@code answer} (with its end token) as the model's answer to {@code prompt}. */
    private static double score(Engine engine, BpeTokenizer tokenizer, int[] prompt, String answer) throws Exception {
        return engine.submit(EngineRequest.score(TutorPrompt.example(tokenizer, prompt, answer), prompt.length, Long.MAX_VALUE),
                TokenListener.NONE).completion().get(30, TimeUnit.SECONDS).promptLogprobSum();
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
