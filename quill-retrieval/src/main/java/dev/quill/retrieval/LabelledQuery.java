package dev.quill.retrieval;

/** A query whose right answer is known: for training the encoder and for evaluation. */
public record LabelledQuery(RetrievalQuery query, String cardId, Source source) {

    /** Where a labelled query comes from. */
    public enum Source {
        /** A card's own example (indexed, shown to learners). */
        EXAMPLE,
        /** A probe sentence (never indexed). */
        PROBE,
        /** A training probe or example with its edited word swapped for another word in the same form. */
        VARIANT,
        /** A card's title or an explanation sentence, asked as a question. */
        CARD_TEXT,
        /** A question a learner might ask, written by hand. */
        LEARNER_QUESTION
    }
}
