package dev.almanac.core.sql;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * SQL type names as DDL writes them (Spark, Hive and DuckDB spellings) to Iceberg types. TIMESTAMP
 * is a wall-clock time without zone, as in DuckDB; TIMESTAMPTZ (or TIMESTAMP WITH TIME ZONE) is an
 * instant.
 */
final class SqlTypes {
    private static final Pattern DECIMAL =
            Pattern.compile("(?:DECIMAL|NUMERIC)\\s*\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");

    private SqlTypes() {}

    static Type parse(String text) {
        String type = text.strip().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        Matcher decimal = DECIMAL.matcher(type);
        if (decimal.matches()) {
            return Types.DecimalType.of(Integer.parseInt(decimal.group(1)), Integer.parseInt(decimal.group(2)));
        }
        return switch (type) {
            case "BOOLEAN", "BOOL" -> Types.BooleanType.get();
            case "INT", "INTEGER", "INT4" -> Types.IntegerType.get();
            case "BIGINT", "LONG", "INT8" -> Types.LongType.get();
            case "FLOAT", "REAL", "FLOAT4" -> Types.FloatType.get();
            case "DOUBLE", "FLOAT8", "DOUBLE PRECISION" -> Types.DoubleType.get();
            case "DATE" -> Types.DateType.get();
            case "TIMESTAMP", "TIMESTAMP_NTZ", "TIMESTAMP WITHOUT TIME ZONE" -> Types.TimestampType.withoutZone();
            case "TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP_LTZ" -> Types.TimestampType.withZone();
            case "STRING", "VARCHAR", "TEXT", "JSON" -> Types.StringType.get();
            case "BINARY", "BLOB", "BYTEA" -> Types.BinaryType.get();
            default ->
                throw new AlmanacException(
                        ErrorCode.INVALID_QUERY,
                        "Unknown column type '" + text.strip()
                                + "'; use BOOLEAN, INT, BIGINT, FLOAT, DOUBLE, DECIMAL(p,s),"
                                + " DATE, TIMESTAMP, TIMESTAMPTZ, STRING or BINARY");
        };
    }
}
