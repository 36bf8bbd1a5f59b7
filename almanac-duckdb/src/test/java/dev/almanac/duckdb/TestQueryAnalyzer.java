package dev.almanac.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.engine.StatementAnalysis.ColumnFilter;
import dev.almanac.spi.engine.StatementAnalysis.LiteralKind;
import dev.almanac.spi.engine.StatementAnalysis.Operator;
import dev.almanac.spi.engine.StatementAnalysis.TableReference;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestQueryAnalyzer {
    private static final List<String> EVENTS = List.of("raw", "events");

    private Connection connection;
    private QueryAnalyzer analyzer;

    @BeforeAll
    void connect() throws SQLException {
        connection = DriverManager.getConnection("jdbc:duckdb:");
        analyzer = new QueryAnalyzer(connection);
    }

    @AfterAll
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void singleTableEquality() {
        assertThat(analyze("SELECT * FROM raw.events WHERE dt = '2024-01-02'"))
                .containsExactly(new TableReference(EVENTS, List.of(string("dt", Operator.EQUAL, "2024-01-02"))));
    }

    @Test
    void tableWithoutFilter() {
        assertThat(analyze("SELECT count(*) FROM raw.events")).containsExactly(new TableReference(EVENTS, List.of()));
        assertThat(analyze("SELECT 1")).isEmpty();
    }

    @Test
    void between() {
        assertThat(analyze("SELECT * FROM raw.events WHERE dt BETWEEN '2024-01-01' AND '2024-01-31'"))
                .containsExactly(new TableReference(
                        EVENTS,
                        List.of(
                                string("dt", Operator.GREATER_THAN_OR_EQUAL, "2024-01-01"),
                                string("dt", Operator.LESS_THAN_OR_EQUAL, "2024-01-31"))));
    }

    @Test
    void stringLiteralsAreUnescaped() {
        assertThat(analyze("SELECT * FROM raw.events WHERE name = 'it''s' AND code = $$a'b$$"))
                .containsExactly(new TableReference(
                        EVENTS,
                        List.of(string("name", Operator.EQUAL, "it's"), string("code", Operator.EQUAL, "a'b"))));
    }

    @Test
    void in() {
        assertThat(analyze("SELECT * FROM raw.events WHERE dt IN ('2024-01-01', '2024-01-03') AND n IN (1, 2)"))
                .containsExactly(new TableReference(
                        EVENTS,
                        List.of(
                                new ColumnFilter(
                                        "dt", Operator.IN, LiteralKind.STRING, List.of("2024-01-01", "2024-01-03")),
                                new ColumnFilter("n", Operator.IN, LiteralKind.NUMBER, List.of("1", "2")))));
    }

    @Test
    void inWithMixedOrMissingLiterals() {
        assertThat(analyze("SELECT * FROM raw.events WHERE dt IN ('2024-01-01', DATE '2024-01-03')"
                        + " AND n IN (1, NULL) AND k IN (1, x)"))
                .containsExactly(new TableReference(EVENTS, List.of()));
    }

    @Test
    void comparisonsAndFlippedComparisons() {
        assertThat(analyze("SELECT * FROM raw.events WHERE '2024-01-02' = dt AND 5 < a AND 5 >= b AND c > 7"
                        + " AND d <= 8 AND 9 <= e"))
                .containsExactly(new TableReference(
                        EVENTS,
                        List.of(
                                string("dt", Operator.EQUAL, "2024-01-02"),
                                number("a", Operator.GREATER_THAN, "5"),
                                number("b", Operator.LESS_THAN_OR_EQUAL, "5"),
                                number("c", Operator.GREATER_THAN, "7"),
                                number("d", Operator.LESS_THAN_OR_EQUAL, "8"),
                                number("e", Operator.GREATER_THAN_OR_EQUAL, "9"))));
    }

    @Test
    void typedLiterals() {
        assertThat(analyze("SELECT * FROM raw.events WHERE dt = DATE '2024-01-02' AND d2 < '2024-01-03'::DATE"
                        + " AND d3 > CAST('2024-01-04' AS DATE) AND ts >= TIMESTAMP '2024-01-02 10:00:00'"
                        + " AND tz < TIMESTAMPTZ '2024-01-02 10:00:00+02'"))
                .containsExactly(new TableReference(
                        EVENTS,
                        List.of(
                                new ColumnFilter("dt", Operator.EQUAL, LiteralKind.DATE, List.of("2024-01-02")),
                                new ColumnFilter("d2", Operator.LESS_THAN, LiteralKind.DATE, List.of("2024-01-03")),
                                new ColumnFilter("d3", Operator.GREATER_THAN, LiteralKind.DATE, List.of("2024-01-04")),
                                new ColumnFilter(
                                        "ts",
                                        Operator.GREATER_THAN_OR_EQUAL,
                                        LiteralKind.TIMESTAMP,
                                        List.of("2024-01-02 10:00:00")),
                                new ColumnFilter(
                                        "tz",
                                        Operator.LESS_THAN,
                                        LiteralKind.TIMESTAMP,
                                        List.of("2024-01-02 10:00:00+02")))));
    }

    @Test
    void literalsThatAreNotUsed() {
        assertThat(analyze("SELECT * FROM raw.events WHERE dt = TRY_CAST('2024-01-02' AS DATE) AND n = '5'::INTEGER"
                        + " AND x = NULL AND b = true AND f > 1.5 AND g = now()"))
                .containsExactly(new TableReference(EVENTS, List.of()));
    }

    @Test
    void negativeNumbers() {
        assertThat(analyze("SELECT * FROM raw.events WHERE n > -3"))
                .containsExactly(new TableReference(EVENTS, List.of(number("n", Operator.GREATER_THAN, "-3"))));
    }

    @Test
    void nullChecksOnASingleTable() {
        assertThat(analyze("SELECT * FROM raw.events WHERE a IS NULL AND b IS NOT NULL"))
                .containsExactly(new TableReference(
                        EVENTS,
                        List.of(
                                new ColumnFilter("a", Operator.IS_NULL, LiteralKind.NONE, List.of()),
                                new ColumnFilter("b", Operator.IS_NOT_NULL, LiteralKind.NONE, List.of()))));
    }

    @Test
    void qualifiedColumns() {
        assertThat(analyze("SELECT * FROM raw.events e WHERE e.dt = '2024-01-02' AND E.n = 1"))
                .containsExactly(new TableReference(
                        EVENTS, List.of(string("dt", Operator.EQUAL, "2024-01-02"), number("n", Operator.EQUAL, "1"))));
        assertThat(analyze("SELECT * FROM raw.events WHERE events.dt = '2024-01-02'"))
                .containsExactly(new TableReference(EVENTS, List.of(string("dt", Operator.EQUAL, "2024-01-02"))));
        // raw.events.dt could also be a struct field: not used
        assertThat(analyze("SELECT * FROM raw.events WHERE raw.events.dt = '2024-01-02'"))
                .containsExactly(new TableReference(EVENTS, List.of()));
    }

    @Test
    void qualifierThatIsNotTheTable() {
        // s.x is a field of struct column s
        assertThat(analyze("SELECT * FROM raw.events WHERE s.x = 1"))
                .containsExactly(new TableReference(EVENTS, List.of()));
    }

    @Test
    void joinsAttributeFiltersByAlias() {
        String sql = "SELECT * FROM raw.events e LEFT JOIN raw.users u ON e.user_id = u.id"
                + " WHERE e.dt = '2024-01-02' AND u.country = 'MX' AND kind = 'click' AND e.a IS NOT NULL"
                + " AND u.deleted_at IS NULL AND e.b IS NULL AND e.user_id = u.id";

        assertThat(analyze(sql))
                .containsExactly(
                        new TableReference(
                                EVENTS,
                                List.of(
                                        string("dt", Operator.EQUAL, "2024-01-02"),
                                        new ColumnFilter("a", Operator.IS_NOT_NULL, LiteralKind.NONE, List.of()))),
                        new TableReference(List.of("raw", "users"), List.of(string("country", Operator.EQUAL, "MX"))));
    }

    @Test
    void joinWithTableNamesAsQualifiers() {
        assertThat(analyze("SELECT * FROM raw.events, raw.users WHERE events.dt = '2024-01-02' AND users.n = 3"))
                .containsExactly(
                        new TableReference(EVENTS, List.of(string("dt", Operator.EQUAL, "2024-01-02"))),
                        new TableReference(List.of("raw", "users"), List.of(number("n", Operator.EQUAL, "3"))));
    }

    @Test
    void sameTableTwice() {
        String sql = "SELECT * FROM raw.events a JOIN raw.events b ON a.id = b.id"
                + " WHERE a.dt = '2024-01-01' AND b.dt = '2024-01-02'";

        assertThat(analyze(sql))
                .containsExactly(
                        new TableReference(EVENTS, List.of(string("dt", Operator.EQUAL, "2024-01-01"))),
                        new TableReference(EVENTS, List.of(string("dt", Operator.EQUAL, "2024-01-02"))));
    }

    @Test
    void cteNamesAreNotTables() {
        String sql = "WITH recent AS (SELECT * FROM raw.events WHERE dt >= '2024-01-01'),"
                + " counted AS (SELECT user_id, count(*) AS n FROM recent GROUP BY user_id)"
                + " SELECT * FROM counted c JOIN raw.users u ON c.user_id = u.id WHERE c.n > 5";

        assertThat(analyze(sql))
                .containsExactly(
                        new TableReference(EVENTS, List.of(string("dt", Operator.GREATER_THAN_OR_EQUAL, "2024-01-01"))),
                        new TableReference(List.of("raw", "users"), List.of()));
    }

    @Test
    void subqueries() {
        String sql = "SELECT * FROM (SELECT * FROM raw.events WHERE dt = '2024-01-02') s"
                + " WHERE s.n = 1 AND s.user_id IN (SELECT id FROM raw.users WHERE country = 'MX')";

        assertThat(analyze(sql))
                .containsExactly(
                        new TableReference(EVENTS, List.of(string("dt", Operator.EQUAL, "2024-01-02"))),
                        new TableReference(List.of("raw", "users"), List.of(string("country", Operator.EQUAL, "MX"))));
    }

    @Test
    void filterOnASubqueryInAJoinIsNotAttributedToATable() {
        String sql = "SELECT * FROM raw.events e JOIN (SELECT id FROM raw.users) u ON e.user_id = u.id WHERE u.id = 5";

        assertThat(analyze(sql))
                .containsExactly(
                        new TableReference(EVENTS, List.of()), new TableReference(List.of("raw", "users"), List.of()));
    }

    @Test
    void union() {
        String sql = "SELECT id FROM raw.events WHERE dt = '2024-01-01'"
                + " UNION ALL SELECT id FROM raw.events"
                + " UNION SELECT id FROM raw.users WHERE id < 10";

        assertThat(analyze(sql))
                .containsExactly(
                        new TableReference(EVENTS, List.of(string("dt", Operator.EQUAL, "2024-01-01"))),
                        new TableReference(EVENTS, List.of()),
                        new TableReference(List.of("raw", "users"), List.of(number("id", Operator.LESS_THAN, "10"))));
    }

    @Test
    void orConditionsAreNotUsed() {
        assertThat(analyze("SELECT * FROM raw.events WHERE dt = '2024-01-01' OR dt = '2024-01-02'"))
                .containsExactly(new TableReference(EVENTS, List.of()));
        assertThat(analyze("SELECT * FROM raw.events WHERE n = 1 AND (dt = '2024-01-01' OR kind = 'x')"))
                .containsExactly(new TableReference(EVENTS, List.of(number("n", Operator.EQUAL, "1"))));
    }

    @Test
    void negationsAreNotUsed() {
        assertThat(analyze("SELECT * FROM raw.events WHERE NOT dt = '2024-01-01' AND n <> 1 AND k NOT IN (1, 2)"
                        + " AND m NOT BETWEEN 1 AND 5 AND s LIKE 'a%' AND t IS DISTINCT FROM 'x'"))
                .containsExactly(new TableReference(EVENTS, List.of()));
    }

    @Test
    void functionsOnTheColumnAreNotUsed() {
        assertThat(analyze("SELECT * FROM raw.events WHERE upper(kind) = 'CLICK' AND n + 1 = 5"
                        + " AND CAST(dt AS VARCHAR) = '2024-01-02' AND date_trunc('month', ts) = DATE '2024-01-01'"))
                .containsExactly(new TableReference(EVENTS, List.of()));
    }

    @Test
    void columnComparedWithColumn() {
        assertThat(analyze("SELECT * FROM raw.events WHERE a = b"))
                .containsExactly(new TableReference(EVENTS, List.of()));
    }

    @Test
    void nestedNamespacesAndTimeTravelNames() {
        assertThat(analyze("SELECT * FROM edx.mitx_6002x.person_course WHERE grade > 0"))
                .containsExactly(new TableReference(
                        List.of("edx", "mitx_6002x", "person_course"),
                        List.of(number("grade", Operator.GREATER_THAN, "0"))));
        assertThat(analyze("SELECT * FROM \"raw\".\"events@version=5\" AS \"events\" WHERE events.dt = '2024-01-02'"))
                .containsExactly(new TableReference(
                        List.of("raw", "events@version=5"), List.of(string("dt", Operator.EQUAL, "2024-01-02"))));
    }

    @Test
    void syntaxError() {
        assertThatThrownBy(() -> analyzer.analyze("SELEC * FROM raw.events"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Parser Error: syntax error at or near \"SELEC\"")
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.SYNTAX_ERROR);
    }

    @Test
    void notASelect() {
        assertThatThrownBy(() -> analyzer.analyze("CREATE TABLE x (a INT)"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Only queries (SELECT …) and Almanac's write statements can run here:"
                        + " Only SELECT statements can be serialized to json!")
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.NOT_SUPPORTED);
    }

    @Test
    void twoStatements() {
        assertThatThrownBy(() -> analyzer.analyze("SELECT 1; SELECT 2"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Expected one statement, found 2")
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    private List<TableReference> analyze(String sql) {
        return analyzer.analyze(sql).references();
    }

    private static ColumnFilter string(String column, Operator operator, String value) {
        return new ColumnFilter(column, operator, LiteralKind.STRING, List.of(value));
    }

    private static ColumnFilter number(String column, Operator operator, String value) {
        return new ColumnFilter(column, operator, LiteralKind.NUMBER, List.of(value));
    }
}
