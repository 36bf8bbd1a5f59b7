package dev.almanac.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.core.engine.Engines;
import dev.almanac.core.sql.StatementOutcome.WriteOutcome;
import dev.almanac.core.warehouse.WarehouseConfig;
import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.engine.EngineContext;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HiveQL contract: queries written in HiveQL / Spark SQL, as users' existing jobs are, give
 * Hive's answers on every engine, NULL cases included. Every statement here is plain HiveQL (no
 * engine's own functions), so each engine runs the very same text. Integral numbers are compared as
 * {@code long} and floating ones as {@code double}, since engines box Hive's int and bigint
 * differently.
 */
public abstract class AbstractHiveQlTest {
    @TempDir
    protected Path temporary;

    protected TestingWarehouse warehouse;

    protected WarehouseConfig config(Path directory) {
        return WarehouseConfig.defaults();
    }

    protected String engine() {
        return "duckdb";
    }

    /** The engine session the warehouse under test uses; by default a new one of {@link #engine()}. */
    protected Engine createEngine(EngineContext context) {
        return Engines.create(engine(), context);
    }

    @BeforeEach
    void createWarehouse() {
        Path directory = temporary.resolve("warehouse");
        warehouse = TestingWarehouse.create(directory, config(directory), this::createEngine);
    }

    @AfterEach
    void closeWarehouse() {
        if (warehouse != null) {
            warehouse.close();
        }
    }

    /** Khan Academy's problem-log rollup, as written for Hive (only the table is namespace-qualified here). */
    protected static final String KHAN_QUERY = """
            SELECT parsed.user, parsed.exercise, SUM(parsed.time_taken),
              SUM(parsed.correct), SUM(parsed.wrong),
              MAX(IF(parsed.proficient, 1, 0)) = 1
            FROM (
              SELECT
                get_json_object(ProblemLog.json, '$.user') AS user,
                get_json_object(ProblemLog.json, '$.exercise') AS exercise,
                get_json_object(ProblemLog.json, '$.time_taken') AS time_taken,
                IF(get_json_object(ProblemLog.json, '$.correct') = "true", 1, 0) AS correct,
                IF(get_json_object(ProblemLog.json, '$.correct') != "true", 1, 0) AS wrong,
                get_json_object(ProblemLog.json, '$.earned_proficiency') = "true"
                  AS proficient
              FROM raw.ProblemLog ProblemLog
              WHERE ProblemLog.dt = '2024-01-01'
            ) parsed
            GROUP BY parsed.user, parsed.exercise
            """;

    protected void createProblemLog() {
        warehouse.execute("CREATE TABLE raw.problemlog PARTITIONED BY (dt) AS"
                + " SELECT CAST('2024-01-01' AS DATE) AS dt, 'k1' AS key,"
                + " '{\"user\": \"ann\", \"exercise\": \"addition_1\", \"time_taken\": 12, \"correct\": true,"
                + " \"earned_proficiency\": false}' AS json"
                + " UNION ALL SELECT CAST('2024-01-01' AS DATE), 'k2',"
                + " '{\"user\": \"ann\", \"exercise\": \"addition_1\", \"time_taken\": 7.5, \"correct\": false,"
                + " \"earned_proficiency\": true}'"
                + " UNION ALL SELECT CAST('2024-01-01' AS DATE), 'k3',"
                + " '{\"user\": \"bob\", \"exercise\": \"addition_1\", \"time_taken\": \"3\", \"correct\": true}'"
                + " UNION ALL SELECT CAST('2024-01-01' AS DATE), 'k4',"
                + " '{\"user\": \"bob\", \"exercise\": \"subtraction_1\", \"correct\": false}'"
                + " UNION ALL SELECT CAST('2024-01-01' AS DATE), 'k5', 'not json at all'"
                + " UNION ALL SELECT CAST('2024-01-02' AS DATE), 'k6',"
                + " '{\"user\": \"ann\", \"exercise\": \"addition_1\", \"time_taken\": 100, \"correct\": true,"
                + " \"earned_proficiency\": true}'");
    }

    @Test
    void khanProblemLogRollup() {
        createProblemLog();

        assertThat(sorted(rows(KHAN_QUERY)))
                .containsExactly(
                        row(null, null, null, 0L, 0L, false),
                        row("ann", "addition_1", 19.5, 1L, 1L, true),
                        row("bob", "addition_1", 3.0, 1L, 0L, false),
                        row("bob", "subtraction_1", null, 0L, 1L, false));
    }

    @Test
    void doubleQuotesMakeStringsAndBackticksMakeNames() {
        assertThat(rows("SELECT \"it's\" AS s, 'say \"hi\"' AS t, \"tab\\there\" AS u, `odd name`"
                        + " FROM (SELECT 1 AS `odd name`) q"))
                .containsExactly(row("it's", "say \"hi\"", "tab\there", 1L));
        assertThat(rows("SELECT 'a\\\\d' RLIKE '\\\\d', 'a1' RLIKE '\\\\d', 'a1' NOT RLIKE '^\\\\d'"))
                .containsExactly(row(false, true, true));
    }

    @Test
    void getJsonObjectFollowsHivePaths() {
        assertThat(rows("SELECT get_json_object(j, '$.a.b[1].c'), get_json_object(j, '$.a.b[0]'),"
                        + " get_json_object(j, '$.a'), get_json_object(j, '$.missing'), get_json_object(j, '$.n'),"
                        + " get_json_object('not json', '$.a'), get_json_object(NULL, '$.a')"
                        + " FROM (SELECT '{\"a\": {\"b\": [1, {\"c\": \"x\"}]}, \"n\": null}' AS j) q"))
                .containsExactly(row("x", "1", "{\"b\":[1,{\"c\":\"x\"}]}", null, null, null, null));
    }

    @Test
    void lateralViewExplodeArraysAndMaps() {
        assertThat(rows("SELECT id, v FROM (SELECT 1 AS id, array(10, 20) AS arr UNION ALL SELECT 2, array()"
                        + " UNION ALL SELECT 3, NULL) t LATERAL VIEW explode(arr) e AS v ORDER BY id, v"))
                .containsExactly(row(1L, 10L), row(1L, 20L));
        assertThat(rows("SELECT id, k, v FROM (SELECT 1 AS id, map('a', 1, 'b', 2) AS m) t"
                        + " LATERAL VIEW explode(m) e AS k, v ORDER BY k"))
                .containsExactly(row(1L, "a", 1L), row(1L, "b", 2L));
        assertThat(rows("SELECT id, e.pos, e.v FROM (SELECT 1 AS id, array('x', 'y') AS arr) t"
                        + " LATERAL VIEW posexplode(arr) e AS pos, v ORDER BY pos"))
                .containsExactly(row(1L, 0L, "x"), row(1L, 1L, "y"));
        assertThat(rows("SELECT p, k, v FROM (SELECT map('a', 1, 'b', 2) AS m) t"
                        + " LATERAL VIEW posexplode(m) e AS p, k, v ORDER BY p"))
                .containsExactly(row(0L, "a", 1L), row(1L, "b", 2L));
    }

    @Test
    void lateralViewOuterKeepsRowsWithEmptyOrNullArrays() {
        assertThat(rows("SELECT id, v FROM (SELECT 1 AS id, array(10, 20) AS arr UNION ALL SELECT 2, array()"
                        + " UNION ALL SELECT 3, NULL) t LATERAL VIEW OUTER explode(arr) e AS v ORDER BY id, v"))
                .containsExactly(row(1L, 10L), row(1L, 20L), row(2L, null), row(3L, null));
    }

    @Test
    void chainedLateralViewsAndSplit() {
        assertThat(rows("SELECT id, word, letter FROM (SELECT 1 AS id, 'ab cd' AS s) t"
                        + " LATERAL VIEW explode(split(s, ' ')) w AS word"
                        + " LATERAL VIEW explode(split(word, '')) l AS letter"
                        + " WHERE letter != '' ORDER BY word, letter"))
                .containsExactly(row(1L, "ab", "a"), row(1L, "ab", "b"), row(1L, "cd", "c"), row(1L, "cd", "d"));
    }

    @Test
    void lateralViewJsonTuple() {
        assertThat(rows("SELECT id, a, b FROM (SELECT 1 AS id, '{\"a\": \"x\", \"b\": {\"c\": 1}}' AS j"
                        + " UNION ALL SELECT 2, 'bad json' UNION ALL SELECT 3, '{\"b\": 2}') t"
                        + " LATERAL VIEW json_tuple(j, 'a', 'b') jt AS a, b ORDER BY id"))
                .containsExactly(row(1L, "x", "{\"c\":1}"), row(2L, null, null), row(3L, null, "2"));
    }

    @Test
    void unixTimeFunctions() {
        assertThat(rows("SELECT from_unixtime(0), from_unixtime(86400, 'yyyy/MM/dd'),"
                        + " from_unixtime(1704067200, 'yyyy-MM-dd\\'T\\'HH:mm'), from_unixtime(NULL)"))
                .containsExactly(row("1970-01-01 00:00:00", "1970/01/02", "2024-01-01T00:00", null));
        assertThat(rows("SELECT unix_timestamp('1970-01-02 00:00:00'), unix_timestamp('02/01/1970', 'dd/MM/yyyy'),"
                        + " unix_timestamp('not a time'), unix_timestamp('2024-01-01'), unix_timestamp(NULL),"
                        + " unix_timestamp() > 1700000000"))
                .containsExactly(row(86400L, 86400L, null, null, null, true));
    }

    @Test
    void dateFunctions() {
        assertThat(rows("SELECT to_date('2024-01-05 10:11:12'), to_date('nonsense'), date_add('2024-01-30', 3),"
                        + " date_sub(CAST('2024-03-01' AS DATE), 1), datediff('2024-03-01', '2024-02-01'),"
                        + " datediff('2024-01-01', '2024-01-03 23:00:00'), date_add(NULL, 1)"))
                .containsExactly(row(
                        LocalDate.parse("2024-01-05"),
                        null,
                        LocalDate.parse("2024-02-02"),
                        LocalDate.parse("2024-02-29"),
                        29L,
                        -2L,
                        null));
        assertThat(rows("SELECT date_format('2024-01-05 13:04:05', 'yyyy-MM-dd HH:mm:ss'),"
                        + " date_format('2024-01-05 13:04:05', 'EEE d MMM yy, h a'),"
                        + " date_format(CAST('2024-01-05' AS DATE), 'yyyyMMdd'), date_format(NULL, 'yyyy')"))
                .containsExactly(row("2024-01-05 13:04:05", "Fri 5 Jan 24, 1 PM", "20240105", null));
    }

    @Test
    void conditionalAndStringFunctions() {
        assertThat(rows("SELECT nvl(NULL, 'x'), nvl('y', 'x'), if(1 > 2, 'a', 'b'), if(NULL, 'a', 'b'),"
                        + " concat_ws('-', 'a', NULL, 'b'), concat_ws(',', array('x', 'y')), concat('a', NULL)"))
                .containsExactly(row("x", "y", "b", "b", "a-b", "x,y", null));
        assertThat(rows("SELECT regexp_extract('abc123', '([a-z]+)([0-9]+)'),"
                        + " regexp_extract('abc123', '([a-z]+)([0-9]+)', 2), regexp_extract('abc', '([0-9]+)'),"
                        + " regexp_replace('a1b22', '[0-9]+', '#'), regexp_replace('a1b2', '([0-9])', '<$1>'),"
                        + " regexp_replace('a.b', '\\\\.', '-')"))
                .containsExactly(row("abc", "123", "", "a#b#", "a<1>b<2>", "a-b"));
        assertThat(rows("SELECT instr('hello', 'l'), instr('hello', 'z'), instr(NULL, 'a'),"
                        + " substr('hello', 0, 2), substr('hello', 1, 2), substr('hello', -3), substr('hello', -3, 2),"
                        + " substr('hello', 2), substr('abc', -5), substr('abc', 1, -1), substring('hello', 2, 100),"
                        + " substr('abc', -5, 3), substr('abc', 5)"))
                .containsExactly(row(3L, 0L, null, "he", "he", "llo", "ll", "ello", "abc", "", "ello", "a", ""));
    }

    @Test
    void splitIsARegex() {
        assertThat(rows("SELECT split('a1b22c', '[0-9]+'), split('a,b,,', ','), split('a.b', '\\\\.'),"
                        + " split(NULL, ','), split('a1b', '[0-9]')[1]"))
                .containsExactly(row(List.of("a", "b", "c"), List.of("a", "b", "", ""), List.of("a", "b"), null, "b"));
    }

    @Test
    void collectionsSizeAndAccess() {
        assertThat(rows("SELECT size(array(1, 2, 3)), size(map('a', 1)), size(array()), size(NULL),"
                        + " array(1, 2, 3)[0], array(1, 2)[2], array(1, 2)[-1], map('a', 1, 'b', 2)['b'],"
                        + " map('a', 1)['zz'], map(1, 'x', 2, 'y')[2], named_struct('a', 1, 'b', 'x').b,"
                        + " array(named_struct('x', 5))[0].x"))
                .containsExactly(row(3L, 1L, 0L, -1L, 1L, null, null, 2L, null, "y", "x", 5L));
    }

    @Test
    void collectListAndSetSkipNulls() {
        assertThat(rows("SELECT g, sort_array(collect_list(x)), sort_array(collect_set(x)), size(collect_list(x))"
                        + " FROM (SELECT 1 AS g, 3 AS x UNION ALL SELECT 1, 1 UNION ALL SELECT 1, 3"
                        + " UNION ALL SELECT 1, NULL UNION ALL SELECT 2, NULL) t GROUP BY g ORDER BY g"))
                .containsExactly(row(1L, List.of(1L, 3L, 3L), List.of(1L, 3L), 3L), row(2L, List.of(), List.of(), 0L));
    }

    @Test
    void castsGiveNullForBadInput() {
        assertThat(rows("SELECT CAST('abc' AS INT), CAST('12' AS INT), CAST('1.9' AS INT), CAST(1.9 AS INT),"
                        + " CAST(-1.9 AS BIGINT), CAST('x' AS DOUBLE), CAST('2.5' AS DOUBLE), CAST(12 AS STRING),"
                        + " CAST('2024-01-05 10:00:00' AS DATE), CAST(NULL AS INT)"))
                .containsExactly(row(null, 12L, 1L, 1L, -1L, null, 2.5, "12", LocalDate.parse("2024-01-05"), null));
    }

    @Test
    void sumAndAverageOfStringsAreNumeric() {
        assertThat(rows("SELECT sum(s), avg(s), sum(n) FROM (SELECT '1.5' AS s, 1 AS n UNION ALL SELECT '2', 2"
                        + " UNION ALL SELECT 'x', 3) t"))
                .containsExactly(row(3.5, 1.75, 6L));
    }

    @Test
    void integerDivisionAndSemiJoin() {
        assertThat(rows("SELECT 7 DIV 2, -7 DIV 2, 7 / 2")).containsExactly(row(3L, -3L, 3.5));
        assertThat(rows("SELECT a.id FROM (SELECT 1 AS id UNION ALL SELECT 2) a"
                        + " LEFT SEMI JOIN (SELECT 2 AS id UNION ALL SELECT 2) b ON a.id = b.id"))
                .containsExactly(row(2L));
    }

    @Test
    void hiveQueriesWriteTables() {
        createProblemLog();

        WriteOutcome created = (WriteOutcome) warehouse.execute("CREATE TABLE agg.problem_users PARTITIONED BY (dt)"
                + " AS SELECT get_json_object(json, \"$.user\") AS user, dt FROM raw.problemlog"
                + " WHERE get_json_object(json, '$.user') IS NOT NULL");
        warehouse.execute("INSERT OVERWRITE TABLE agg.problem_users PARTITION (dt=\"2024-01-02\")"
                + " SELECT concat(\"late_\", user) FROM agg.problem_users WHERE dt = \"2024-01-02\"");

        assertThat(created.rows()).isEqualTo(5);
        assertThat(rows("SELECT dt, user FROM agg.problem_users ORDER BY dt, user"))
                .containsExactly(
                        row(LocalDate.parse("2024-01-01"), "ann"),
                        row(LocalDate.parse("2024-01-01"), "ann"),
                        row(LocalDate.parse("2024-01-01"), "bob"),
                        row(LocalDate.parse("2024-01-01"), "bob"),
                        row(LocalDate.parse("2024-01-02"), "late_ann"));
    }

    /** Rows of a query, numbers normalized (see the class comment). */
    protected List<List<Object>> rows(String sql) {
        List<List<Object>> rows = new ArrayList<>();
        for (List<Object> row : warehouse.rows(sql)) {
            List<Object> normalized = new ArrayList<>();
            row.forEach(value -> normalized.add(normalize(value)));
            rows.add(normalized);
        }
        return rows;
    }

    protected static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    /** Rows in a fixed order, NULLs first, for queries whose order Hive leaves open. */
    protected static List<List<Object>> sorted(List<List<Object>> rows) {
        List<List<Object>> sorted = new ArrayList<>(rows);
        sorted.sort((left, right) -> String.valueOf(left).compareTo(String.valueOf(right)));
        sorted.sort((left, right) -> Boolean.compare(left.get(0) != null, right.get(0) != null));
        return sorted;
    }

    static Object normalize(Object value) {
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof java.math.BigInteger big) {
            return big.longValueExact();
        }
        if (value instanceof Float || value instanceof Double) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.scale() == 0 ? (Object) decimal.longValueExact() : (Object) decimal.doubleValue();
        }
        if (value instanceof List<?> list) {
            List<Object> normalized = new ArrayList<>();
            list.forEach(element -> normalized.add(normalize(element)));
            return normalized;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> normalized = new LinkedHashMap<>();
            map.forEach((key, element) -> normalized.put(normalize(key), normalize(element)));
            return normalized;
        }
        return value;
    }
}
