package dev.almanac.core.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.temporal.ChronoField.HOUR_OF_DAY;
import static java.time.temporal.ChronoField.MINUTE_OF_HOUR;
import static java.time.temporal.ChronoField.NANO_OF_SECOND;
import static java.time.temporal.ChronoField.SECOND_OF_MINUTE;

import dev.almanac.spi.type.DataType;
import dev.almanac.spi.type.DecimalType;
import dev.almanac.spi.type.PrimitiveType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * The Almanac type of each column a JDBC source returns, and reading its values as the Java values
 * {@code Engine.stage} takes. Types are mapped conservatively: every integer becomes BIGINT, a
 * numeric DECIMAL(p,s) when its precision is known and at most 38 (else DOUBLE), and anything
 * without an exact counterpart STRING, read with {@code getString}.
 *
 * <p>SQLite is typed by value, not by column: its driver derives JDBC types from declarations
 * loosely (a DATETIME column is reported as DATE), so SQLite columns are mapped from their declared
 * type names, and values are converted from whatever the row holds. A column without a declared
 * type (any computed column of a query) is STRING, as its values may be of any type.
 */
final class JdbcTypes {
    /** ISO-8601 with a space or T between date and time, optional seconds, fraction and offset. */
    private static final DateTimeFormatter TIMESTAMP_TEXT = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart()
            .appendLiteral('T')
            .optionalEnd()
            .optionalStart()
            .appendLiteral(' ')
            .optionalEnd()
            .appendValue(HOUR_OF_DAY, 2)
            .appendLiteral(':')
            .appendValue(MINUTE_OF_HOUR, 2)
            .optionalStart()
            .appendLiteral(':')
            .appendValue(SECOND_OF_MINUTE, 2)
            .optionalStart()
            .appendFraction(NANO_OF_SECOND, 0, 9, true)
            .optionalEnd()
            .optionalEnd()
            .optionalStart()
            .appendOffset("+HH:MM", "Z")
            .optionalEnd()
            .optionalStart()
            .appendOffset("+HH", "Z")
            .optionalEnd()
            .toFormatter(Locale.ROOT);

    private JdbcTypes() {}

    static DataType almanacType(ResultSetMetaData metadata, int column, boolean sqlite) throws SQLException {
        String typeName = String.valueOf(metadata.getColumnTypeName(column));
        int precision = metadata.getPrecision(column);
        int scale = metadata.getScale(column);
        return sqlite
                ? fromSqliteDeclaration(typeName, precision, scale)
                : fromJdbc(metadata.getColumnType(column), typeName, precision, scale);
    }

    static DataType fromJdbc(int jdbcType, String typeName, int precision, int scale) {
        String name = typeName.toLowerCase(Locale.ROOT);
        return switch (jdbcType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> PrimitiveType.BIGINT;
            case Types.NUMERIC, Types.DECIMAL -> decimal(precision, scale);
            // PostgreSQL reports money as DOUBLE, but its text ("$1.00") is no number
            case Types.FLOAT, Types.REAL, Types.DOUBLE ->
                name.equals("money") ? PrimitiveType.STRING : PrimitiveType.DOUBLE;
            case Types.BOOLEAN -> PrimitiveType.BOOLEAN;
            // PostgreSQL reports boolean columns as BIT
            case Types.BIT -> precision <= 1 ? PrimitiveType.BOOLEAN : PrimitiveType.STRING;
            case Types.DATE -> PrimitiveType.DATE;
            // PostgreSQL reports timestamptz columns as TIMESTAMP
            case Types.TIMESTAMP ->
                name.equals("timestamptz") || name.contains("with time zone")
                        ? PrimitiveType.TIMESTAMPTZ
                        : PrimitiveType.TIMESTAMP;
            case Types.TIMESTAMP_WITH_TIMEZONE -> PrimitiveType.TIMESTAMPTZ;
            default -> PrimitiveType.STRING;
        };
    }

    /** A SQLite column by its declared type name, following SQLite's own affinity rules where they apply. */
    static DataType fromSqliteDeclaration(String typeName, int precision, int scale) {
        String name = typeName.toUpperCase(Locale.ROOT).strip();
        if (name.contains("WITH TIME ZONE") || name.equals("TIMESTAMPTZ")) {
            return PrimitiveType.TIMESTAMPTZ;
        }
        if (name.equals("DATETIME") || name.startsWith("TIMESTAMP")) {
            return PrimitiveType.TIMESTAMP;
        }
        if (name.equals("DATE")) {
            return PrimitiveType.DATE;
        }
        if (name.equals("BOOLEAN") || name.equals("BOOL")) {
            return PrimitiveType.BOOLEAN;
        }
        if (name.contains("INT")) {
            return PrimitiveType.BIGINT;
        }
        if (name.startsWith("DECIMAL") || name.startsWith("NUMERIC")) {
            if (precision > 0) {
                return decimal(precision, scale);
            }
            // the driver reports NUMERIC for columns with no declared type, which hold anything
            return name.startsWith("NUMERIC") ? PrimitiveType.STRING : PrimitiveType.DOUBLE;
        }
        if (name.contains("REAL") || name.contains("FLOA") || name.contains("DOUB")) {
            return PrimitiveType.DOUBLE;
        }
        return PrimitiveType.STRING;
    }

    private static DataType decimal(int precision, int scale) {
        if (precision >= 1 && precision <= 38 && scale >= 0 && scale <= precision) {
            return new DecimalType(precision, scale);
        }
        return PrimitiveType.DOUBLE;
    }

    /**
     * The value of a column as {@code Engine.stage} takes it for {@code type}. Throws
     * {@link IllegalArgumentException} when a value does not fit the type, its message the value and
     * why (e.g. {@code 'yesterday', which is not a TIMESTAMP (yyyy-MM-dd HH:mm:ss)}).
     */
    static Object read(ResultSet rows, int column, DataType type, boolean sqlite) throws SQLException {
        if (sqlite) {
            return convert(rows.getObject(column), type);
        }
        if (type instanceof DecimalType decimal) {
            BigDecimal value = rows.getBigDecimal(column);
            return value == null ? null : fit(value, decimal);
        }
        Object value = switch ((PrimitiveType) type) {
            case BIGINT -> rows.getLong(column);
            case DOUBLE -> rows.getDouble(column);
            case BOOLEAN -> rows.getBoolean(column);
            case DATE -> rows.getObject(column, LocalDate.class);
            case TIMESTAMP -> rows.getObject(column, LocalDateTime.class);
            case TIMESTAMPTZ -> rows.getObject(column, OffsetDateTime.class);
            default -> rows.getString(column);
        };
        return rows.wasNull() ? null : value;
    }

    /** Converts what a SQLite row holds (Integer, Long, Double, String or byte[]) to {@code type}. */
    static Object convert(Object value, DataType type) {
        if (value == null) {
            return null;
        }
        if (type instanceof DecimalType decimal) {
            return fit(decimalOf(value, type), decimal);
        }
        return switch ((PrimitiveType) type) {
            case BIGINT -> longOf(value);
            case DOUBLE -> value instanceof Number number ? number.doubleValue() : doubleOf(value);
            case BOOLEAN -> booleanOf(value);
            case DATE ->
                value instanceof Number number
                        ? LocalDate.ofInstant(Instant.ofEpochMilli(number.longValue()), ZoneOffset.UTC)
                        : dateOf(value);
            case TIMESTAMP ->
                value instanceof Number number
                        ? LocalDateTime.ofInstant(Instant.ofEpochMilli(number.longValue()), ZoneOffset.UTC)
                        : timestampOf(value, false);
            case TIMESTAMPTZ ->
                value instanceof Number number
                        ? Instant.ofEpochMilli(number.longValue()).atOffset(ZoneOffset.UTC)
                        : timestampOf(value, true);
            default -> value instanceof byte[] bytes ? new String(bytes, UTF_8) : value.toString();
        };
    }

    /** Rounds half up to the column's scale, as PostgreSQL does storing into numeric(p,s). */
    private static BigDecimal fit(BigDecimal value, DecimalType type) {
        BigDecimal scaled = value.setScale(type.scale(), RoundingMode.HALF_UP);
        if (scaled.precision() - scaled.scale() > type.precision() - type.scale()) {
            throw new IllegalArgumentException(value.toPlainString() + ", which does not fit " + type.displayName());
        }
        return scaled;
    }

    private static BigDecimal decimalOf(Object value, DataType type) {
        if (value instanceof Integer || value instanceof Long) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Number number) {
            // the shortest decimal that reads back as the double, e.g. 19.99 rather than 19.989999…
            return BigDecimal.valueOf(number.doubleValue());
        }
        try {
            return new BigDecimal(text(value).strip());
        } catch (NumberFormatException e) {
            throw notA(value, type.displayName());
        }
    }

    private static long longOf(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof Number number) {
            double real = number.doubleValue();
            if (real != Math.rint(real) || Math.abs(real) > 0x1p63) {
                throw notA(value, "BIGINT");
            }
            return (long) real;
        }
        try {
            return Long.parseLong(text(value).strip());
        } catch (NumberFormatException e) {
            throw notA(value, "BIGINT");
        }
    }

    private static double doubleOf(Object value) {
        try {
            return Double.parseDouble(text(value).strip());
        } catch (NumberFormatException e) {
            throw notA(value, "DOUBLE");
        }
    }

    private static boolean booleanOf(Object value) {
        if (value instanceof Number number) {
            return number.doubleValue() != 0;
        }
        return switch (text(value).strip().toLowerCase(Locale.ROOT)) {
            case "1", "true", "t", "yes", "y" -> true;
            case "0", "false", "f", "no", "n" -> false;
            default -> throw notA(value, "BOOLEAN (1/0 or true/false)");
        };
    }

    private static LocalDate dateOf(Object value) {
        String text = text(value).strip();
        try {
            return text.length() > 10 ? LocalDate.from(parseTimestamp(text)) : LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw notA(value, "DATE (yyyy-MM-dd)");
        }
    }

    /**
     * A timestamp from text. Without a zone: text with an offset is taken to UTC. With a zone: text
     * without an offset is read as UTC.
     */
    private static Object timestampOf(Object value, boolean withZone) {
        String text = text(value).strip();
        try {
            if (text.length() == 10) {
                LocalDateTime midnight = LocalDate.parse(text).atStartOfDay();
                return withZone ? midnight.atOffset(ZoneOffset.UTC) : midnight;
            }
            TemporalAccessor parsed = parseTimestamp(text);
            if (parsed instanceof OffsetDateTime offset) {
                return withZone
                        ? offset
                        : offset.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
            }
            LocalDateTime local = (LocalDateTime) parsed;
            return withZone ? local.atOffset(ZoneOffset.UTC) : local;
        } catch (DateTimeParseException e) {
            throw notA(value, withZone ? "TIMESTAMPTZ (yyyy-MM-dd HH:mm:ss+HH:MM)" : "TIMESTAMP (yyyy-MM-dd HH:mm:ss)");
        }
    }

    private static TemporalAccessor parseTimestamp(String text) {
        return TIMESTAMP_TEXT.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, UTF_8) : value.toString();
    }

    private static IllegalArgumentException notA(Object value, String type) {
        String text = text(value);
        String shown = text.length() > 100 ? text.substring(0, 100) + "…" : text;
        return new IllegalArgumentException("'" + shown + "', which is not a " + type);
    }

    /** Whether a column of this type can serve as an incremental column. */
    static boolean ordered(DataType type) {
        return type != PrimitiveType.BOOLEAN;
    }

    /** A high-water mark as text that {@link #parameter} reads back: ISO-8601 for times, plain decimals. */
    static String markText(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return value.toString();
    }

    /**
     * A high-water mark as the typed value to compare the incremental column with. SQLite compares
     * with the column's own affinity, so there the mark is the text the column held, except integers.
     */
    static Object parameter(String text, DataType type, boolean sqlite) {
        if (type instanceof DecimalType) {
            return sqlite ? text : new BigDecimal(text);
        }
        return switch ((PrimitiveType) type) {
            case BIGINT -> Long.parseLong(text);
            case DOUBLE -> sqlite ? text : Double.valueOf(text);
            case DATE -> sqlite ? text : LocalDate.parse(text);
            case TIMESTAMP -> sqlite ? text : LocalDateTime.parse(text);
            case TIMESTAMPTZ -> sqlite ? text : OffsetDateTime.parse(text);
            default -> text;
        };
    }
}
