package dev.quill.grammar.edits;

import java.util.ArrayList;
import java.util.List;

/**
 * Places aligned units on the characters of both sentences so that replacing each edit's
 * original characters by its corrected ones turns one sentence into the other exactly.
 *
 * <p>Between two consecutive units (and before the first and after the last) lies a boundary.
 * A run of whitespace between two tokens of one sentence belongs to exactly one boundary; when
 * units with nothing on that side (insertions on the original side, deletions on the corrected
 * side) share the gap, the gap goes to the leftmost boundary where both sentences have the same
 * text, so an inserted word is placed just before the token it precedes and a deleted word takes
 * the space after it. A boundary whose two texts still differ is absorbed by the edit on its left,
 * else the one on its right, else it becomes a spacing edit of its own.
 */
final class Layout {
    /** An edit's characters: original [origStart, origEnd), corrected [corrStart, corrEnd), and its corrected tokens. */
    record Span(int origStart, int origEnd, int corrStart, int corrEnd, int corrTokenStart, int corrTokenEnd) {}

    private enum Absorbed { NONE, LEFT, RIGHT, OWN }

    private final List<Span> spans = new ArrayList<>();

    Layout(String original, String corrected, List<Token> orig, List<Token> corr, List<EditExtractor.Unit> units) {
        int k = units.size();
        int[] origGap = new int[k + 1];
        int[] corrGap = new int[k + 1];
        for (int b = 0; b <= k; b++) {
            origGap[b] = b == 0 ? 0 : units.get(b - 1).origEnd();
            corrGap[b] = b == 0 ? 0 : units.get(b - 1).corrEnd();
        }
        int[][] origRange = new int[k + 1][];
        int[][] corrRange = new int[k + 1][];
        // original side first, comparing with the corrected text where it is already fixed
        place(origGap, corrGap, orig, original, corr, corrected, origRange, null);
        place(corrGap, origGap, corr, corrected, orig, original, corrRange, origRange);

        Absorbed[] absorbed = new Absorbed[k + 1];
        for (int b = 0; b <= k; b++) {
            String o = original.substring(origRange[b][0], origRange[b][1]);
            String c = corrected.substring(corrRange[b][0], corrRange[b][1]);
            if (o.equals(c)) absorbed[b] = Absorbed.NONE;
            else if (b > 0 && !units.get(b - 1).match()) absorbed[b] = Absorbed.LEFT;
            else if (b < k && !units.get(b).match()) absorbed[b] = Absorbed.RIGHT;
            else absorbed[b] = Absorbed.OWN;
        }
        for (int b = 0; b <= k; b++) {
            if (absorbed[b] == Absorbed.OWN) {
                spans.add(new Span(origRange[b][0], origRange[b][1], corrRange[b][0], corrRange[b][1], corrGap[b], corrGap[b]));
            }
            if (b == k || units.get(b).match()) continue;
            EditExtractor.Unit u = units.get(b);
            boolean takesLeft = absorbed[b] == Absorbed.RIGHT;
            boolean takesRight = absorbed[b + 1] == Absorbed.LEFT;
            spans.add(new Span(
                    takesLeft ? origRange[b][0] : origRange[b][1], takesRight ? origRange[b + 1][1] : origRange[b + 1][0],
                    takesLeft ? corrRange[b][0] : corrRange[b][1], takesRight ? corrRange[b + 1][1] : corrRange[b + 1][0],
                    u.corrStart(), u.corrEnd()));
        }
    }

    List<Span> spans() {
        return spans;
    }

    /**
     * Gives each boundary its range of {@code text}: the whole gap for the boundary that carries
     * it, an empty range at the gap's start or end for the others sharing it.
     *
     * @param otherRange the other sentence's ranges where already placed (null: compare only where
     *                   the other side's gap has a single boundary)
     */
    private static void place(int[] gap, int[] otherGap, List<Token> tokens, String text, List<Token> otherTokens,
            String otherText, int[][] range, int[][] otherRange) {
        int boundaries = gap.length;
        int b = 0;
        while (b < boundaries) {
            int end = b + 1;
            while (end < boundaries && gap[end] == gap[b]) end++;
            int gs = gapStart(tokens, gap[b]);
            int ge = gapEnd(tokens, gap[b], text);
            String gapText = text.substring(gs, ge);
            int carrier = b;
            if (end - b > 1) {
                for (int c = b; c < end; c++) {
                    String other = otherText(c, otherGap, otherTokens, otherText, otherRange);
                    if (gapText.equals(other)) {
                        carrier = c;
                        break;
                    }
                }
            }
            for (int c = b; c < end; c++) {
                range[c] = c < carrier ? new int[] {gs, gs} : c == carrier ? new int[] {gs, ge} : new int[] {ge, ge};
            }
            b = end;
        }
    }

    /** The other sentence's text at boundary c, or null when it is not fixed yet. */
    private static String otherText(int c, int[] otherGap, List<Token> otherTokens, String otherText, int[][] otherRange) {
        if (otherRange != null) return otherText.substring(otherRange[c][0], otherRange[c][1]);
        boolean shared = (c > 0 && otherGap[c - 1] == otherGap[c]) || (c + 1 < otherGap.length && otherGap[c + 1] == otherGap[c]);
        if (shared) return null;
        return otherText.substring(gapStart(otherTokens, otherGap[c]), gapEnd(otherTokens, otherGap[c], otherText));
    }

    /** Gap t lies between token t-1 and token t (gap 0 before the first, gap n after the last). */
    private static int gapStart(List<Token> tokens, int t) {
        return t == 0 ? 0 : tokens.get(t - 1).end();
    }

    private static int gapEnd(List<Token> tokens, int t, String text) {
        return t == tokens.size() ? text.length() : tokens.get(t).start();
    }
}
