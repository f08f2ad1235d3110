package dev.quill.core.kernels;

/**
 * Precomputed rotary embedding angles (Su et al. 2021) in the Hugging Face Llama layout: the
 * pair rotated together is (i, i + headDim/2), not adjacent elements, and the frequency of pair
 * i is theta^(-2i / headDim).
 */
public final class RopeTable {
    private final int headDim;
    private final int maxPositions;
    private final float[] cos; // [maxPositions][headDim / 2]
    private final float[] sin;

    public RopeTable(int headDim, int maxPositions, double theta) {
        this.headDim = headDim;
        this.maxPositions = maxPositions;
        int half = headDim / 2;
        cos = new float[maxPositions * half];
        sin = new float[maxPositions * half];
        for (int p = 0; p < maxPositions; p++) {
            for (int i = 0; i < half; i++) {
                double invFreq = Math.pow(theta, -2.0 * i / headDim);
                double angle = p * invFreq;
                cos[p * half + i] = (float) Math.cos(angle);
                sin[p * half + i] = (float) Math.sin(angle);
            }
        }
    }

    public int maxPositions() {
        return maxPositions;
    }

    /** Rotates every head of every row in place, row r at positions[r]. */
    public void apply(float[] x, int rows, int heads, int headDim, int[] positions) {
        rotate(x, rows, heads, headDim, positions, 1f);
    }

    /**
     * The transpose of {@link #apply} (rotation by minus the angle), in place: maps the gradient
     * with respect to rotated values back to the gradient with respect to the inputs.
     */
    public void applyTransposed(float[] x, int rows, int heads, int headDim, int[] positions) {
        rotate(x, rows, heads, headDim, positions, -1f);
    }

    private void rotate(float[] x, int rows, int heads, int headDim, int[] positions, float direction) {
        if (headDim != this.headDim) throw new IllegalArgumentException("head dim " + headDim + " != table's " + this.headDim);
        int half = headDim / 2;
        for (int r = 0; r < rows; r++) {
            int p = positions[r];
            if (p < 0 || p >= maxPositions) {
                throw new IllegalArgumentException("position " + p + " outside [0, " + maxPositions + ")");
            }
            int t = p * half;
            for (int h = 0; h < heads; h++) {
                int base = (r * heads + h) * headDim;
                for (int i = 0; i < half; i++) {
                    float x1 = x[base + i];
                    float x2 = x[base + i + half];
                    float c = cos[t + i];
                    float s = direction * sin[t + i];
                    x[base + i] = x1 * c - x2 * s;
                    x[base + i + half] = x2 * c + x1 * s;
                }
            }
        }
    }
}
