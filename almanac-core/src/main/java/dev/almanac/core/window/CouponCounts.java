package dev.almanac.core.window;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.Union;

/**
 * The estimate of a union of small HyperLogLog sketches without building the union. A sketch of
 * few distinct values is, in DataSketches' format, a list or hash set of 32-bit coupons, and so is
 * a union of such sketches until it holds more coupons than its coupon mode allows; while it does,
 * its estimate is a function of the number of distinct coupons alone. Counting the distinct
 * coupons of the serialized images in a flat hash table costs a fraction of {@link Union}'s
 * coupon-by-coupon updates, which grow and rehash its set as it fills. The function is read off
 * DataSketches itself (a union fed one value at a time), so the estimates are the library's.
 *
 * <p>Images of another {@code lgK}, in HLL mode, or whose preamble is not a coupon list or set
 * are left to {@link Union}: {@link #estimate} returns empty for them, and for unions past the
 * coupon mode.
 */
final class CouponCounts {
    private static final int PREAMBLE_INTS_BYTE = 0;
    private static final int SERIAL_VERSION_BYTE = 1;
    private static final int FAMILY_BYTE = 2;
    private static final int LG_K_BYTE = 3;
    private static final int FLAGS_BYTE = 5;
    private static final int MODE_BYTE = 7;
    private static final int LIST_PREAMBLE_INTS = 2;
    private static final int SET_PREAMBLE_INTS = 3;
    private static final int HLL_FAMILY = 7;
    private static final int SERIAL_VERSION = 1;
    private static final int EMPTY_FLAG = 4;
    private static final int MODE_MASK = 3;
    private static final int LIST_MODE = 0;
    private static final int SET_MODE = 1;

    /** The rounded estimate of a union holding {@code n} coupons, for every {@code n} its coupon mode holds. */
    private static final long[] ESTIMATES = estimates();

    /** A hash table large enough for most unions, reused by each thread. */
    private static final ThreadLocal<int[]> TABLES =
            ThreadLocal.withInitial(() -> new int[4 * Integer.highestOneBit(ESTIMATES.length)]);

    private CouponCounts() {}

    /**
     * The rounded estimate of the union of {@code states} (serialized sketches of {@link
     * Sketches#LG_CONFIG_K}) as {@link Union} would give it, or empty when that union is not in
     * coupon mode or an image is not a coupon list or set.
     */
    static OptionalLong estimate(List<byte[]> states) {
        int total = 0;
        for (byte[] state : states) {
            int coupons = couponSlots(state);
            if (coupons < 0) {
                return OptionalLong.empty();
            }
            total += coupons;
        }
        if (total == 0) {
            return OptionalLong.of(ESTIMATES[0]);
        }
        int size = Math.max(16, Integer.highestOneBit(total) * 4);
        int[] table = TABLES.get();
        int[] slots = size <= table.length ? table : new int[size];
        Arrays.fill(slots, 0, size, 0);
        int mask = size - 1;
        int distinct = 0;
        for (byte[] state : states) {
            for (int offset = state[PREAMBLE_INTS_BYTE] * Integer.BYTES;
                    offset + Integer.BYTES <= state.length;
                    offset += Integer.BYTES) {
                int coupon = littleEndianInt(state, offset);
                if (coupon == 0) {
                    continue; // an empty slot of an image that is not compact
                }
                int slot = (coupon * 0x9E3779B9) >>> 8 & mask;
                while (slots[slot] != 0 && slots[slot] != coupon) {
                    slot = (slot + 1) & mask;
                }
                if (slots[slot] == 0) {
                    slots[slot] = coupon;
                    if (++distinct >= ESTIMATES.length) {
                        return OptionalLong.empty();
                    }
                }
            }
        }
        return OptionalLong.of(ESTIMATES[distinct]);
    }

    /** The coupon slots an image carries, or -1 when it is not a coupon list or set of our lgK. */
    private static int couponSlots(byte[] state) {
        if (state.length < LIST_PREAMBLE_INTS * Integer.BYTES
                || state[SERIAL_VERSION_BYTE] != SERIAL_VERSION
                || state[FAMILY_BYTE] != HLL_FAMILY
                || state[LG_K_BYTE] != Sketches.LG_CONFIG_K) {
            return -1;
        }
        int mode = state[MODE_BYTE] & MODE_MASK;
        int preambleInts = state[PREAMBLE_INTS_BYTE];
        boolean coupons = (mode == LIST_MODE && preambleInts == LIST_PREAMBLE_INTS)
                || (mode == SET_MODE && preambleInts == SET_PREAMBLE_INTS);
        if (!coupons || state.length % Integer.BYTES != 0 || state.length < preambleInts * Integer.BYTES) {
            return -1;
        }
        if ((state[FLAGS_BYTE] & EMPTY_FLAG) != 0) {
            return 0;
        }
        return state.length / Integer.BYTES - preambleInts;
    }

    private static int littleEndianInt(byte[] bytes, int offset) {
        return (bytes[offset] & 0xff)
                | (bytes[offset + 1] & 0xff) << 8
                | (bytes[offset + 2] & 0xff) << 16
                | (bytes[offset + 3] & 0xff) << 24;
    }

    /**
     * Feeds distinct values one at a time to a union and records its estimate at each coupon
     * count, until the union leaves coupon mode.
     */
    private static long[] estimates() {
        long[] estimates = new long[1 << Sketches.LG_CONFIG_K];
        Union union = new Union(Sketches.LG_CONFIG_K);
        estimates[0] = Math.round(union.getEstimate());
        int counted = 0;
        for (long value = 0; ; value++) {
            HllSketch one = new HllSketch(Sketches.LG_CONFIG_K, Sketches.TYPE);
            one.update(value);
            union.update(one);
            int coupons = couponSlots(union.toCompactByteArray());
            if (coupons < 0) {
                return Arrays.copyOf(estimates, counted + 1);
            }
            if (coupons != counted && coupons != counted + 1) {
                throw new IllegalStateException("a union's coupon count went from " + counted + " to " + coupons);
            }
            counted = coupons;
            estimates[counted] = Math.round(union.getEstimate());
        }
    }
}
