package dev.almanac.core.generate;

/**
 * Mixes numbers into one (SplitMix64's finalizer), to derive independent random streams from the
 * seed and to make choices that depend only on who and what, not on what was generated before.
 */
final class StableHash {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private StableHash() {}

    static long of(long... parts) {
        long hash = GOLDEN;
        for (long part : parts) {
            hash = mix(hash ^ mix(part + GOLDEN));
        }
        return hash;
    }

    /** A number in [0, 1) from a hash. */
    static double unit(long hash) {
        return (hash >>> 11) * 0x1.0p-53;
    }

    private static long mix(long value) {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
