package dev.almanac.duckdb;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.function.ScalarFunction;
import dev.almanac.spi.type.DataType;
import dev.almanac.spi.type.PrimitiveType;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.ServiceLoader;
import org.duckdb.DuckDBColumnType;
import org.duckdb.DuckDBDataChunkReader;
import org.duckdb.DuckDBFunctions;
import org.duckdb.DuckDBReadableVector;
import org.duckdb.DuckDBScalarFunctionBuilder;
import org.duckdb.DuckDBWritableVector;

/**
 * Registers the {@link ScalarFunction}s on the classpath as DuckDB functions of one database
 * (DuckDB functions are per database, so this runs for every new connection). Each row's values
 * are read from DuckDB's vectors, passed to {@link ScalarFunction#apply} and the result written
 * back; NULL arguments reach the function as {@code null}.
 */
final class JavaScalarFunctions {
    private JavaScalarFunctions() {}

    static void register(Connection connection) throws SQLException {
        for (ScalarFunction function : ServiceLoader.load(ScalarFunction.class)) {
            register(connection, function);
        }
    }

    static void register(Connection connection, ScalarFunction function) throws SQLException {
        List<DataType> argumentTypes = function.argumentTypes();
        PrimitiveType[] parameters = new PrimitiveType[argumentTypes.size()];
        DuckDBColumnType[] columnTypes = new DuckDBColumnType[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            parameters[i] = primitive(function, argumentTypes.get(i));
            columnTypes[i] = columnType(parameters[i]);
        }
        PrimitiveType returnType = primitive(function, function.returnType());
        try (DuckDBScalarFunctionBuilder builder = DuckDBFunctions.scalarFunction()) {
            builder.withName(function.name())
                    .withParameters(columnTypes)
                    .withReturnType(columnType(returnType))
                    .withVectorizedFunction((input, output) -> apply(function, parameters, returnType, input, output))
                    .register(connection);
        }
    }

    private static void apply(
            ScalarFunction function,
            PrimitiveType[] parameters,
            PrimitiveType returnType,
            DuckDBDataChunkReader input,
            DuckDBWritableVector output) {
        DuckDBReadableVector[] vectors = new DuckDBReadableVector[parameters.length];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = input.vector(i);
        }
        Object[] arguments = new Object[parameters.length];
        for (long row = 0; row < input.rowCount(); row++) {
            for (int i = 0; i < arguments.length; i++) {
                arguments[i] = vectors[i].isNull(row) ? null : read(vectors[i], row, parameters[i]);
            }
            Object result;
            try {
                result = function.apply(arguments.clone());
            } catch (RuntimeException e) {
                throw new AlmanacException(
                        ErrorCode.INVALID_QUERY, "Function " + function.name() + " failed: " + e.getMessage(), e);
            }
            if (result == null) {
                output.setNull(row);
            } else {
                write(output, row, returnType, result, function);
            }
        }
    }

    private static Object read(DuckDBReadableVector vector, long row, PrimitiveType type) {
        return switch (type) {
            case BOOLEAN -> vector.getBoolean(row);
            case INTEGER -> vector.getInt(row);
            case BIGINT -> vector.getLong(row);
            case FLOAT -> vector.getFloat(row);
            case DOUBLE -> vector.getDouble(row);
            case STRING -> vector.getString(row);
            case DATE -> vector.getLocalDate(row);
            case TIMESTAMP -> vector.getLocalDateTime(row);
            default -> throw new IllegalStateException(type.name());
        };
    }

    private static void write(
            DuckDBWritableVector output, long row, PrimitiveType type, Object value, ScalarFunction function) {
        try {
            switch (type) {
                case BOOLEAN -> output.setBoolean(row, (Boolean) value);
                case INTEGER -> output.setInt(row, (Integer) value);
                case BIGINT -> output.setLong(row, (Long) value);
                case FLOAT -> output.setFloat(row, (Float) value);
                case DOUBLE -> output.setDouble(row, (Double) value);
                case STRING -> output.setString(row, (String) value);
                case DATE -> output.setDate(row, (LocalDate) value);
                case TIMESTAMP -> output.setTimestamp(row, (LocalDateTime) value);
                default -> throw new IllegalStateException(type.name());
            }
        } catch (ClassCastException e) {
            throw new AlmanacException(
                    ErrorCode.INVALID_QUERY,
                    "Function " + function.name() + " returned a "
                            + value.getClass().getName() + " for its " + type.displayName() + " result",
                    e);
        }
    }

    private static PrimitiveType primitive(ScalarFunction function, DataType type) {
        if (type instanceof PrimitiveType primitive
                && primitive != PrimitiveType.TIMESTAMPTZ
                && primitive != PrimitiveType.BINARY) {
            return primitive;
        }
        throw new AlmanacException(
                ErrorCode.NOT_SUPPORTED,
                "Function " + function.name() + " (" + function.getClass().getName() + ") uses type "
                        + type.displayName() + "; Java functions take and return BOOLEAN, INTEGER, BIGINT, FLOAT,"
                        + " DOUBLE, STRING, DATE or TIMESTAMP");
    }

    private static DuckDBColumnType columnType(PrimitiveType type) {
        return switch (type) {
            case BOOLEAN -> DuckDBColumnType.BOOLEAN;
            case INTEGER -> DuckDBColumnType.INTEGER;
            case BIGINT -> DuckDBColumnType.BIGINT;
            case FLOAT -> DuckDBColumnType.FLOAT;
            case DOUBLE -> DuckDBColumnType.DOUBLE;
            case STRING -> DuckDBColumnType.VARCHAR;
            case DATE -> DuckDBColumnType.DATE;
            case TIMESTAMP -> DuckDBColumnType.TIMESTAMP;
            default -> throw new IllegalStateException(type.name());
        };
    }
}
