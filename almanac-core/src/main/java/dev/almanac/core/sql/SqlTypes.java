package dev.almanac.core.sql;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
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
        return parse(text, new AtomicInteger(1_000));
    }

    /**
     * Parses a type; nested fields ({@code ARRAY<t>}, {@code MAP<k, v>}, {@code STRUCT<a: t, …>})
     * take ids from {@code ids}. Iceberg assigns the table's own ids when the type joins a schema.
     */
    static Type parse(String text, AtomicInteger ids) {
        String stripped = text.strip();
        int open = stripped.indexOf('<');
        if (open > 0 && stripped.endsWith(">")) {
            return nested(
                    stripped.substring(0, open).strip().toUpperCase(Locale.ROOT),
                    stripped.substring(open + 1, stripped.length() - 1),
                    text,
                    ids);
        }
        String type = stripped.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
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
                                + " DATE, TIMESTAMP, TIMESTAMPTZ, STRING, BINARY, ARRAY<t>, MAP<k, v> or"
                                + " STRUCT<name: t, …>");
        };
    }

    private static Type nested(String kind, String inner, String text, AtomicInteger ids) {
        List<String> parts = topLevel(inner);
        switch (kind) {
            case "ARRAY" -> {
                if (parts.size() == 1) {
                    return Types.ListType.ofOptional(ids.getAndIncrement(), parse(parts.get(0), ids));
                }
            }
            case "MAP" -> {
                if (parts.size() == 2) {
                    int keyId = ids.getAndIncrement();
                    int valueId = ids.getAndIncrement();
                    return Types.MapType.ofOptional(keyId, valueId, parse(parts.get(0), ids), parse(parts.get(1), ids));
                }
            }
            case "STRUCT" -> {
                List<Types.NestedField> fields = new ArrayList<>();
                for (String part : parts) {
                    int colon = part.indexOf(':');
                    if (colon <= 0) {
                        throw invalid(text);
                    }
                    String name = part.substring(0, colon).strip().replace("`", "");
                    fields.add(Types.NestedField.optional(
                            ids.getAndIncrement(),
                            name.toLowerCase(Locale.ROOT),
                            parse(part.substring(colon + 1), ids)));
                }
                return Types.StructType.of(fields);
            }
            default -> throw invalid(text);
        }
        throw invalid(text);
    }

    /** Splits {@code a, map<b, c>, d} at the commas outside brackets. */
    private static List<String> topLevel(String list) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '<' || c == '(') {
                depth++;
            } else if (c == '>' || c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(list.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(list.substring(start));
        return parts;
    }

    private static AlmanacException invalid(String text) {
        return new AlmanacException(
                ErrorCode.INVALID_QUERY,
                "Invalid column type '" + text.strip() + "'; nested types are written ARRAY<t>, MAP<k, v> or"
                        + " STRUCT<name: t, …>");
    }
}
