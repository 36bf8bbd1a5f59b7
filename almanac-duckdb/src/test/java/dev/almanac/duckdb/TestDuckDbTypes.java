package dev.almanac.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.type.DataType;
import dev.almanac.spi.type.DecimalType;
import dev.almanac.spi.type.Field;
import dev.almanac.spi.type.ListType;
import dev.almanac.spi.type.MapType;
import dev.almanac.spi.type.PrimitiveType;
import dev.almanac.spi.type.StructType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestDuckDbTypes {
    @Test
    void primitives() {
        assertThat(DuckDbTypes.parse("BOOLEAN")).isEqualTo(PrimitiveType.BOOLEAN);
        assertThat(DuckDbTypes.parse("TINYINT")).isEqualTo(PrimitiveType.INTEGER);
        assertThat(DuckDbTypes.parse("INTEGER")).isEqualTo(PrimitiveType.INTEGER);
        assertThat(DuckDbTypes.parse("integer")).isEqualTo(PrimitiveType.INTEGER);
        assertThat(DuckDbTypes.parse("UINTEGER")).isEqualTo(PrimitiveType.BIGINT);
        assertThat(DuckDbTypes.parse("BIGINT")).isEqualTo(PrimitiveType.BIGINT);
        assertThat(DuckDbTypes.parse("HUGEINT")).isEqualTo(PrimitiveType.BIGINT);
        assertThat(DuckDbTypes.parse("UBIGINT")).isEqualTo(new DecimalType(20, 0));
        assertThat(DuckDbTypes.parse("FLOAT")).isEqualTo(PrimitiveType.FLOAT);
        assertThat(DuckDbTypes.parse("DOUBLE")).isEqualTo(PrimitiveType.DOUBLE);
        assertThat(DuckDbTypes.parse("DATE")).isEqualTo(PrimitiveType.DATE);
        assertThat(DuckDbTypes.parse("BLOB")).isEqualTo(PrimitiveType.BINARY);
        assertThat(DuckDbTypes.parse("VARCHAR")).isEqualTo(PrimitiveType.STRING);
        assertThat(DuckDbTypes.parse("JSON")).isEqualTo(PrimitiveType.STRING);
        assertThat(DuckDbTypes.parse("UUID")).isEqualTo(PrimitiveType.STRING);
        assertThat(DuckDbTypes.parse("BIT")).isEqualTo(PrimitiveType.STRING);
        assertThat(DuckDbTypes.parse("  VARCHAR  ")).isEqualTo(PrimitiveType.STRING);
    }

    @Test
    void decimals() {
        assertThat(DuckDbTypes.parse("DECIMAL(10,2)")).isEqualTo(new DecimalType(10, 2));
        assertThat(DuckDbTypes.parse("DECIMAL( 38 , 0 )")).isEqualTo(new DecimalType(38, 0));
        assertThat(DuckDbTypes.parse("DECIMAL")).isEqualTo(new DecimalType(18, 3));
    }

    @Test
    void timestamps() {
        assertThat(DuckDbTypes.parse("TIMESTAMP")).isEqualTo(PrimitiveType.TIMESTAMP);
        assertThat(DuckDbTypes.parse("TIMESTAMP_NS")).isEqualTo(PrimitiveType.TIMESTAMP);
        assertThat(DuckDbTypes.parse("TIMESTAMP_MS")).isEqualTo(PrimitiveType.TIMESTAMP);
        assertThat(DuckDbTypes.parse("TIMESTAMP_S")).isEqualTo(PrimitiveType.TIMESTAMP);
        assertThat(DuckDbTypes.parse("TIMESTAMP WITH TIME ZONE")).isEqualTo(PrimitiveType.TIMESTAMPTZ);
        assertThat(DuckDbTypes.parse("TIMESTAMPTZ")).isEqualTo(PrimitiveType.TIMESTAMPTZ);
        assertThat(DuckDbTypes.parse("TIMESTAMP WITH TIME ZONE[]")).isEqualTo(ListType.of(PrimitiveType.TIMESTAMPTZ));
    }

    @Test
    void timesAreText() {
        assertThat(DuckDbTypes.parse("TIME")).isEqualTo(PrimitiveType.STRING);
        assertThat(DuckDbTypes.parse("TIME WITH TIME ZONE")).isEqualTo(PrimitiveType.STRING);
    }

    @Test
    void lists() {
        assertThat(DuckDbTypes.parse("VARCHAR[]")).isEqualTo(ListType.of(PrimitiveType.STRING));
        assertThat(DuckDbTypes.parse("INTEGER[3]")).isEqualTo(ListType.of(PrimitiveType.INTEGER));
        assertThat(DuckDbTypes.parse("INTEGER[][]")).isEqualTo(ListType.of(ListType.of(PrimitiveType.INTEGER)));
    }

    @Test
    void structs() {
        assertThat(DuckDbTypes.parse("STRUCT(a INTEGER, \"b c\" VARCHAR[])"))
                .isEqualTo(new StructType(List.of(
                        Field.of("a", PrimitiveType.INTEGER), Field.of("b c", ListType.of(PrimitiveType.STRING)))));
        assertThat(DuckDbTypes.parse("STRUCT(\"Order\" INTEGER, \"x\"\"y\" TIMESTAMP WITH TIME ZONE)"))
                .isEqualTo(new StructType(List.of(
                        Field.of("Order", PrimitiveType.INTEGER), Field.of("x\"y", PrimitiveType.TIMESTAMPTZ))));
    }

    @Test
    void maps() {
        assertThat(DuckDbTypes.parse("MAP(VARCHAR, STRUCT(x DOUBLE))"))
                .isEqualTo(
                        MapType.of(PrimitiveType.STRING, new StructType(List.of(Field.of("x", PrimitiveType.DOUBLE)))));
        assertThat(DuckDbTypes.parse("MAP(VARCHAR, INTEGER[])[]"))
                .isEqualTo(ListType.of(MapType.of(PrimitiveType.STRING, ListType.of(PrimitiveType.INTEGER))));
    }

    @Test
    void enumsAreText() {
        assertThat(DuckDbTypes.parse("ENUM('a', 'b')")).isEqualTo(PrimitiveType.STRING);
        assertThat(DuckDbTypes.parse("ENUM('it''s', 'a)b', 'c,d')")).isEqualTo(PrimitiveType.STRING);
        assertThat(DuckDbTypes.parse("STRUCT(kind ENUM('x', 'y'), n INTEGER)"))
                .isEqualTo(new StructType(
                        List.of(Field.of("kind", PrimitiveType.STRING), Field.of("n", PrimitiveType.INTEGER))));
    }

    @Test
    void nullColumn() {
        assertThat(DuckDbTypes.parse("\"NULL\"")).isEqualTo(PrimitiveType.STRING);
        assertThat(DuckDbTypes.parse("NULL")).isEqualTo(PrimitiveType.STRING);
    }

    @Test
    void unsupported() {
        for (String typeName : List.of(
                "INTERVAL",
                "UNION(n INTEGER)",
                "BIGNUM",
                "VARCHAR(",
                "INTEGER[3",
                "STRUCT(a INTEGER",
                "MAP(VARCHAR)",
                "DECIMAL(10)",
                "DECIMAL(x,2)",
                "STRUCT(\"a INTEGER)",
                "INTEGER INTEGER",
                "TIMESTAMP WITH",
                "",
                "[]")) {
            assertThatThrownBy(() -> DuckDbTypes.parse(typeName))
                    .as(typeName)
                    .isInstanceOf(AlmanacException.class)
                    .hasMessage("Column type " + typeName + " cannot be stored in a table; CAST it to a supported type"
                            + " (e.g. VARCHAR, BIGINT, DOUBLE, TIMESTAMP)")
                    .extracting(e -> ((AlmanacException) e).code())
                    .isEqualTo(ErrorCode.NOT_SUPPORTED);
        }
    }

    @Test
    void unsupportedInsideANestedType() {
        assertThatThrownBy(() -> DuckDbTypes.parse("STRUCT(a INTEGER, b INTERVAL)"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Column type STRUCT(a INTEGER, b INTERVAL) cannot be stored in a table; CAST it to a"
                        + " supported type (e.g. VARCHAR, BIGINT, DOUBLE, TIMESTAMP)");
    }

    @Test
    void sqlTypes() {
        assertThat(DuckDbTypes.sqlType(PrimitiveType.STRING)).isEqualTo("VARCHAR");
        assertThat(DuckDbTypes.sqlType(PrimitiveType.BINARY)).isEqualTo("BLOB");
        assertThat(DuckDbTypes.sqlType(new DecimalType(10, 2))).isEqualTo("DECIMAL(10,2)");
        assertThat(DuckDbTypes.sqlType(ListType.of(PrimitiveType.TIMESTAMPTZ))).isEqualTo("TIMESTAMPTZ[]");
        assertThat(DuckDbTypes.sqlType(new StructType(List.of(Field.of("a \"b\"", PrimitiveType.INTEGER)))))
                .isEqualTo("STRUCT(\"a \"\"b\"\"\" INTEGER)");
    }

    @Test
    void sqlTypeRoundTrip() {
        for (DataType type : roundTripTypes()) {
            assertThat(DuckDbTypes.parse(DuckDbTypes.sqlType(type)))
                    .as(DuckDbTypes.sqlType(type))
                    .isEqualTo(type);
        }
    }

    @Test
    void sqlTypeRoundTripThroughDuckDb() throws SQLException {
        // what DuckDB reports for a CAST to sqlType(t), which is how the engine learns a query's types
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            for (DataType type : roundTripTypes()) {
                String sqlType = DuckDbTypes.sqlType(type);
                try (ResultSet rows = statement.executeQuery("DESCRIBE SELECT CAST(NULL AS " + sqlType + ") AS c")) {
                    assertThat(rows.next()).isTrue();
                    assertThat(DuckDbTypes.parse(rows.getString("column_type")))
                            .as(sqlType)
                            .isEqualTo(type);
                }
            }
        }
    }

    @Test
    void typesDuckDbReports() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("DESCRIBE SELECT NULL AS n, TIMETZ '10:00:00+02' AS t,"
                        + " now() AS z, {'a': 1, 'b c': ['x']} AS s")) {
            assertThat(rows.next()).isTrue();
            assertThat(DuckDbTypes.parse(rows.getString("column_type"))).isEqualTo(PrimitiveType.STRING);
            assertThat(rows.next()).isTrue();
            assertThat(DuckDbTypes.parse(rows.getString("column_type"))).isEqualTo(PrimitiveType.STRING);
            assertThat(rows.next()).isTrue();
            assertThat(DuckDbTypes.parse(rows.getString("column_type"))).isEqualTo(PrimitiveType.TIMESTAMPTZ);
            assertThat(rows.next()).isTrue();
            assertThat(DuckDbTypes.parse(rows.getString("column_type")))
                    .isEqualTo(new StructType(List.of(
                            Field.of("a", PrimitiveType.INTEGER), Field.of("b c", ListType.of(PrimitiveType.STRING)))));
        }
    }

    private static List<DataType> roundTripTypes() {
        List<DataType> types = new ArrayList<>(List.of(PrimitiveType.values()));
        types.add(new DecimalType(38, 10));
        types.add(ListType.of(ListType.of(PrimitiveType.BIGINT)));
        types.add(MapType.of(PrimitiveType.STRING, ListType.of(new DecimalType(9, 2))));
        types.add(new StructType(List.of(
                Field.of("id", PrimitiveType.BIGINT),
                Field.of("Mixed Case", PrimitiveType.TIMESTAMPTZ),
                Field.of("quote\"d", ListType.of(PrimitiveType.DATE)),
                Field.of(
                        "select",
                        MapType.of(
                                PrimitiveType.INTEGER,
                                new StructType(List.of(
                                        Field.of("x", PrimitiveType.DOUBLE), Field.of("y", PrimitiveType.BINARY))))))));
        return types;
    }
}
