package dev.quill.train.eval;

/**
 * Share of sentences whose output equals the expected sentence, ignoring differences of
 * whitespace alone (runs of spaces, leading and trailing space). Counting against the source
 * instead of the gold gives the unchanged share, whose complement on clean sentences is the
 * wrongly-changed rate.
 */
public final class ExactMatch {
    private long matched;
    private long total;

    public static boolean same(String a, String b) {
        return normalize(a).equals(normalize(b));
    }

    private static String normalize(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }

    public void add(String output, String expected) {
        total++;
        if (same(output, expected)) matched++;
    }

    public long matched() {
        return matched;
    }

    public long total() {
        return total;
    }

    /** matched / total, 0 when empty. */
    public double rate() {
        return total == 0 ? 0 : (double) matched / total;
    }
}
