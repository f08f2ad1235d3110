package dev.quill.train.eval;

import java.util.List;

/** Something that corrects sentences: the tutor model behind the engine, or a baseline. */
@FunctionalInterface
public interface Corrector {
    /** Called as sentences finish; must be quick. */
    @FunctionalInterface
    interface Progress {
        void update(int done, int total);

        Progress NONE = (done, total) -> {};
    }

    /** One correction per sentence, in order. */
    List<String> correct(List<String> sentences, Progress progress) throws InterruptedException;

    /** Sentences returned unchanged because they could not be corrected (a prompt too long for the model). */
    default int skipped() {
        return 0;
    }

    /** Returns every sentence unchanged: the identity baseline. */
    Corrector IDENTITY = (sentences, progress) -> {
        progress.update(sentences.size(), sentences.size());
        return List.copyOf(sentences);
    };
}
