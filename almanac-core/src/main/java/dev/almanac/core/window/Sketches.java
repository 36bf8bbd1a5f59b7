package dev.almanac.core.window;

import dev.almanac.spi.engine.QueryResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;

/**
 * HyperLogLog sketches for approximate distinct counts built in Java, in Apache DataSketches' format
 * with Spark's default lgConfigK (12), so Spark's {@code hll_union_agg} and {@code
 * hll_sketch_estimate} read the per-day sketches as they are. Their images are compact HLL_4; the
 * sketches Spark's {@code hll_sketch_agg} builds are HLL_8 and updatable, with the same coupons for
 * the same values.
 */
final class Sketches {
    static final int LG_CONFIG_K = 12;
    static final TgtHllType TYPE = TgtHllType.HLL_4;

    private Sketches() {}

    static void update(HllSketch sketch, Object value) {
        if (value instanceof String text) {
            sketch.update(text);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            sketch.update(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            sketch.update(((Number) value).doubleValue());
        } else if (value instanceof byte[] bytes) {
            sketch.update(bytes);
        } else {
            sketch.update(value.toString());
        }
    }

    /**
     * Builds one sketch per key from rows {@code key columns…, value}, in any order; a row with the
     * key of the row before it goes to that row's sketch without a lookup, so rows ordered by key
     * cost one lookup a key.
     */
    static Map<List<Object>, HllSketch> build(QueryResult rows, int keyColumns) {
        Map<List<Object>, HllSketch> sketches = new HashMap<>();
        List<Object> key = null;
        HllSketch sketch = null;
        while (rows.next()) {
            if (key == null || !GroupKeys.rowHas(rows, key)) {
                key = GroupKeys.read(rows, keyColumns);
                sketch = sketches.computeIfAbsent(key, ignored -> new HllSketch(LG_CONFIG_K, TYPE));
            }
            update(sketch, rows.value(keyColumns));
        }
        return sketches;
    }

    /** Builds one sketch per key from rows {@code key columns…, value} and returns its estimate per key. */
    static Map<List<Object>, Long> estimateFromValues(QueryResult rows, int keyColumns) {
        Map<List<Object>, Long> estimates = new HashMap<>();
        build(rows, keyColumns).forEach((key, sketch) -> estimates.put(key, Math.round(sketch.getEstimate())));
        return estimates;
    }

    static byte[] bytes(HllSketch sketch) {
        return sketch.toCompactByteArray();
    }
}
