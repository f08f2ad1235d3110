package dev.quill.train.eval;

/**
 * Python's {@code random} module for the two calls the official GLEU scorer makes:
 * {@code random.seed(int)} and {@code random.randint(a, b)}. MT19937 (Matsumoto and Nishimura
 * 1998) seeded with {@code init_by_array} over the seed's 32-bit words, as CPython seeds it,
 * and {@code randint} as CPython 3 draws it (rejection sampling over the fewest bits that cover
 * the range). With these, the references sampled for GLEU are the ones the official script
 * samples, so scores compare with published ones.
 */
final class PythonRandom {
    private static final int N = 624;
    private static final int M = 397;

    private final int[] mt = new int[N];
    private int index = N;

    /** {@code random.seed(seed)} for 0 <= seed < 2^32. */
    PythonRandom(long seed) {
        if (seed < 0 || seed >= (1L << 32)) throw new IllegalArgumentException("seed must fit 32 bits, got " + seed);
        initByArray(new int[] {(int) seed});
    }

    /** {@code random.randint(lo, hi)}: uniform over [lo, hi]. */
    int randint(int lo, int hi) {
        return lo + below(hi - lo + 1);
    }

    /** {@code _randbelow(n)}: draw bit_length(n) bits until the value is below n. */
    private int below(int n) {
        int bits = 32 - Integer.numberOfLeadingZeros(n);
        while (true) {
            int r = (int) (Integer.toUnsignedLong(next32()) >>> (32 - bits));
            if (r < n) return r;
        }
    }

    private void initGenrand(int s) {
        mt[0] = s;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        index = N;
    }

    private void initByArray(int[] key) {
        initGenrand(19650218);
        int i = 1;
        int j = 0;
        for (int k = Math.max(N, key.length); k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
            i++;
            j++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if (j >= key.length) j = 0;
        }
        for (int k = N - 1; k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
            i++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x80000000;
        index = N;
    }

    /** The next tempered 32-bit output (genrand_int32). */
    int next32() {
        if (index >= N) twist();
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    private void twist() {
        for (int k = 0; k < N; k++) {
            int y = (mt[k] & 0x80000000) | (mt[(k + 1) % N] & 0x7fffffff);
            mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
        }
        index = 0;
    }
}
