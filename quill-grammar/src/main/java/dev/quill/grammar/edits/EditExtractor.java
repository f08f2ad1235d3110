package dev.quill.grammar.edits;

import dev.quill.grammar.Morphology;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * The edits that turn a sentence into its correction, ERRANT-style: the two are
 * {@linkplain WordTokenizer tokenized}, {@linkplain Alignment aligned} token by token, adjacent
 * differences are merged where they belong together, and each edit is
 * {@linkplain EditClassifier typed} and {@linkplain Explainer explained}.
 *
 * <p>Merging, within each stretch of differences between two matching tokens:
 * <ul>
 *   <li>a transposition (the same words reordered) is an edit of its own;</li>
 *   <li>punctuation changes are edits of their own ({@code days -> day.} is a noun edit and a
 *       punctuation edit);</li>
 *   <li>pieces of one written word merge ({@code its -> it's}: the clitic {@code 's} is glued to
 *       {@code it}), and so do words split or joined ({@code every day -> everyday});</li>
 *   <li>an inserted or deleted auxiliary merges with the verb change next to it
 *       ({@code go -> has gone}, {@code is go -> goes});</li>
 *   <li>words inserted together (or deleted together) are one edit, unless each group is all
 *       determiners or all prepositions ({@code to the} stays a preposition and an article);</li>
 *   <li>a replacement of a word by an unrelated one (no shared lemma or similar spelling, not
 *       two articles, prepositions or auxiliaries) is one rewrite with the insertions, deletions
 *       and unrelated replacements next to it ({@code a lot of -> many}); otherwise each
 *       difference is its own edit ({@code go school -> goes to school}: a verb edit and a preposition edit).</li>
 * </ul>
 *
 * <p>Offsets: every edit replaces characters [{@code start}, {@code end}) of the original by
 * {@code to}, and applying all of them ({@link #apply}) gives the correction exactly,
 * whitespace included. Whitespace belongs to an edit only as far as that requires: an inserted
 * word goes right before the token it precedes with its space after it ({@code "to "} at the
 * start of {@code school}); an inserted punctuation mark goes right after the word it follows
 * ({@code "."} at the end of {@code day}); a deleted word takes the space after it
 * ({@code "very "}), or before it at the end of the sentence; a change of spacing alone between
 * two kept tokens is a {@link ErrorType#PUNCT} edit of its own. Edits come in order and do not
 * overlap; an insertion may share its position with the end of the edit before it.
 *
 * <p>Thread-safe.
 */
public final class EditExtractor {
    private final Lexicon lexicon;
    private final EditClassifier classifier;
    private final Explainer explainer;

    public EditExtractor(Morphology morphology, Explainer explainer) {
        this.lexicon = new Lexicon(morphology);
        this.classifier = new EditClassifier(lexicon);
        this.explainer = explainer;
    }

    /** English morphology and the template explanations. */
    public static EditExtractor english() {
        return new EditExtractor(Morphology.english(), Explainer.templates());
    }

    public List<Edit> extract(String original, String corrected) {
        if (original.equals(corrected)) return List.of();
        List<Token> orig = WordTokenizer.tokenize(original);
        List<Token> corr = WordTokenizer.tokenize(corrected);
        List<Unit> units = merge(Alignment.align(orig, corr, lexicon), orig, corr);
        Layout layout = new Layout(original, corrected, orig, corr, units);
        List<Edit> out = new ArrayList<>();
        for (Layout.Span s : layout.spans()) {
            String from = original.substring(s.origStart(), s.origEnd());
            String to = corrected.substring(s.corrStart(), s.corrEnd());
            String before = s.corrTokenStart() > 0 ? corr.get(s.corrTokenStart() - 1).text() : "";
            String after = s.corrTokenEnd() < corr.size() ? corr.get(s.corrTokenEnd()).text() : "";
            ErrorType type = classifier.classify(from, to, before, after);
            out.add(new Edit(s.origStart(), s.origEnd(), from, to, type, explainer.explain(type, from.strip(), to.strip())));
        }
        return out;
    }

    /** Applies edits (in order, not overlapping, as {@link #extract} returns them) to {@code original}. */
    public static String apply(String original, List<Edit> edits) {
        StringBuilder out = new StringBuilder(original.length() + 16);
        int at = 0;
        for (Edit e : edits) {
            if (e.start() < at || e.end() > original.length()) {
                throw new IllegalArgumentException("edit [" + e.start() + ", " + e.end() + ") overlaps the one before it or runs past the text");
            }
            out.append(original, at, e.start()).append(e.to());
            at = e.end();
        }
        return out.append(original, at, original.length()).toString();
    }

    /**
     * A stretch of the alignment: original tokens [origStart, origEnd) against corrected tokens
     * [corrStart, corrEnd). A match is one identical token on each side; anything else is an edit.
     */
    record Unit(int origStart, int origEnd, int corrStart, int corrEnd, boolean match, boolean transposition) {
        Unit join(Unit next) {
            return new Unit(origStart, next.origEnd, corrStart, next.corrEnd, false, false);
        }

        boolean substitution() {
            return origEnd - origStart == 1 && corrEnd - corrStart == 1;
        }
    }

    private List<Unit> merge(List<Alignment.Op> ops, List<Token> orig, List<Token> corr) {
        List<Unit> out = new ArrayList<>();
        List<Unit> run = new ArrayList<>();
        for (Alignment.Op op : ops) {
            Unit u = new Unit(op.origStart(), op.origEnd(), op.corrStart(), op.corrEnd(),
                    op.kind() == Alignment.Kind.MATCH, op.kind() == Alignment.Kind.TRANSPOSE);
            if (u.match()) {
                out.addAll(mergeRun(run, orig, corr));
                run.clear();
                out.add(u);
            } else {
                run.add(u);
            }
        }
        out.addAll(mergeRun(run, orig, corr));
        return out;
    }

    /** Merges one stretch of differences (between two matches) by the rules in the class comment. */
    private List<Unit> mergeRun(List<Unit> run, List<Token> orig, List<Token> corr) {
        if (run.size() < 2) return new ArrayList<>(run);
        List<Unit> units = new ArrayList<>(run);
        // pieces of one written word, and words split or joined
        mergeAdjacent(units, (a, b) -> !a.transposition() && !b.transposition() && !punctuation(a, orig, corr)
                && !punctuation(b, orig, corr) && (glued(a, b, orig, corr) || sameLetters(a.join(b), orig, corr)));
        // words inserted (or deleted) together are one insertion (deletion), unless both are closed-class words
        mergeAdjacent(units, (a, b) -> sameKind(a, b) && !punctuation(a, orig, corr) && !punctuation(b, orig, corr)
                && !(closedClass(a, orig, corr) && closedClass(b, orig, corr)));
        // an auxiliary added or dropped next to a change of the same verb
        mergeAdjacent(units, (a, b) -> (auxiliaryOnly(a, orig, corr) && verbChange(b, orig, corr))
                || (verbChange(a, orig, corr) && auxiliaryOnly(b, orig, corr)));
        // an unrelated replacement and the insertions, deletions and unrelated replacements next to it are one rewrite
        List<Unit> out = new ArrayList<>();
        int k = 0;
        while (k < units.size()) {
            int end = k;
            while (end < units.size() && rewritable(units.get(end), orig, corr)) end++;
            List<Unit> stretch = units.subList(k, end);
            if (stretch.size() >= 2 && stretch.stream().anyMatch(s -> unrelatedSubstitution(s, orig, corr))) {
                out.add(stretch.getFirst().join(stretch.getLast()));
            } else {
                out.addAll(stretch);
            }
            if (end < units.size()) out.add(units.get(end));
            k = end + 1;
        }
        return out;
    }

    /** Joins each pair of neighbours that belong together, left to right (a joined unit may take its next neighbour too). */
    private static void mergeAdjacent(List<Unit> units, BiPredicate<Unit, Unit> belongTogether) {
        for (int k = 0; k + 1 < units.size(); ) {
            if (belongTogether.test(units.get(k), units.get(k + 1))) {
                units.set(k, units.get(k).join(units.get(k + 1)));
                units.remove(k + 1);
            } else {
                k++;
            }
        }
    }

    /** Insertions, deletions and unrelated replacements of words may join a rewrite; the rest stand alone. */
    private boolean rewritable(Unit u, List<Token> orig, List<Token> corr) {
        if (u.transposition() || punctuation(u, orig, corr)) return false;
        boolean insertion = u.origEnd() == u.origStart();
        boolean deletion = u.corrEnd() == u.corrStart();
        return insertion || deletion || unrelatedSubstitution(u, orig, corr);
    }

    private static boolean punctuation(Unit u, List<Token> orig, List<Token> corr) {
        for (int i = u.origStart(); i < u.origEnd(); i++) {
            if (!orig.get(i).isPunctuation()) return false;
        }
        for (int j = u.corrStart(); j < u.corrEnd(); j++) {
            if (!corr.get(j).isPunctuation()) return false;
        }
        return true;
    }

    /** Whether a's last token and b's first touch with no space between them, on either side. */
    private static boolean glued(Unit a, Unit b, List<Token> orig, List<Token> corr) {
        boolean origGlued = a.origEnd() > a.origStart() && b.origEnd() > b.origStart()
                && orig.get(a.origEnd() - 1).end() == orig.get(b.origStart()).start();
        boolean corrGlued = a.corrEnd() > a.corrStart() && b.corrEnd() > b.corrStart()
                && corr.get(a.corrEnd() - 1).end() == corr.get(b.corrStart()).start();
        return origGlued || corrGlued;
    }

    /** Whether both sides spell the same letters once spaces and hyphens are ignored ("every day" / "everyday"). */
    private static boolean sameLetters(Unit u, List<Token> orig, List<Token> corr) {
        if (u.origEnd() == u.origStart() || u.corrEnd() == u.corrStart()) return false;
        StringBuilder a = new StringBuilder();
        for (int i = u.origStart(); i < u.origEnd(); i++) a.append(orig.get(i).text());
        StringBuilder b = new StringBuilder();
        for (int j = u.corrStart(); j < u.corrEnd(); j++) b.append(corr.get(j).text());
        return Lexicon.letters(a.toString()).equals(Lexicon.letters(b.toString()));
    }

    private static boolean sameKind(Unit a, Unit b) {
        boolean aInserted = a.origEnd() == a.origStart();
        boolean bInserted = b.origEnd() == b.origStart();
        boolean aDeleted = a.corrEnd() == a.corrStart();
        boolean bDeleted = b.corrEnd() == b.corrStart();
        return (aInserted && bInserted) || (aDeleted && bDeleted);
    }

    /** Whether an insertion or deletion is all determiners or all prepositions. */
    private static boolean closedClass(Unit u, List<Token> orig, List<Token> corr) {
        List<Token> tokens = u.origEnd() == u.origStart() ? corr.subList(u.corrStart(), u.corrEnd())
                : orig.subList(u.origStart(), u.origEnd());
        return tokens.stream().allMatch(t -> Lexicon.isDeterminer(t.text()))
                || tokens.stream().allMatch(t -> Lexicon.isPreposition(t.text()));
    }

    private static boolean auxiliaryOnly(Unit u, List<Token> orig, List<Token> corr) {
        boolean inserted = u.origEnd() == u.origStart();
        boolean deleted = u.corrEnd() == u.corrStart();
        if (inserted == deleted) return false;
        List<Token> tokens = inserted ? corr.subList(u.corrStart(), u.corrEnd()) : orig.subList(u.origStart(), u.origEnd());
        return tokens.stream().allMatch(t -> Lexicon.isAuxiliary(t.text()));
    }

    private boolean verbChange(Unit u, List<Token> orig, List<Token> corr) {
        if (!u.substitution() || u.transposition()) return false;
        String a = orig.get(u.origStart()).text();
        String b = corr.get(u.corrStart()).text();
        return !Collections.disjoint(lexicon.lemmas(a, "VB"), lexicon.lemmas(b, "VB"));
    }

    /** A one-for-one replacement with nothing in common: no lemma, no closed class, little spelling. */
    private boolean unrelatedSubstitution(Unit u, List<Token> orig, List<Token> corr) {
        if (!u.substitution() || u.transposition()) return false;
        String a = orig.get(u.origStart()).text();
        String b = corr.get(u.corrStart()).text();
        if (Lexicon.lower(a).equals(Lexicon.lower(b)) || Lexicon.areConfusable(a, b)) return false;
        if (!Collections.disjoint(lexicon.lemmas(a), lexicon.lemmas(b))) return false;
        if ((Lexicon.isArticle(a) && Lexicon.isArticle(b)) || (Lexicon.isPreposition(a) && Lexicon.isPreposition(b))
                || (Lexicon.isAuxiliary(a) && Lexicon.isAuxiliary(b))) {
            return false;
        }
        return Lexicon.similarity(Lexicon.lower(a), Lexicon.lower(b)) < 0.5;
    }
}
