package dev.almanac.spark.driver;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import org.apache.spark.sql.SparkSession;

/**
 * The tables the statement being analyzed in each Spark session reads: the name the statement uses
 * (e.g. {@code raw.events}) and the temporary view over its planned files. Spark's temporary views
 * have one-part names and the session catalog has no multi-level namespaces, so {@link
 * BoundTableRule} swaps each bound name for its view while Spark analyzes the statement.
 */
final class BoundTables {
    private static final Map<SparkSession, Map<List<String>, String>> VIEWS =
            Collections.synchronizedMap(new WeakHashMap<>());

    private BoundTables() {}

    static void bind(SparkSession session, Map<List<String>, String> views) {
        VIEWS.put(session, Map.copyOf(views));
    }

    static void clear(SparkSession session) {
        VIEWS.remove(session);
    }

    static Optional<String> view(SparkSession session, List<String> nameParts) {
        Map<List<String>, String> views = VIEWS.getOrDefault(session, Map.of());
        return Optional.ofNullable(views.get(key(nameParts)));
    }

    static List<String> key(List<String> nameParts) {
        return nameParts.stream().map(part -> part.toLowerCase(Locale.ROOT)).toList();
    }
}
