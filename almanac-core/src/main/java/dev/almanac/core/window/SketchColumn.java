package dev.almanac.core.window;

import static java.util.Objects.requireNonNull;

import dev.almanac.spi.type.Field;
import dev.almanac.spi.type.PrimitiveType;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.memory.Memory;

/** The HyperLogLog sketches of an approximate distinct count, unioned per key. */
record SketchColumn(String name) implements BinaryColumn {
    SketchColumn {
        requireNonNull(name, "name is null");
    }

    @Override
    public List<Field> finishedColumns() {
        return List.of(Field.of(name, PrimitiveType.BIGINT));
    }

    /**
     * A fold that keeps the images it is given until it is asked for a result: an estimate of a
     * union still in coupon mode is then counted by {@link CouponCounts}, and only a fold asked for
     * its merged state, or past coupon mode, builds a {@link Union}, which takes later images
     * directly.
     */
    @Override
    public Fold newFold() {
        return new Fold() {
            private final List<byte[]> states = new ArrayList<>(4);
            private Union union;

            @Override
            public void add(byte[] state) {
                if (union == null) {
                    states.add(state);
                } else {
                    // read in place: a heapified copy would rebuild the coupon hash set only to iterate it
                    union.update(HllSketch.wrap(Memory.wrap(state)));
                }
            }

            private Union union() {
                if (union == null) {
                    if (states.isEmpty()) {
                        union = new Union(Sketches.LG_CONFIG_K);
                    } else {
                        // starts as the first sketch's image rather than empty, which saves growing its coupon set
                        union = Union.heapify(states.get(0));
                        for (byte[] state : states.subList(1, states.size())) {
                            union.update(HllSketch.wrap(Memory.wrap(state)));
                        }
                    }
                    states.clear();
                }
                return union;
            }

            @Override
            public byte[] state() {
                return union().getResult(Sketches.TYPE).toCompactByteArray();
            }

            @Override
            public List<Object> finish() {
                if (union == null) {
                    OptionalLong counted = CouponCounts.estimate(states);
                    if (counted.isPresent()) {
                        return List.of(counted.getAsLong());
                    }
                }
                return List.of(Math.round(union().getEstimate()));
            }
        };
    }
}
