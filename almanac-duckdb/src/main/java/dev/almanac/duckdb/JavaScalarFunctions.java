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
import org.duckdb.DuckDBFunctions;
import org.duckdb.DuckDBScalarFunctionBuilder;

/**
 * Registers the {@link ScalarFunction}s on the classpath as DuckDB functions of one database
 * (DuckDB functions are per database, so this runs for every new connection).
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
        Class<?>[] parameters = new Class<?>[argumentTypes.size()];
        for (int i = 0; i < parameters.length; i++) {
            parameters[i] = javaClass(function, argumentTypes.get(i));
        }
        try (DuckDBScalarFunctionBuilder builder = DuckDBFunctions.scalarFunction()) {
            builder.withName(function.name())
                    .withParameters(parameters)
                    .withReturnType(javaClass(function, function.returnType()))
                    .withVarArgsFunction(function::apply)
                    .register(connection);
        }
    }

    private static Class<?> javaClass(ScalarFunction function, DataType type) {
        if (type instanceof PrimitiveType primitive) {
            switch (primitive) {
                case BOOLEAN:
                    return Boolean.class;
                case INTEGER:
                    return Integer.class;
                case BIGINT:
                    return Long.class;
                case FLOAT:
                    return Float.class;
                case DOUBLE:
                    return Double.class;
                case STRING:
                    return String.class;
                case DATE:
                    return LocalDate.class;
                case TIMESTAMP:
                    return LocalDateTime.class;
                default:
                    break;
            }
        }
        throw new AlmanacException(
                ErrorCode.NOT_SUPPORTED,
                "Function " + function.name() + " (" + function.getClass().getName() + ") uses type "
                        + type.displayName() + "; Java functions take and return BOOLEAN, INTEGER, BIGINT, FLOAT,"
                        + " DOUBLE, STRING, DATE or TIMESTAMP");
    }
}
