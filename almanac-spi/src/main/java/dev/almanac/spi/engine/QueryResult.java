package dev.almanac.spi.engine;

import dev.almanac.spi.type.Field;
import java.util.List;

/**
 * Rows of a query, read forward once. Values are Java objects: Boolean, Integer, Long, Float,
 * Double, BigDecimal, String, byte[], LocalDate, LocalDateTime (TIMESTAMP), Instant (TIMESTAMPTZ),
 * List, Map (also for structs, keyed by field name); null for SQL NULL.
 */
public interface QueryResult extends AutoCloseable {
    List<Field> columns();

    boolean next();

    Object value(int column);

    @Override
    void close();
}
