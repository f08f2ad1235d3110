package dev.quill.retrieval;

/** One retriever over the bundled cards, trained once per test JVM (training takes seconds). */
final class SharedRetriever {

    private static final class Holder {
        static final RuleRetriever RETRIEVER = RuleRetriever.build(RuleCards.bundled());
    }

    private SharedRetriever() {}

    static RuleRetriever get() {
        return Holder.RETRIEVER;
    }
}
