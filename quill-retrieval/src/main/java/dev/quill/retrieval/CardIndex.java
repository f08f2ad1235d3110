package dev.quill.retrieval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * The cards in a Lucene index held in memory, built at start-up (never checked in): a BM25 text
 * field over each card's title, explanation, examples and error type names, a keyword field with
 * the signatures of its example edits (so "a -> an" matches the card whose examples make that
 * change, whatever the sentence), and an HNSW vector field with the card's {@link CardEncoder}
 * vector.
 *
 * <p>The analyzer only splits and lower-cases: no stop words and no stemming, because the words
 * a stop list drops (a, an, the, in, on, at, to) and the endings a stemmer removes (goes, went)
 * are exactly what grammar rules are about. Thread-safe for searching.
 */
public final class CardIndex implements AutoCloseable {

    static final String TEXT = "text";
    /** The {@link EditSignatures} of the card's example edits, one untokenized term each. */
    static final String EDITS = "edits";
    static final String VECTOR = "vector";
    static final String ID = "id";

    private final List<RuleCard> cards;
    private final ByteBuffersDirectory directory;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final Analyzer analyzer = new GrammarAnalyzer();
    /** Lucene doc id -> position in {@link #cards}. */
    private final int[] cardOfDoc;

    /** A card at its rank in one retriever's list. */
    public record Hit(int card, float score) {}

    /** Splits on Unicode word boundaries and lower-cases (keeps it's, they're and a/an). */
    static final class GrammarAnalyzer extends Analyzer {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            StandardTokenizer source = new StandardTokenizer();
            return new TokenStreamComponents(source, new LowerCaseFilter(source));
        }
    }

    public CardIndex(List<RuleCard> cards, List<float[]> vectors) {
        if (cards.size() != vectors.size()) throw new IllegalArgumentException("one vector per card");
        this.cards = List.copyOf(cards);
        this.directory = new ByteBuffersDirectory();
        try {
            try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(analyzer))) {
                for (int i = 0; i < cards.size(); i++) {
                    RuleCard card = cards.get(i);
                    Document doc = new Document();
                    doc.add(new StoredField(ID, i));
                    StringBuilder text = new StringBuilder(card.searchText());
                    card.types().forEach(t -> text.append(' ').append(t.name()));
                    doc.add(new TextField(TEXT, text.toString(), Field.Store.NO));
                    for (MarkedSentence example : card.examples()) {
                        for (var edit : example.edits(card.mainType())) {
                            for (String sig : EditSignatures.forKeywords(edit.from(), edit.to())) doc.add(new StringField(EDITS, sig, Field.Store.NO));
                        }
                    }
                    doc.add(new KnnFloatVectorField(VECTOR, vectors.get(i), VectorSimilarityFunction.DOT_PRODUCT));
                    writer.addDocument(doc);
                }
                writer.forceMerge(1);
            }
            reader = DirectoryReader.open(directory);
            searcher = new IndexSearcher(reader);
            cardOfDoc = new int[reader.maxDoc()];
            StoredFields stored = reader.storedFields();
            for (int doc = 0; doc < reader.maxDoc(); doc++) {
                cardOfDoc[doc] = stored.document(doc).getField(ID).numericValue().intValue();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RuleCard card(int position) {
        return cards.get(position);
    }

    public int size() {
        return cards.size();
    }

    /**
     * BM25 over the text field and the edit signatures: each weighted piece of text contributes
     * its terms, boosted by its weight (a term repeated across pieces adds up); each signature is
     * one term of the signature field, boosted by {@code signatureWeight}.
     */
    public List<Hit> bm25(List<WeightedText> pieces, List<String> signatures, float signatureWeight, int n) {
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        int clauses = 0;
        if (signatureWeight > 0) {
            for (String sig : signatures) {
                if (clauses >= IndexSearcher.getMaxClauseCount()) break;
                query.add(new BoostQuery(new TermQuery(new Term(EDITS, sig)), signatureWeight), BooleanClause.Occur.SHOULD);
                clauses++;
            }
        }
        for (WeightedText piece : pieces) {
            for (String term : terms(piece.text())) {
                if (clauses >= IndexSearcher.getMaxClauseCount()) break;
                Query q = new TermQuery(new Term(TEXT, term));
                query.add(piece.weight() == 1f ? q : new BoostQuery(q, piece.weight()), BooleanClause.Occur.SHOULD);
                clauses++;
            }
        }
        if (clauses == 0) return List.of();
        return search(query.build(), n);
    }

    /** Nearest cards to a unit-length query vector by dot product, through the HNSW graph. */
    public List<Hit> dense(float[] vector, int n) {
        return search(new KnnFloatVectorQuery(VECTOR, vector, n), n);
    }

    /** Text with a weight, for {@link #bm25}. */
    public record WeightedText(String text, float weight) {}

    List<String> terms(String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream(TEXT, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) out.add(term.toString());
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private List<Hit> search(Query query, int n) {
        try {
            ScoreDoc[] docs = searcher.search(query, n).scoreDocs;
            List<Hit> hits = new ArrayList<>(docs.length);
            for (ScoreDoc d : docs) hits.add(new Hit(cardOfDoc[d.doc], d.score));
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
