package dev.quill.train.eval;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * True positives, false positives and false negatives of edits, with precision, recall and
 * F0.5 by ERRANT's conventions: precision is 1 when nothing was proposed (no false positive),
 * recall is 1 when there was nothing to find (no false negative), F0.5 is 0 when both are 0.
 */
public record EditCounts(long tp, long fp, long fn) {
    public static final EditCounts ZERO = new EditCounts(0, 0, 0);

    public EditCounts plus(EditCounts o) {
        return new EditCounts(tp + o.tp, fp + o.fp, fn + o.fn);
    }

    @JsonProperty("precision")
    public double precision() {
        return fp == 0 ? 1.0 : (double) tp / (tp + fp);
    }

    @JsonProperty("recall")
    public double recall() {
        return fn == 0 ? 1.0 : (double) tp / (tp + fn);
    }

    /** F-beta with beta = 0.5: precision weighs twice as much as recall, the GEC convention. */
    @JsonProperty("f05")
    public double f05() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 1.25 * p * r / (0.25 * p + r);
    }
}
