package dev.almanac.duckdb.hive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.engine.Engine;
import org.junit.jupiter.api.Test;

class TestHiveQlTranslator {
    @Test
    void standardSqlComesOutUnchanged() {
        String sql = "SELECT a, count(*) AS n, x::INT, [1, 2][1], t.\"Mixed Case\" AS \"Label\" FROM raw.t AS t"
                + " -- a comment with \"quotes\" and 'apostrophes'\n"
                + "WHERE dt BETWEEN '2024-01-02' AND '2024-01-04' /* block */ GROUP BY a ORDER BY 2 DESC LIMIT 5";

        assertThat(HiveQlTranslator.translate(sql)).isEqualTo(sql);
    }

    @Test
    void doubleQuotedTextIsAStringUnlessOnlyANameCanStandThere() {
        assertThat(HiveQlTranslator.translate("SELECT \"a\" = 'b', x AS \"y\" FROM \"raw\".\"t@version=1\" AS \"t\""))
                .isEqualTo("SELECT 'a' = 'b', x AS \"y\" FROM \"raw\".\"t@version=1\" AS \"t\"");
    }

    @Test
    void backticksQuoteNamesAndBackslashesEscape() {
        assertThat(HiveQlTranslator.translate(
                        "SELECT `odd``name`, 'it\\'s', \"say \\\"hi\\\"\", 'a\\\\d', 'x''y', '\\u0041\\t'"))
                .isEqualTo("SELECT \"odd`name\", 'it''s', 'say \"hi\"', 'a\\d', 'x''y', 'A\t'");
    }

    @Test
    void numberSuffixesBecomeCasts() {
        assertThat(HiveQlTranslator.translate("SELECT 10L, 2S, 1Y, 1.5D, 2.5BD, 1e3, 7 DIV 2"))
                .isEqualTo("SELECT CAST(10 AS BIGINT), CAST(2 AS SMALLINT), CAST(1 AS TINYINT), CAST(1.5 AS DOUBLE),"
                        + " 2.5, 1e3, 7 // 2 AS \"7 DIV 2\"");
    }

    @Test
    void functionsMapToDuckDbOrMacros() {
        assertThat(HiveQlTranslator.translate("SELECT a FROM t WHERE nvl(a, 1) = size(split(s, ','))"
                        + " AND substr(s, 0, 2) = regexp_extract(s, 'x(y)')"
                        + " AND regexp_replace(s, '(a)', '$1\\\\$') = get_json_object(j, '$.a')"))
                .isEqualTo("SELECT a FROM t WHERE coalesce(a, 1) = hive_size(hive_split(s, ','))"
                        + " AND hive_substr(s, 0, 2) = regexp_extract(s, 'x(y)', 1)"
                        + " AND regexp_replace(s, '(a)', '\\1$', 'g') = hive_get_json_object(j, '$.a')");
        assertThat(HiveQlTranslator.translate("SELECT from_unixtime(t) a, unix_timestamp(s, 'dd/MM/yyyy') b,"
                        + " date_format(d, 'yyyy-MM-dd\\'T\\'HH') c, named_struct('a', 1) d, map('k', v) e,"
                        + " concat(a, b) AS f"))
                .isEqualTo("SELECT hive_from_unixtime(t, '%Y-%m-%d %H:%M:%S') a, hive_unix_timestamp(s, '%d/%m/%Y') b,"
                        + " hive_date_format(d, '%Y-%m-%dT%H') c, {'a': 1} d, MAP {'k': v} e,"
                        + " (CAST(a AS VARCHAR) || CAST(b AS VARCHAR)) AS f");
    }

    @Test
    void encodeAndDecodeTakeUtf8Only() {
        assertThat(HiveQlTranslator.translate("SELECT encode(page, 'UTF-8') AS b, decode(b, 'utf8') AS s FROM t"))
                .isEqualTo("SELECT encode(page) AS b, decode(b) AS s FROM t");
        assertError(
                "SELECT encode(page, 'ISO-8859-1') AS b FROM t",
                ErrorCode.NOT_SUPPORTED,
                "encode supports only the character set 'UTF-8' on the embedded engine, not 'ISO-8859-1'");
        assertError("SELECT decode(b) FROM t", ErrorCode.SYNTAX_ERROR, "decode takes 2 arguments, not 1");
    }

    @Test
    void castsReturnNullForBadInput() {
        assertThat(HiveQlTranslator.translate("SELECT CAST(s AS INT), CAST(s AS double), CAST(s AS DATE), s::INT"))
                .isEqualTo(
                        "SELECT hive_cast_int(s) AS \"CAST(s AS INT)\", TRY_CAST(s AS double) AS \"CAST(s AS double)\","
                                + " hive_to_date(s) AS \"CAST(s AS DATE)\", s::INT");
    }

    @Test
    void aggregatesKeepWindowsAndDistinct() {
        assertThat(HiveQlTranslator.translate(
                        "SELECT sum(x), sum(DISTINCT x), sum(x) OVER (PARTITION BY y), collect_list(x)"))
                .isEqualTo("SELECT hive_sum(x) AS \"sum(x)\", sum(DISTINCT x), sum(x) OVER (PARTITION BY y),"
                        + " hive_collect_list(x) AS \"collect_list(x)\"");
        assertThatThrownBy(() -> HiveQlTranslator.translate("SELECT collect_set(x) OVER (PARTITION BY y) FROM t"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("collect_set with DISTINCT, FILTER or OVER (…) is not supported on the embedded engine");
    }

    @Test
    void subscriptsAreZeroBasedUnlessAStringKey() {
        assertThat(HiveQlTranslator.translate("SELECT a[0], t.a[i + 1][2], split(s, ',')[1].x, m['k'], a[1:2]"))
                .isEqualTo("SELECT (hive_subscript(a, 0)) AS \"a[0]\","
                        + " (hive_subscript((hive_subscript(t.a, i + 1)), 2)) AS \"t.a[i + 1][2]\","
                        + " (hive_subscript(hive_split(s, ','), 1)).x AS \"split(s, ',')[1].x\", m['k'], a[1:2]");
    }

    @Test
    void resultColumnsKeepTheNamesTheyAreWrittenWith() {
        assertThat(HiveQlTranslator.translate("SELECT SUM(n), size(a)   total, nvl(x, 1) AS y, CASE WHEN nvl(x, 1) > 0"
                        + " THEN 1 END, DISTINCT_COUNT FROM (SELECT DISTINCT sum(n) FROM t) q"))
                .isEqualTo("SELECT hive_sum(n) AS \"SUM(n)\", hive_size(a)   total, coalesce(x, 1) AS y, CASE WHEN"
                        + " coalesce(x, 1) > 0 THEN 1 END AS \"CASE WHEN nvl(x, 1) > 0 THEN 1 END\", DISTINCT_COUNT"
                        + " FROM (SELECT DISTINCT hive_sum(n) AS \"sum(n)\" FROM t) q");
    }

    @Test
    void lateralViewsBecomeLateralJoins() {
        assertThat(HiveQlTranslator.translate(
                        "SELECT v FROM t LATERAL VIEW explode(arr) e AS v LATERAL VIEW OUTER posexplode(b) p AS i, w"))
                .isEqualTo("SELECT v FROM t CROSS JOIN LATERAL (SELECT unnest(arr) AS v) AS e LEFT JOIN LATERAL"
                        + " (SELECT CAST(unnest(range(len(b))) AS INTEGER) AS i, unnest(b) AS w) AS p ON true");
        assertThat(HiveQlTranslator.translate("SELECT a FROM t LATERAL VIEW json_tuple(j, 'a', 'b') x AS a, `b`"))
                .isEqualTo("SELECT a FROM t CROSS JOIN LATERAL (SELECT hive_json_tuple_field(j, 'a') AS a,"
                        + " hive_json_tuple_field(j, 'b') AS \"b\") AS x");
    }

    @Test
    void hiveOperatorsAndJoins() {
        assertThat(HiveQlTranslator.translate(
                        "SELECT * FROM a LEFT SEMI JOIN b ON a.x = b.x WHERE a.s RLIKE '^x' AND lower(t) NOT REGEXP p"))
                .isEqualTo("SELECT * FROM a SEMI JOIN b ON a.x = b.x WHERE regexp_matches(a.s, '^x') AND NOT"
                        + " regexp_matches(lower(t), p)");
    }

    @Test
    void nativeSqlIsLeftAlone() {
        String sql = Engine.NATIVE_SQL_MARKER + "\nSELECT nullif(\"Header\", '') FROM read_csv('a\\b.csv')";

        assertThat(HiveQlTranslator.translate(sql)).isEqualTo(sql);
    }

    @Test
    void malformedTextIsASyntaxError() {
        assertError("SELECT 'open", ErrorCode.SYNTAX_ERROR, "Unterminated string literal starting at offset 7");
        assertError("SELECT (1", ErrorCode.SYNTAX_ERROR, "Unclosed '(' in the query");
        assertError("SELECT 1)", ErrorCode.SYNTAX_ERROR, "Unbalanced ')' in the query");
        assertError("SELECT /* open", ErrorCode.SYNTAX_ERROR, "Unterminated comment starting at offset 7");
        assertError(
                "SELECT x FROM t LATERAL VIEW explode(a) e",
                ErrorCode.SYNTAX_ERROR,
                "Expected AS and column names after LATERAL VIEW explode(…) e");
        assertError(
                "SELECT x FROM t LATERAL VIEW json_tuple(j, 'a', 'b') e AS a",
                ErrorCode.SYNTAX_ERROR,
                "LATERAL VIEW json_tuple with 2 keys needs as many column names, not 1");
        assertError("SELECT map('a')", ErrorCode.SYNTAX_ERROR, "map takes pairs of a key and a value");
        assertError("SELECT regexp_extract(s)", ErrorCode.SYNTAX_ERROR, "regexp_extract takes 2 to 3 arguments, not 1");
    }

    @Test
    void unsupportedHiveConstructsAreRefusedByName() {
        assertError(
                "SELECT a FROM t SORT BY a",
                ErrorCode.NOT_SUPPORTED,
                "SORT BY is not supported on the embedded engine, which runs on one machine; use ORDER BY for a sorted"
                        + " result");
        assertError(
                "FROM t SELECT MAP (a) USING 'x.py'",
                ErrorCode.NOT_SUPPORTED,
                "MAP … USING (running a script) is not supported on the embedded engine");
        assertError(
                "SELECT * FROM t TABLESAMPLE (BUCKET 1 OUT OF 4 ON id)",
                ErrorCode.NOT_SUPPORTED,
                "TABLESAMPLE (BUCKET …) is not supported on the embedded engine");
        assertError(
                "SELECT a <=> b",
                ErrorCode.NOT_SUPPORTED,
                "The operator <=> is not supported on the embedded engine; write a IS NOT DISTINCT FROM b");
        assertError(
                "SELECT explode(a) FROM t",
                ErrorCode.NOT_SUPPORTED,
                "explode outside LATERAL VIEW is not supported on the embedded engine; write FROM t LATERAL VIEW"
                        + " explode(…) alias AS column");
        assertError(
                "SELECT from_unixtime(t, fmt)",
                ErrorCode.NOT_SUPPORTED,
                "from_unixtime needs its date pattern as a string literal on the embedded engine, e.g. 'yyyy-MM-dd"
                        + " HH:mm:ss'");
        assertError(
                "SELECT named_struct(name, 1)",
                ErrorCode.NOT_SUPPORTED,
                "named_struct field names must be string literals, e.g. named_struct('a', 1)");
    }

    private static void assertError(String sql, ErrorCode code, String message) {
        assertThatThrownBy(() -> HiveQlTranslator.translate(sql))
                .isInstanceOf(AlmanacException.class)
                .hasMessage(message)
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(code);
    }
}
