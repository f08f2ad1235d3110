package dev.quill.retrieval;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quill.grammar.edits.ErrorType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The knowledge base: every {@link RuleCard}, loaded from {@code rule-cards.json} and checked.
 *
 * <p>Each card in the file also carries four probes: sentences with the card's error that are
 * never shown or indexed. They are the labelled queries for training the encoder and for
 * evaluation, split by position (see {@link LabelledQueries.ProbeSplit}), so the held-out ones share no sentence
 * with anything the index or the encoder has seen.
 */
public final class RuleCards {

    public static final String RESOURCE = "rule-cards.json";
    public static final int MIN_EXAMPLES = 2;
    public static final int PROBES_PER_CARD = 4;
    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private final List<RuleCard> cards;
    private final Map<String, RuleCard> byId;
    private final Map<String, List<MarkedSentence>> probesById;

    /** The JSON shape of one card. */
    private record CardJson(String id, String title, List<String> types, String explanation, List<String> examples, List<String> probes) {}

    private RuleCards(List<RuleCard> cards, Map<String, List<MarkedSentence>> probesById) {
        this.cards = List.copyOf(cards);
        Map<String, RuleCard> index = new LinkedHashMap<>();
        for (RuleCard card : cards) index.put(card.id(), card);
        this.byId = index;
        this.probesById = Map.copyOf(probesById);
    }

    /** The cards that ship with quill. */
    public static RuleCards bundled() {
        try (InputStream in = RuleCards.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads and validates a card file.
     *
     * @throws IllegalArgumentException naming the card, if an id is not a slug or repeats, a field
     *     is blank, a type is unknown, a card has fewer than {@value #MIN_EXAMPLES} examples or not
     *     {@value #PROBES_PER_CARD} probes, or a sentence is not marked
     */
    public static RuleCards read(InputStream json) throws IOException {
        CardJson[] raw = new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(json, CardJson[].class);
        List<RuleCard> cards = new ArrayList<>();
        Map<String, List<MarkedSentence>> probes = new LinkedHashMap<>();
        for (CardJson c : raw) {
            String where = "card " + c.id();
            if (c.id() == null || !ID.matcher(c.id()).matches()) throw new IllegalArgumentException(where + ": id is not a slug");
            if (probes.containsKey(c.id())) throw new IllegalArgumentException(where + ": id repeats");
            requireText(c.title(), where + ": title");
            requireText(c.explanation(), where + ": explanation");
            if (c.types() == null || c.types().isEmpty()) throw new IllegalArgumentException(where + ": no types");
            List<ErrorType> types = new ArrayList<>();
            for (String t : c.types()) {
                try {
                    types.add(ErrorType.valueOf(t));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + ": unknown error type " + t, e);
                }
            }
            if (c.examples() == null || c.examples().size() < MIN_EXAMPLES) {
                throw new IllegalArgumentException(where + ": fewer than " + MIN_EXAMPLES + " examples");
            }
            if (c.probes() == null || c.probes().size() != PROBES_PER_CARD) {
                throw new IllegalArgumentException(where + ": needs " + PROBES_PER_CARD + " probes");
            }
            try {
                cards.add(new RuleCard(c.id(), c.title(), types, c.explanation(), c.examples().stream().map(MarkedSentence::new).toList()));
                probes.put(c.id(), c.probes().stream().map(MarkedSentence::new).toList());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return new RuleCards(cards, probes);
    }

    private static void requireText(String s, String what) {
        if (s == null || s.isBlank()) throw new IllegalArgumentException(what + " is blank");
    }

    /** A knowledge base of other cards (e.g. scaled up for a benchmark); probes as given. */
    public static RuleCards of(List<RuleCard> cards, Map<String, List<MarkedSentence>> probesById) {
        return new RuleCards(cards, probesById);
    }

    public List<RuleCard> all() {
        return cards;
    }

    public int size() {
        return cards.size();
    }

    public Optional<RuleCard> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The card's probes (never indexed); empty for cards without any. */
    public List<MarkedSentence> probes(String id) {
        return probesById.getOrDefault(id, List.of());
    }

    /** Cards that list the type among theirs, in file order. */
    public List<RuleCard> covering(ErrorType type) {
        return cards.stream().filter(c -> c.types().contains(type)).toList();
    }

    /** Error types no card covers (empty for the bundled cards). */
    public Set<ErrorType> uncoveredTypes() {
        Set<ErrorType> missing = EnumSet.allOf(ErrorType.class);
        for (RuleCard c : cards) c.types().forEach(missing::remove);
        return missing;
    }
}
