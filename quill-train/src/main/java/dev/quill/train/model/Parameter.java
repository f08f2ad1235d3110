package dev.quill.train.model;

/**
 * One trainable tensor under its Hugging Face name: the F32 master value, its gradient, and the
 * AdamW moments. {@code decay} says whether weight decay applies (matrices yes, norm gains no).
 */
public final class Parameter {
    final String name;
    final long[] shape;
    final float[] value;
    final float[] grad;
    final float[] m;
    final float[] v;
    final boolean decay;

    Parameter(String name, boolean decay, long... shape) {
        this.name = name;
        this.shape = shape;
        long n = 1;
        for (long s : shape) n *= s;
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(name + " is too large for one array");
        this.value = new float[(int) n];
        this.grad = new float[(int) n];
        this.m = new float[(int) n];
        this.v = new float[(int) n];
        this.decay = decay;
    }

    public String name() {
        return name;
    }

    public long[] shape() {
        return shape.clone();
    }

    public float[] value() {
        return value;
    }

    public float[] grad() {
        return grad;
    }

    public int size() {
        return value.length;
    }
}
