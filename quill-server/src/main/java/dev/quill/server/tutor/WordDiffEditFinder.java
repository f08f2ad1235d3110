package dev.quill.server.tutor;

import dev.quill.grammar.edits.Edit;
import dev.quill.grammar.edits.ErrorType;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in {@link EditFinder} until quill-grammar's {@code EditExtractor} lands: aligns the
 * two texts word by word (longest common subsequence over whitespace-separated words) and
 * reports each maximal run of differing words as one edit typed {@link ErrorType#OTHER}.
 */
public final class WordDiffEditFinder implements EditFinder {

    /** A word and where it stands in its text. */
    private record Word(String text, int start, int end) {}

    @Override
    public List<Edit> edits(String original, String corrected) {
        List<Word> a = words(original);
        List<Word> b = words(corrected);
        // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..]
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).text().equals(b.get(j).text())
                        ? lcs[i + 1][j + 1] + 1
                        : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Edit> edits = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).text().equals(b.get(j).text())) {
                i++;
                j++;
                continue;
            }
            int i0 = i;
            int j0 = j;
            while ((i < a.size() || j < b.size())
                    && !(i < a.size() && j < b.size() && a.get(i).text().equals(b.get(j).text()))) {
                if (j == b.size() || (i < a.size() && lcs[i + 1][j] >= lcs[i][j + 1])) i++;
                else j++;
            }
            edits.add(edit(original, corrected, a, b, i0, i, j0, j));
        }
        return edits;
    }

    private static Edit edit(String original, String corrected, List<Word> a, List<Word> b, int i0, int i1, int j0, int j1) {
        int start;
        int end;
        if (i1 > i0) {
            start = a.get(i0).start();
            end = a.get(i1 - 1).end();
        } else {
            // an insertion sits before the next original word, or at the end of the text
            start = i0 < a.size() ? a.get(i0).start() : original.length();
            end = start;
        }
        String to = j1 > j0 ? corrected.substring(b.get(j0).start(), b.get(j1 - 1).end()) : "";
        return new Edit(start, end, original.substring(start, end), to, ErrorType.OTHER, Explanations.of(ErrorType.OTHER));
    }

    private static List<Word> words(String text) {
        List<Word> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) i++;
            int start = i;
            while (i < n && !Character.isWhitespace(text.charAt(i))) i++;
            if (i > start) out.add(new Word(text.substring(start, i), start, i));
        }
        return out;
    }
}
