package dev.almanac.core.table;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.spi.engine.StatementAnalysis.ColumnFilter;
import dev.almanac.spi.engine.StatementAnalysis.LiteralKind;
import dev.almanac.spi.engine.StatementAnalysis.Operator;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.ExpressionUtil;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class TestFilterConversion {
    private static final Schema SCHEMA = new Schema(
            optional(1, "id", Types.IntegerType.get()),
            optional(2, "n", Types.LongType.get()),
            optional(3, "dt", Types.DateType.get()),
            optional(4, "name", Types.StringType.get()),
            optional(5, "price", Types.DoubleType.get()),
            optional(6, "ratio", Types.FloatType.get()),
            optional(7, "amount", Types.DecimalType.of(10, 2)),
            optional(8, "flag", Types.BooleanType.get()),
            optional(9, "ts", Types.TimestampType.withoutZone()),
            optional(10, "tstz", Types.TimestampType.withZone()),
            optional(11, "s", Types.StructType.of(optional(12, "x", Types.IntegerType.get()))),
            optional(13, "tags", Types.ListType.ofOptional(14, Types.StringType.get())),
            optional(15, "Mixed_Case", Types.StringType.get()));

    @Test
    void dateEqualsString() {
        assertConverts(
                filter("dt", Operator.EQUAL, LiteralKind.STRING, "2024-01-02"), Expressions.equal("dt", "2024-01-02"));
        assertThat(FilterConversion.toExpression(
                        SCHEMA, List.of(filter("dt", Operator.EQUAL, LiteralKind.STRING, "2024-01-02"))))
                .hasToString(Expressions.equal("dt", 19724).toString());
    }

    @Test
    void dateLiteral() {
        assertConverts(
                filter("dt", Operator.LESS_THAN, LiteralKind.DATE, "2024-01-02"),
                Expressions.lessThan("dt", "2024-01-02"));
        assertConverts(
                filter("dt", Operator.GREATER_THAN_OR_EQUAL, LiteralKind.DATE, "1969-12-31"),
                Expressions.greaterThanOrEqual("dt", "1969-12-31"));
    }

    @Test
    void dateBetweenIsTwoFilters() {
        Expression converted = FilterConversion.toExpression(
                SCHEMA,
                List.of(
                        filter("dt", Operator.GREATER_THAN_OR_EQUAL, LiteralKind.STRING, "2024-01-01"),
                        filter("dt", Operator.LESS_THAN_OR_EQUAL, LiteralKind.STRING, "2024-01-31")));

        assertEquivalent(
                converted,
                Expressions.and(
                        Expressions.greaterThanOrEqual("dt", "2024-01-01"),
                        Expressions.lessThanOrEqual("dt", "2024-01-31")));
    }

    @Test
    void dateIn() {
        assertConverts(
                new ColumnFilter("dt", Operator.IN, LiteralKind.STRING, List.of("2024-01-02", "2024-01-05")),
                Expressions.in("dt", "2024-01-02", "2024-01-05"));
    }

    @Test
    void invalidDateIsNoFilter() {
        assertNoFilter(filter("dt", Operator.EQUAL, LiteralKind.STRING, "2024-02-30"));
        assertNoFilter(filter("dt", Operator.EQUAL, LiteralKind.STRING, "2024-01-02 10:00:00"));
        assertNoFilter(filter("dt", Operator.EQUAL, LiteralKind.TIMESTAMP, "2024-01-02 00:00:00"));
        assertNoFilter(filter("dt", Operator.EQUAL, LiteralKind.NUMBER, "19724"));
        assertNoFilter(new ColumnFilter("dt", Operator.IN, LiteralKind.STRING, List.of("2024-01-02", "soon")));
    }

    @Test
    void strings() {
        assertConverts(filter("name", Operator.EQUAL, LiteralKind.STRING, "Ada"), Expressions.equal("name", "Ada"));
        assertConverts(
                filter("name", Operator.GREATER_THAN, LiteralKind.STRING, "m"), Expressions.greaterThan("name", "m"));
        // DuckDB compares a string column with a number as text: not the same order as numbers
        assertNoFilter(filter("name", Operator.EQUAL, LiteralKind.NUMBER, "5"));
        assertNoFilter(filter("name", Operator.EQUAL, LiteralKind.DATE, "2024-01-02"));
    }

    @Test
    void integers() {
        assertConverts(filter("id", Operator.EQUAL, LiteralKind.NUMBER, "5"), Expressions.equal("id", 5));
        assertConverts(filter("id", Operator.LESS_THAN, LiteralKind.NUMBER, "-3"), Expressions.lessThan("id", -3));
        assertConverts(filter("id", Operator.EQUAL, LiteralKind.NUMBER, "2.00"), Expressions.equal("id", 2));
        assertConverts(
                filter("n", Operator.GREATER_THAN_OR_EQUAL, LiteralKind.NUMBER, "3000000000"),
                Expressions.greaterThanOrEqual("n", 3_000_000_000L));
        assertConverts(
                new ColumnFilter("id", Operator.IN, LiteralKind.NUMBER, List.of("1", "2", "3")),
                Expressions.in("id", 1, 2, 3));
    }

    @Test
    void integersConservatively() {
        assertNoFilter(filter("id", Operator.EQUAL, LiteralKind.NUMBER, "1.5"));
        assertNoFilter(filter("id", Operator.LESS_THAN, LiteralKind.NUMBER, "1.5"));
        assertNoFilter(filter("id", Operator.EQUAL, LiteralKind.NUMBER, "3000000000"));
        assertNoFilter(filter("n", Operator.EQUAL, LiteralKind.NUMBER, "99999999999999999999999"));
        assertNoFilter(filter("id", Operator.EQUAL, LiteralKind.STRING, "5"));
        assertNoFilter(filter("id", Operator.EQUAL, LiteralKind.NUMBER, "five"));
    }

    @Test
    void floatingPointAndDecimalColumnsAreNeverFiltered() {
        assertNoFilter(filter("price", Operator.EQUAL, LiteralKind.NUMBER, "1"));
        assertNoFilter(filter("price", Operator.LESS_THAN, LiteralKind.NUMBER, "0.1"));
        assertNoFilter(filter("ratio", Operator.GREATER_THAN, LiteralKind.NUMBER, "2"));
        assertNoFilter(filter("amount", Operator.EQUAL, LiteralKind.NUMBER, "10.25"));
    }

    @Test
    void booleans() {
        assertConverts(filter("flag", Operator.EQUAL, LiteralKind.STRING, "TRUE"), Expressions.equal("flag", true));
        assertConverts(filter("flag", Operator.EQUAL, LiteralKind.STRING, "false"), Expressions.equal("flag", false));
        assertNoFilter(filter("flag", Operator.EQUAL, LiteralKind.STRING, "t"));
        assertNoFilter(filter("flag", Operator.EQUAL, LiteralKind.NUMBER, "1"));
    }

    @Test
    void timestampWithoutZone() {
        assertConverts(
                filter("ts", Operator.GREATER_THAN_OR_EQUAL, LiteralKind.STRING, "2024-01-02 10:00:00"),
                Expressions.greaterThanOrEqual("ts", "2024-01-02T10:00:00"));
        assertConverts(
                filter("ts", Operator.LESS_THAN, LiteralKind.TIMESTAMP, "2024-01-02T10:00:00.123456"),
                Expressions.lessThan("ts", "2024-01-02T10:00:00.123456"));
        assertThat(FilterConversion.toExpression(
                        SCHEMA, List.of(filter("ts", Operator.EQUAL, LiteralKind.STRING, "1970-01-01 00:00:01"))))
                .hasToString(Expressions.equal("ts", 1_000_000L).toString());
    }

    @Test
    void timestampConservatively() {
        // DuckDB reads '2024-01-02' as midnight, but that is DuckDB's reading, not ours to guess
        assertNoFilter(filter("ts", Operator.EQUAL, LiteralKind.STRING, "2024-01-02"));
        assertNoFilter(filter("ts", Operator.EQUAL, LiteralKind.STRING, "2024-01-02 10:00:00+02:00"));
        assertNoFilter(filter("ts", Operator.EQUAL, LiteralKind.DATE, "2024-01-02"));
        assertNoFilter(filter("ts", Operator.EQUAL, LiteralKind.NUMBER, "1704189600"));
        // DuckDB rounds to microseconds; truncating would skip files holding the matching rows
        assertNoFilter(filter("ts", Operator.LESS_THAN, LiteralKind.STRING, "2024-01-02 10:00:00.0000005"));
        assertNoFilter(filter("tstz", Operator.LESS_THAN, LiteralKind.STRING, "2024-01-02 10:00:00.0000005Z"));
    }

    @Test
    void timestampWithZone() {
        assertConverts(
                filter("tstz", Operator.EQUAL, LiteralKind.STRING, "2024-01-02 10:00:00+02:00"),
                Expressions.equal("tstz", "2024-01-02T08:00:00+00:00"));
        assertConverts(
                filter("tstz", Operator.GREATER_THAN, LiteralKind.TIMESTAMP, "2024-01-02T10:00:00Z"),
                Expressions.greaterThan("tstz", "2024-01-02T10:00:00+00:00"));
    }

    @Test
    void timestampWithZoneNeedsAnOffset() {
        assertNoFilter(filter("tstz", Operator.EQUAL, LiteralKind.STRING, "2024-01-02 10:00:00"));
        assertNoFilter(filter("tstz", Operator.EQUAL, LiteralKind.TIMESTAMP, "2024-01-02 10:00:00"));
    }

    @Test
    void nullChecks() {
        assertConverts(filter("name", Operator.IS_NULL, LiteralKind.NONE), Expressions.isNull("name"));
        assertConverts(filter("price", Operator.IS_NOT_NULL, LiteralKind.NONE), Expressions.notNull("price"));
    }

    @Test
    void columnsAreFoundCaseInsensitively() {
        assertThat(FilterConversion.toExpression(
                        SCHEMA, List.of(filter("DT", Operator.EQUAL, LiteralKind.STRING, "2024-01-02"))))
                .hasToString(Expressions.equal("dt", 19724).toString());
        assertThat(FilterConversion.toExpression(
                        SCHEMA, List.of(filter("mixed_case", Operator.IS_NULL, LiteralKind.NONE))))
                .hasToString(Expressions.isNull("Mixed_Case").toString());
    }

    @Test
    void unknownColumn() {
        assertNoFilter(filter("missing", Operator.EQUAL, LiteralKind.STRING, "x"));
        assertNoFilter(filter("missing", Operator.IS_NULL, LiteralKind.NONE));
    }

    @Test
    void nestedAndNonPrimitiveColumns() {
        assertNoFilter(filter("s.x", Operator.EQUAL, LiteralKind.NUMBER, "1"));
        assertNoFilter(filter("x", Operator.EQUAL, LiteralKind.NUMBER, "1"));
        assertNoFilter(filter("s", Operator.IS_NULL, LiteralKind.NONE));
        assertNoFilter(filter("tags", Operator.IS_NOT_NULL, LiteralKind.NONE));
        assertNoFilter(filter("tags.element", Operator.EQUAL, LiteralKind.STRING, "a"));
    }

    @Test
    void comparisonWithoutValue() {
        assertNoFilter(new ColumnFilter("id", Operator.EQUAL, LiteralKind.NUMBER, List.of()));
        assertNoFilter(new ColumnFilter("id", Operator.IN, LiteralKind.NUMBER, List.of()));
    }

    @Test
    void convertibleFiltersAreKeptAndOthersDropped() {
        Expression converted = FilterConversion.toExpression(
                SCHEMA,
                List.of(
                        filter("dt", Operator.EQUAL, LiteralKind.STRING, "2024-01-02"),
                        filter("price", Operator.LESS_THAN, LiteralKind.NUMBER, "10"),
                        filter("id", Operator.GREATER_THAN, LiteralKind.NUMBER, "7"),
                        filter("missing", Operator.EQUAL, LiteralKind.STRING, "x")));

        assertEquivalent(
                converted, Expressions.and(Expressions.equal("dt", "2024-01-02"), Expressions.greaterThan("id", 7)));
    }

    @Test
    void noFilters() {
        assertThat(FilterConversion.toExpression(SCHEMA, List.of())).isEqualTo(Expressions.alwaysTrue());
    }

    private static ColumnFilter filter(String column, Operator operator, LiteralKind kind, String... values) {
        return new ColumnFilter(column, operator, kind, List.of(values));
    }

    private static void assertConverts(ColumnFilter filter, Expression expected) {
        assertThat(FilterConversion.convert(SCHEMA, filter))
                .as(filter.toString())
                .isPresent();
        assertEquivalent(FilterConversion.toExpression(SCHEMA, List.of(filter)), expected);
    }

    private static void assertEquivalent(Expression actual, Expression expected) {
        assertThat(ExpressionUtil.equivalent(actual, expected, SCHEMA.asStruct(), true))
                .as("%s is equivalent to %s", actual, expected)
                .isTrue();
    }

    private static void assertNoFilter(ColumnFilter filter) {
        assertThat(FilterConversion.convert(SCHEMA, filter))
                .as(filter.toString())
                .isEmpty();
        assertThat(FilterConversion.toExpression(SCHEMA, List.of(filter)))
                .as(filter.toString())
                .isEqualTo(Expressions.alwaysTrue());
    }
}
