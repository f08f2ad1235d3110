package dev.quill.train.data;

/**
 * Which part of the data a clean sentence belongs to. Decided by a stable hash of the sentence's
 * {@link Text#key normalised form}, so a sentence (and every pair made from it) is in exactly one
 * split, whatever the seed and whatever source it came from: 95% train, 2% dev, 2% test, 1%
 * clean-test.
 */
public enum Split {
    TRAIN, DEV, TEST, CLEAN_TEST;

    public static Split of(String sentence) {
        int permille = StableHash.bucket("split:" + Text.key(sentence), 1000);
        if (permille < 950) return TRAIN;
        if (permille < 970) return DEV;
        if (permille < 990) return TEST;
        return CLEAN_TEST;
    }
}
