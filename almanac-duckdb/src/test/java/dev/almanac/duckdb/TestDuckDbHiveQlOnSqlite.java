package dev.almanac.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.testing.AbstractHiveQlTest;
import org.junit.jupiter.api.Test;

class TestDuckDbHiveQlOnSqlite extends AbstractHiveQlTest {
    @Test
    void khanQueryMatchesTheSameAggregationInDuckDbSql() {
        createProblemLog();
        String plain = "SELECT json_extract_string(json, '$.user'), json_extract_string(json, '$.exercise'),"
                + " sum(TRY_CAST(json_extract_string(json, '$.time_taken') AS DOUBLE)),"
                + " count(*) FILTER (WHERE json_extract_string(json, '$.correct') = 'true'),"
                + " count(*) FILTER (WHERE json_extract_string(json, '$.correct') <> 'true'),"
                + " coalesce(bool_or(json_extract_string(json, '$.earned_proficiency') = 'true'), false)"
                + " FROM raw.problemlog WHERE dt = '2024-01-01' AND json_valid(json)"
                + " GROUP BY 1, 2";

        assertThat(sorted(rows(KHAN_QUERY)).subList(1, 4)).isEqualTo(sorted(rows(plain)));
    }

    @Test
    void javaFunctionsFromTheClasspathAreCallable() {
        assertThat(rows("SELECT mask_email('ann@example.org'), mask_email(NULL), upper(mask_email(\"b@x.io\"))"))
                .containsExactly(row("a***@example.org", null, "B***@X.IO"));
    }

    @Test
    void aFailingJavaFunctionFailsTheQueryWithItsName() {
        assertThat(rows("SELECT strict_length('abc'), strict_length(NULL)")).containsExactly(row(3L, null));
        assertThatThrownBy(() -> warehouse.rows("SELECT strict_length('')"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Invalid Input Error: Function strict_length failed: empty text")
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.INVALID_QUERY);
    }

    @Test
    void unsupportedHiveConstructsFailClearly() {
        assertNotSupported(
                "SELECT 1 AS a FROM raw.t CLUSTER BY a",
                "CLUSTER BY is not supported on the embedded engine, which runs on one machine; use ORDER BY for a"
                        + " sorted result");
        assertNotSupported(
                "SELECT a FROM (SELECT 1 AS a) t DISTRIBUTE BY a SORT BY a",
                "DISTRIBUTE BY is not supported on the embedded engine, which runs on one machine; use ORDER BY for"
                        + " a sorted result");
        assertNotSupported(
                "SELECT TRANSFORM (a) USING 'cat' AS (b) FROM (SELECT 1 AS a) t",
                "TRANSFORM … USING (running a script) is not supported on the embedded engine");
        assertNotSupported(
                "SELECT stack(2, 1, 2)",
                "The table-generating function stack is not supported on the embedded engine; supported: LATERAL"
                        + " VIEW [OUTER] explode, posexplode, json_tuple");
        assertNotSupported(
                "SELECT x FROM (SELECT 1 AS id) t LATERAL VIEW inline(arr) e AS x",
                "LATERAL VIEW inline(…) is not supported on the embedded engine; LATERAL VIEW works with explode,"
                        + " posexplode and json_tuple");
        assertNotSupported(
                "SELECT date_format('2024-01-01', 'yyyy-ww')",
                "Date pattern letter 'ww' in 'yyyy-ww' is not supported on the embedded engine; supported: y yy yyyy"
                        + " M MM MMM MMMM d dd D DDD H HH h hh m mm s ss SSS SSSSSS a E EEEE Z z and 'quoted text'");
        assertNotSupported(
                "SELECT get_json_object('[1]', '$[*]')",
                "get_json_object path '$[*]' uses a wildcard, which the embedded engine does not support");
    }

    @Test
    void lateralViewWithTheWrongNumberOfColumnsIsASyntaxError() {
        assertThatThrownBy(() -> warehouse.rows(
                        "SELECT * FROM (SELECT array(1) AS arr) t LATERAL VIEW explode(arr) e AS a, b, c"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("LATERAL VIEW explode gives 1 column for an array or 2 for a map, not 3")
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.SYNTAX_ERROR);
    }

    private void assertNotSupported(String sql, String message) {
        assertThatThrownBy(() -> warehouse.rows(sql))
                .isInstanceOf(AlmanacException.class)
                .hasMessage(message)
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.NOT_SUPPORTED);
    }
}
