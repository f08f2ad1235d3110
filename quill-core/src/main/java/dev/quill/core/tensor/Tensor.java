package dev.quill.core.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * A read-only view of a stored tensor: row-major elements of {@code dtype} in {@code data},
 * which is normally a slice of a memory-mapped safetensors file (never copied onto the heap).
 * Elements are little-endian, as safetensors stores them.
 */
public record Tensor(String name, DType dtype, long[] shape, MemorySegment data) {

    static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort I16_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

    public Tensor {
        shape = shape.clone();
        long expectedBytes = elementCount(shape) * dtype.sizeBytes();
        if (data.byteSize() != expectedBytes) {
            throw new IllegalArgumentException("tensor " + name + ": " + data.byteSize()
                    + " bytes of data for shape " + Arrays.toString(shape) + " of " + dtype
                    + " (expected " + expectedBytes + ")");
        }
    }

    /** A tensor in native memory from {@code arena}, holding {@code values} rounded to {@code dtype}. */
    public static Tensor of(String name, DType dtype, long[] shape, float[] values, java.lang.foreign.Arena arena) {
        if (values.length != elementCount(shape)) {
            throw new IllegalArgumentException(values.length + " values for shape " + Arrays.toString(shape));
        }
        MemorySegment data = arena.allocate((long) values.length * dtype.sizeBytes(), 64);
        encode(values, dtype, data);
        return new Tensor(name, dtype, shape, data);
    }

    /** Writes {@code values} into {@code out} as little-endian elements of {@code dtype}. */
    public static void encode(float[] values, DType dtype, MemorySegment out) {
        for (int i = 0; i < values.length; i++) {
            switch (dtype) {
                case F32 -> out.setAtIndex(F32_LE, i, values[i]);
                case F16 -> out.setAtIndex(I16_LE, i, Float.floatToFloat16(values[i]));
                case BF16 -> out.setAtIndex(I16_LE, i, toBf16(values[i]));
            }
        }
    }

    /**
     * bfloat16 is the top 16 bits of a float32. Rounds to nearest, ties to even, by adding
     * 0x7FFF plus the lowest kept bit before truncating; a NaN keeps (or gains) its quiet bit so
     * that truncation cannot turn it into an infinity.
     */
    public static short toBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        int lowestKeptBit = (bits >>> 16) & 1;
        return (short) ((bits + 0x7FFF + lowestKeptBit) >>> 16);
    }

    public static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public long elementCount() {
        return elementCount(shape);
    }

    public int rank() {
        return shape.length;
    }

    /** Rows of a 2-D tensor (the output dimension of a Linear weight stored [out, in]). */
    public int rows() {
        return Math.toIntExact(shape[0]);
    }

    /** Columns of a 2-D tensor (the input dimension of a Linear weight). */
    public int cols() {
        return Math.toIntExact(shape[shape.length - 1]);
    }

    /** Element {@code i} (flat, row-major) widened to float. */
    public float get(long i) {
        return switch (dtype) {
            case F32 -> data.getAtIndex(F32_LE, i);
            case BF16 -> Float.intBitsToFloat((data.getAtIndex(I16_LE, i) & 0xFFFF) << 16);
            case F16 -> Float.float16ToFloat(data.getAtIndex(I16_LE, i));
        };
    }

    /** Copies all elements, widened to float, onto the heap (for small tensors such as norms). */
    public float[] toFloatArray() {
        float[] out = new float[Math.toIntExact(elementCount())];
        copyTo(0, out, 0, out.length);
        return out;
    }

    /**
     * Copies elements {@code [from, from + n)} (flat, row-major), widened to float, into
     * {@code out} at {@code at}: one bulk copy for F32, element by element otherwise.
     */
    public void copyTo(long from, float[] out, int at, int n) {
        if (dtype == DType.F32) {
            MemorySegment.copy(data, F32_LE, from * Float.BYTES, out, at, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            out[at + i] = get(from + i);
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public String toString() {
        return "Tensor[" + name + " " + dtype + " " + Arrays.toString(shape) + "]";
    }
}
