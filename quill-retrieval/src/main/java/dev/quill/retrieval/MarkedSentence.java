package dev.quill.retrieval;

import dev.quill.grammar.edits.Edit;
import dev.quill.grammar.edits.ErrorType;
import java.util.ArrayList;
import java.util.List;

/**
 * A learner sentence with its corrections marked inline, the form the card file uses for
 * examples and probes: {@code "I ate [a->an] apple."} is the wrong sentence "I ate a apple." and
 * the right one "I ate an apple.". {@code [->the]} marks an insertion, {@code [it->]} a deletion.
 */
public record MarkedSentence(String marked) {

    private static final String ARROW = "->";

    public MarkedSentence {
        parse(marked); // fail on construction, not on first use
    }

    /** The sentence as the learner wrote it. */
    public String wrong() {
        return render(true);
    }

    /** The sentence after every marked correction. */
    public String right() {
        return render(false);
    }

    /**
     * The marked corrections as edits of {@link #wrong()}: character offsets into the wrong
     * sentence, the given type, no explanation yet.
     */
    public List<Edit> edits(ErrorType type) {
        List<Edit> edits = new ArrayList<>();
        StringBuilder wrong = new StringBuilder();
        for (Segment s : parse(marked)) {
            int start = wrong.length();
            append(wrong, s.from());
            if (s.mark()) edits.add(new Edit(start, wrong.length(), s.from(), s.to(), type, ""));
        }
        return List.copyOf(edits);
    }

    private String render(boolean wrong) {
        StringBuilder out = new StringBuilder();
        for (Segment s : parse(marked)) append(out, wrong || !s.mark() ? s.from() : s.to());
        return out.toString();
    }

    /** Appends, dropping the space a removed word leaves doubled ("I saw [->a] dog" is "I saw dog"). */
    private static void append(StringBuilder out, String text) {
        if (!text.isEmpty() && text.charAt(0) == ' ' && !out.isEmpty() && out.charAt(out.length() - 1) == ' ') {
            out.append(text, 1, text.length());
        } else {
            out.append(text);
        }
    }

    /** Plain text (from only) or a marked correction (from -> to). */
    private record Segment(boolean mark, String from, String to) {}

    private static List<Segment> parse(String marked) {
        List<Segment> segments = new ArrayList<>();
        int i = 0;
        while (i < marked.length()) {
            int open = marked.indexOf('[', i);
            if (open < 0) {
                segments.add(new Segment(false, marked.substring(i), ""));
                break;
            }
            int close = marked.indexOf(']', open);
            int arrow = marked.indexOf(ARROW, open);
            if (close < 0 || arrow < 0 || arrow > close || marked.indexOf('[', open + 1) >= 0 && marked.indexOf('[', open + 1) < close) {
                throw new IllegalArgumentException("malformed mark at " + open + " in: " + marked);
            }
            if (open > i) segments.add(new Segment(false, marked.substring(i, open), ""));
            String from = marked.substring(open + 1, arrow);
            String to = marked.substring(arrow + ARROW.length(), close);
            if (from.equals(to)) throw new IllegalArgumentException("a mark that changes nothing in: " + marked);
            segments.add(new Segment(true, from, to));
            i = close + 1;
        }
        if (segments.stream().noneMatch(Segment::mark)) {
            throw new IllegalArgumentException("no [from->to] mark in: " + marked);
        }
        return segments;
    }
}
