package dev.almanac.core.window;

import dev.almanac.spi.engine.QueryResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;

/**
 * HyperLogLog sketches for approximate distinct counts, in Apache DataSketches' format with the
 * parameters Spark's {@code hll_sketch_agg} uses by default (lgConfigK 12, HLL_4), so Spark's
 * {@code hll_union_agg} and {@code hll_sketch_estimate} read the per-day sketches as they are.
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
     * Builds one sketch per day and key from rows {@code dt, key columns…, value}. Keys are kept
     * per day: lists of a day and a key hash alike for neighbouring days and keys, which would
     * crowd a single map's buckets.
     */
    static Map<Object, Map<List<Object>, HllSketch>> buildPerDay(QueryResult rows, int keyColumns) {
        Map<Object, Map<List<Object>, HllSketch>> days = new HashMap<>();
        while (rows.next()) {
            List<Object> key = key(rows, keyColumns, 1);
            update(
                    days.computeIfAbsent(rows.value(0), ignored -> new HashMap<>())
                            .computeIfAbsent(key, ignored -> new HllSketch(LG_CONFIG_K, TYPE)),
                    rows.value(keyColumns + 1));
        }
        return days;
    }

    /** Builds one sketch per key from rows {@code key columns…, value} and returns its estimate per key. */
    static Map<List<Object>, Long> estimateFromValues(QueryResult rows, int keyColumns) {
        Map<List<Object>, HllSketch> sketches = new HashMap<>();
        while (rows.next()) {
            List<Object> key = key(rows, keyColumns);
            update(sketches.computeIfAbsent(key, ignored -> new HllSketch(LG_CONFIG_K, TYPE)), rows.value(keyColumns));
        }
        Map<List<Object>, Long> estimates = new HashMap<>();
        sketches.forEach((key, sketch) -> estimates.put(key, Math.round(sketch.getEstimate())));
        return estimates;
    }

    static byte[] bytes(HllSketch sketch) {
        return sketch.toCompactByteArray();
    }

    private static List<Object> key(QueryResult rows, int keyColumns) {
        return key(rows, keyColumns, 0);
    }

    private static List<Object> key(QueryResult rows, int keyColumns, int first) {
        List<Object> key = new ArrayList<>(keyColumns);
        for (int i = first; i < first + keyColumns; i++) {
            key.add(rows.value(i));
        }
        return key;
    }
}
