package dev.almanac.spi.function;

import dev.almanac.spi.type.DataType;
import java.util.List;

/**
 * A user-defined scalar function callable from SQL, like a Hive UDF. Implementations are found with
 * {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/dev.almanac.spi.function.ScalarFunction} of a jar on the classpath.
 * Engines register every function on each new session.
 *
 * <p>Argument and return types are primitive types; values cross as Java objects: BOOLEAN
 * {@link Boolean}, INTEGER {@link Integer}, BIGINT {@link Long}, FLOAT {@link Float}, DOUBLE
 * {@link Double}, STRING {@link String}, DATE {@link java.time.LocalDate}, TIMESTAMP
 * {@link java.time.LocalDateTime}. A SQL NULL argument is {@code null}; returning {@code null} gives
 * NULL. Implementations must be stateless and thread-safe.
 */
public interface ScalarFunction {
    /** The SQL name, e.g. {@code mask_email}; case-insensitive in SQL. */
    String name();

    List<DataType> argumentTypes();

    DataType returnType();

    /** Computes the value for one row; {@code arguments} match {@link #argumentTypes()}. */
    Object apply(Object... arguments);
}
