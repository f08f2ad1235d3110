package dev.quill.core.generate;

import dev.quill.core.tokenizer.BpeTokenizer;
import java.util.Arrays;

/**
 * The one prompt format of the tutor model, shared by training, evaluation and serving:
 *
 * <pre>  encode(sentence) &lt;|correct|&gt; encode(correction) &lt;|eos|&gt;</pre>
 *
 * The model is trained on the tokens after {@code <|correct|>} only, so at inference the prompt
 * is the sentence and the marker, and generation stops at {@code <|eos|>}.
 */
public final class TutorPrompt {
    public static final String CORRECT = "<|correct|>";
    public static final String EOS = "<|eos|>";

    private TutorPrompt() {}

    /** The prompt for {@code sentence}: its tokens followed by the {@code <|correct|>} marker. */
    public static int[] prompt(BpeTokenizer tokenizer, String sentence) {
        int[] text = tokenizer.encode(sentence);
        int[] out = Arrays.copyOf(text, text.length + 1);
        out[text.length] = tokenizer.specialTokenId(CORRECT);
        return out;
    }

    /** A whole training example: the prompt, the correction's tokens and {@code <|eos|>}. */
    public static int[] example(BpeTokenizer tokenizer, String sentence, String correction) {
        return example(tokenizer, prompt(tokenizer, sentence), correction);
    }

    /** A whole training example from an already built {@link #prompt}, so the sentence is not encoded twice. */
    public static int[] example(BpeTokenizer tokenizer, int[] prompt, String correction) {
        int[] target = tokenizer.encode(correction);
        int[] out = Arrays.copyOf(prompt, prompt.length + target.length + 1);
        System.arraycopy(target, 0, out, prompt.length, target.length);
        out[out.length - 1] = tokenizer.specialTokenId(EOS);
        return out;
    }

    /**
     * The output for {@code prompt} if its sentence needs no change: the sentence's tokens (as the
     * prompt holds them, which is how training encoded an unchanged target) and {@code <|eos|>}.
     * The tutor's draft for speculative decoding ({@link dev.quill.core.engine.EngineRequest#draft()}).
     */
    public static int[] unchanged(BpeTokenizer tokenizer, int[] prompt) {
        int[] out = Arrays.copyOf(prompt, prompt.length);
        out[out.length - 1] = tokenizer.specialTokenId(EOS);
        return out;
    }

    /** The token that ends a correction. */
    public static int stopToken(BpeTokenizer tokenizer) {
        return tokenizer.specialTokenId(EOS);
    }
}
