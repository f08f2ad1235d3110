package dev.quill.retrieval;

import dev.quill.grammar.edits.Edit;
import java.util.List;

/**
 * What the retriever is asked: a text (the learner's sentence, or a free question) and the edits
 * the tutor found in it (none for a question).
 */
public record RetrievalQuery(String text, List<Edit> edits) {

    public RetrievalQuery {
        if (text == null) throw new IllegalArgumentException("text is null");
        edits = List.copyOf(edits);
    }

    /** A free-text question such as "when do I use an instead of a?". */
    public static RetrievalQuery ofText(String text) {
        return new RetrievalQuery(text, List.of());
    }

    /** One edit in its sentence: the query that picks that edit's explanation. */
    public static RetrievalQuery forEdit(String sentence, Edit edit) {
        return new RetrievalQuery(sentence, List.of(edit));
    }

    /** A stable key for caches: equal queries, equal keys. */
    String cacheKey() {
        StringBuilder key = new StringBuilder(text);
        // Offsets matter: the encoder reads the words next to each edit.
        for (Edit e : edits) {
            key.append('\u0001').append(e.start()).append(':').append(e.end()).append('\u0002').append(e.from())
                    .append('\u0002').append(e.to()).append('\u0002').append(e.type());
        }
        return key.toString();
    }
}
