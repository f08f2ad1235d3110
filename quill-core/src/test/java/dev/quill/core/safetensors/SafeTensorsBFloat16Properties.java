package dev.quill.core.safetensors;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The bit trick in {@link dev.quill.core.tensor.Tensor#toBf16} against rounding done the long way. */
class SafeTensorsBFloat16Properties {

    @Property(tries = 5000)
    void bf16IsTheNearestValueWithTiesToEven(@ForAll int bits) {
        float value = Float.intBitsToFloat(bits);
        Assume.that(!Float.isNaN(value));

        int towardZero = bits & 0xFFFF0000;
        int awayFromZero = towardZero + 0x10000;
        double distanceDown = Math.abs(value - (double) Float.intBitsToFloat(towardZero));
        double distanceUp = Math.abs(asDoubleBeyondInfinity(awayFromZero) - value);
        int expected;
        if (distanceDown < distanceUp || (bits & 0xFFFF) == 0) {
            expected = towardZero;
        } else if (distanceUp < distanceDown) {
            expected = awayFromZero;
        } else {
            expected = (towardZero & 0x10000) == 0 ? towardZero : awayFromZero;
        }

        assertThat(dev.quill.core.tensor.Tensor.toBf16(value) & 0xFFFF).isEqualTo(expected >>> 16);
    }

    @Property(tries = 2000)
    void nanStaysNanWithItsSign(@ForAll int payload, @ForAll boolean negative) {
        int mantissa = payload & 0x7FFFFF;
        Assume.that(mantissa != 0);
        float nan = Float.intBitsToFloat((negative ? 0x80000000 : 0) | 0x7F800000 | mantissa);

        short bf16 = dev.quill.core.tensor.Tensor.toBf16(nan);

        float widened = Float.intBitsToFloat(bf16 << 16);
        assertThat(widened).isNaN();
        assertThat(bf16 < 0).isEqualTo(negative);
    }

    /**
     * The float with these bits, except that the bit pattern one step beyond the largest finite
     * value (infinity) counts as 2^128: IEEE rounding treats overflow as that next step.
     */
    private static double asDoubleBeyondInfinity(int bits) {
        float f = Float.intBitsToFloat(bits);
        return Float.isInfinite(f) ? Math.copySign(0x1p128, f) : f;
    }
}
