package dev.almanac.duckdb;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.engine.QueryResult;
import dev.almanac.spi.type.DecimalType;
import dev.almanac.spi.type.Field;
import dev.almanac.spi.type.PrimitiveType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Struct;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Rows of a DuckDB result as the Java values the SPI promises; closing it drops the query's views. */
final class DuckDbQueryResult implements QueryResult {
    private final Statement statement;
    private final ResultSet rows;
    private final List<Field> columns;
    private final Runnable onClose;

    DuckDbQueryResult(Statement statement, ResultSet rows, List<Field> columns, Runnable onClose) {
        this.statement = statement;
        this.rows = rows;
        this.columns = List.copyOf(columns);
        this.onClose = onClose;
    }

    @Override
    public List<Field> columns() {
        return columns;
    }

    @Override
    public boolean next() {
        try {
            return rows.next();
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e);
        }
    }

    @Override
    public Object value(int column) {
        Objects.checkIndex(column, columns.size());
        int index = column + 1;
        try {
            Field field = columns.get(column);
            if (field.type() instanceof DecimalType) {
                Object value = rows.getObject(index);
                // UBIGINT comes back as a BigInteger
                return value instanceof BigInteger big ? new BigDecimal(big) : value;
            }
            if (field.type() == PrimitiveType.BIGINT) {
                return bigint(field, rows.getObject(index));
            }
            if (field.type() instanceof PrimitiveType primitive) {
                switch (primitive) {
                    case DATE:
                        return rows.getObject(index, LocalDate.class);
                    case TIMESTAMP:
                        return rows.getObject(index, LocalDateTime.class);
                    case TIMESTAMPTZ:
                        OffsetDateTime time = rows.getObject(index, OffsetDateTime.class);
                        return time == null ? null : time.toInstant();
                    case STRING:
                        return rows.getString(index);
                    case BINARY:
                        return rows.getBytes(index);
                    default:
                        break;
                }
            }
            return convert(rows.getObject(index));
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e);
        }
    }

    /**
     * A BIGINT column's value. DuckDB's 128-bit integers (the sums of BIGINT and UBIGINT values are
     * HUGEINT) are BIGINT columns here, as a sum of BIGINT is in Spark and Hive, and come back as
     * BigIntegers; one that does not fit 64 bits is refused with the way out.
     */
    private static Object bigint(Field field, Object value) {
        if (!(value instanceof BigInteger big)) {
            return value instanceof Number number ? number.longValue() : value;
        }
        if (big.bitLength() < Long.SIZE) {
            return big.longValue();
        }
        throw new AlmanacException(
                ErrorCode.INVALID_QUERY,
                "Column " + field.name() + " has the value " + big + ", which does not fit a BIGINT (64 bits);"
                        + " cast it to DECIMAL(38, 0) or DOUBLE in the query");
    }

    static Object convert(Object value) throws SQLException {
        if (value instanceof BigInteger big) {
            return big.longValueExact();
        }
        if (value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toLocalDateTime();
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof Array array) {
            List<Object> list = new ArrayList<>();
            for (Object element : (Object[]) array.getArray()) {
                list.add(convert(element));
            }
            return list;
        }
        if (value instanceof Struct struct) {
            Map<String, Object> map = new LinkedHashMap<>();
            if (struct instanceof org.duckdb.DuckDBStruct duckStruct) {
                for (Map.Entry<String, Object> entry : duckStruct.getMap().entrySet()) {
                    map.put(entry.getKey(), convert(entry.getValue()));
                }
            }
            return map;
        }
        if (value instanceof Map<?, ?> source) {
            Map<Object, Object> map = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : source.entrySet()) {
                map.put(convert(entry.getKey()), convert(entry.getValue()));
            }
            return map;
        }
        if (value instanceof java.util.UUID uuid) {
            return uuid.toString();
        }
        return value;
    }

    @Override
    public void close() {
        try (statement;
                rows) {
            onClose.run();
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e);
        }
    }
}
