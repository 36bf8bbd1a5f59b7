package dev.almanac.core.window;

import static java.util.Objects.requireNonNull;

import dev.almanac.spi.type.Field;
import dev.almanac.spi.type.PrimitiveType;
import java.util.List;
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

    @Override
    public Fold newFold() {
        return new Fold() {
            // starts as the first sketch's image rather than empty, which saves growing its coupon set
            private Union union;

            @Override
            public void add(byte[] state) {
                if (union == null) {
                    union = Union.heapify(state);
                } else {
                    // read in place: a heapified copy would rebuild the coupon hash set only to iterate it
                    union.update(HllSketch.wrap(Memory.wrap(state)));
                }
            }

            private Union union() {
                if (union == null) {
                    union = new Union(Sketches.LG_CONFIG_K);
                }
                return union;
            }

            @Override
            public byte[] state() {
                return union().getResult(Sketches.TYPE).toCompactByteArray();
            }

            @Override
            public List<Object> finish() {
                return List.of(Math.round(union().getEstimate()));
            }
        };
    }
}
