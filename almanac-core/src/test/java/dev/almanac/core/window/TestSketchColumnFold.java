package dev.almanac.core.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.memory.Memory;
import org.junit.jupiter.api.Test;

/**
 * The sketch fold's estimates and states are those of DataSketches' own {@link Union}, whether it
 * counts coupons itself or falls back to the union.
 */
class TestSketchColumnFold {
    private final Random random = new Random(20261204L);

    /** Sketches of overlapping random draws from {@code distinct} values, one per "day". */
    private List<byte[]> overlappingSketches(int distinct, int sketches) {
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < sketches; i++) {
            HllSketch sketch = new HllSketch(Sketches.LG_CONFIG_K, Sketches.TYPE);
            int draws = 1 + random.nextInt(Math.max(1, 2 * distinct / sketches + 1));
            for (int draw = 0; draw < draws; draw++) {
                sketch.update("page-" + random.nextInt(Math.max(1, distinct)));
            }
            images.add(Sketches.bytes(sketch));
        }
        return images;
    }

    private static Union libraryUnion(List<byte[]> images) {
        Union union = new Union(Sketches.LG_CONFIG_K);
        images.forEach(image -> union.update(HllSketch.wrap(Memory.wrap(image))));
        return union;
    }

    private static BinaryColumn.Fold fold(List<byte[]> images) {
        BinaryColumn.Fold fold = new SketchColumn("pages").newFold();
        images.forEach(fold::add);
        return fold;
    }

    @Test
    void estimatesEqualTheLibrarysUnionInAndPastCouponMode() {
        int counted = 0;
        int fellBack = 0;
        for (int distinct = 0; distinct <= 1200; distinct += 1 + distinct / 40) {
            for (int sketches : new int[] {1, 2, 7, 30}) {
                List<byte[]> images = overlappingSketches(distinct, sketches);
                long expected = Math.round(libraryUnion(images).getEstimate());
                if (CouponCounts.estimate(images).isPresent()) {
                    counted++;
                } else {
                    fellBack++;
                }
                assertThat(fold(images).finish())
                        .as("%d sketches of up to %d distinct values", sketches, distinct)
                        .containsExactly(expected);
            }
        }
        assertThat(counted).as("unions counted from coupons").isGreaterThan(100);
        assertThat(fellBack).as("unions past coupon mode").isGreaterThan(20);
    }

    @Test
    void couponModeEndsWhereTheLibrarysUnionLeavesIt() {
        List<byte[]> images = new ArrayList<>();
        Union union = new Union(Sketches.LG_CONFIG_K);
        long value = 0;
        while (CouponCounts.estimate(images).isPresent()) {
            HllSketch one = new HllSketch(Sketches.LG_CONFIG_K, Sketches.TYPE);
            one.update(value++);
            images.add(Sketches.bytes(one));
            union.update(one);
            if (CouponCounts.estimate(images).isPresent()) {
                assertThat(CouponCounts.estimate(images)).hasValue(Math.round(union.getEstimate()));
            }
        }
        assertThat(union.toCompactByteArray()[7] & 3)
                .as("the union's mode: HLL")
                .isEqualTo(2);
        assertThat(value).as("values fed when the union left coupon mode").isBetween(300L, 500L);
    }

    @Test
    void imagesThatAreNotCouponListsOfTheSameLgKAreLeftToTheUnion() {
        HllSketch dense = new HllSketch(Sketches.LG_CONFIG_K, Sketches.TYPE);
        for (int i = 0; i < 5000; i++) {
            dense.update(i);
        }
        HllSketch otherLgK = new HllSketch(10, TgtHllType.HLL_4);
        otherLgK.update("a");
        HllSketch small = new HllSketch(Sketches.LG_CONFIG_K, Sketches.TYPE);
        small.update("a");

        assertThat(CouponCounts.estimate(List.of(Sketches.bytes(small), Sketches.bytes(dense))))
                .isEmpty();
        assertThat(CouponCounts.estimate(List.of(otherLgK.toCompactByteArray())))
                .isEmpty();
        assertThat(CouponCounts.estimate(List.of(new byte[] {1, 2, 3}))).isEmpty();
        assertThat(CouponCounts.estimate(List.of(small.toUpdatableByteArray())))
                .as("an updatable image: its empty slots are skipped")
                .hasValue(1L);
        assertThat(CouponCounts.estimate(List.of())).isEqualTo(OptionalLong.of(0));
        List<byte[]> mixed = List.of(Sketches.bytes(small), Sketches.bytes(dense));
        assertThat(fold(mixed).finish())
                .containsExactly(Math.round(libraryUnion(mixed).getEstimate()));
    }

    @Test
    void stateIsTheUnionsImageAndLaterImagesGoIntoIt() {
        List<byte[]> first = overlappingSketches(60, 5);
        List<byte[]> later = overlappingSketches(60, 3);
        BinaryColumn.Fold fold = fold(first);
        // as the fold always built it: from the first image, the others read in place
        Union expected = Union.heapify(first.get(0));
        first.subList(1, first.size()).forEach(image -> expected.update(HllSketch.wrap(Memory.wrap(image))));

        assertThat(fold.state()).isEqualTo(expected.getResult(Sketches.TYPE).toCompactByteArray());

        later.forEach(fold::add);
        later.forEach(image -> expected.update(HllSketch.wrap(Memory.wrap(image))));
        assertThat(fold.finish()).containsExactly(Math.round(expected.getEstimate()));
        assertThat(HllSketch.heapify(fold.state()).getEstimate()).isEqualTo(expected.getEstimate());
    }
}
