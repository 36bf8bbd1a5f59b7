package dev.almanac.core.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.almanac.spi.engine.QueryResult;
import dev.almanac.spi.type.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.Union;
import org.junit.jupiter.api.Test;

/** Sketches built from rows in key order and from the same rows in any order hold the same values. */
class TestSketchesBuild {
    @Test
    void aKeyWhoseRowsAreApartGetsOneSketchOfAllOfThem() {
        List<List<Object>> rows = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            rows.add(List.of(1L + random.nextInt(40), "eu", "page-" + random.nextInt(300)));
        }
        rows.add(List.of(41L, "us", "page-1"));
        rows.add(List.of(41L, "eu", "page-2"));
        rows.add(List.of(41L, "us", "page-3"));

        List<List<Object>> byKey = new ArrayList<>(rows);
        byKey.sort((a, b) -> ((Long) a.get(0)).equals(b.get(0))
                ? ((String) a.get(1)).compareTo((String) b.get(1))
                : Long.compare((Long) a.get(0), (Long) b.get(0)));
        List<List<Object>> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new Random(11));

        Map<List<Object>, HllSketch> ordered = Sketches.build(new ListResult(byKey), 2);
        Map<List<Object>, HllSketch> unordered = Sketches.build(new ListResult(shuffled), 2);

        assertThat(ordered).hasSize(42).containsOnlyKeys(unordered.keySet());
        assertThat(ordered.get(List.of(41L, "us")).getEstimate()).isCloseTo(2.0, within(0.01));
        ordered.forEach((key, sketch) -> {
            HllSketch expected = new HllSketch(Sketches.LG_CONFIG_K, Sketches.TYPE);
            rows.stream()
                    .filter(row -> row.subList(0, 2).equals(key))
                    .forEach(row -> expected.update((String) row.get(2)));
            assertThat(Sketches.bytes(sketch)).as("key %s", key).isEqualTo(Sketches.bytes(expected));
            // in another order the same coupons may be laid out differently: compare what they count
            Union union = new Union(Sketches.LG_CONFIG_K);
            union.update(expected);
            union.update(unordered.get(key));
            assertThat(unordered.get(key).getEstimate()).as("key %s", key).isEqualTo(expected.getEstimate());
            assertThat(union.getEstimate()).as("key %s", key).isEqualTo(expected.getEstimate());
        });
    }

    /** Rows held in memory, as an engine's result gives them. */
    private static final class ListResult implements QueryResult {
        private final Iterator<List<Object>> rows;
        private List<Object> current;

        ListResult(List<List<Object>> rows) {
            this.rows = rows.iterator();
        }

        @Override
        public List<Field> columns() {
            throw new UnsupportedOperationException("not needed by Sketches.build");
        }

        @Override
        public boolean next() {
            current = rows.hasNext() ? rows.next() : null;
            return current != null;
        }

        @Override
        public Object value(int column) {
            return current.get(column);
        }

        @Override
        public void close() {}
    }
}
