package dev.almanac.duckdb.hive;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The {@code hive_*} macros translated queries call, with Hive's semantics (NULL handling
 * included). Macros live in one DuckDB database: {@link #create} runs on every new connection.
 */
public final class HiveMacros {
    private static final String INTEGRAL_TEXT =
            "CASE WHEN regexp_full_match(trim(x), '[+-]?[0-9]+([.][0-9]*)?') THEN split_part(trim(x), '.', 1) END";

    /** Spark's 0-based start of {@code substr(s, p …)}. */
    private static final String START = "(CASE WHEN p > 0 THEN p - 1 WHEN p < 0 THEN length(s) + p ELSE 0 END)";

    static final List<String> MACROS = List.of(
            "hive_size(x) AS CASE WHEN x IS NULL THEN -1 ELSE CAST(cardinality(x) AS INTEGER) END",
            "hive_split(s, p) AS regexp_split_to_array(s, p)",
            "hive_to_date(d VARCHAR) AS CAST(TRY_CAST(d AS TIMESTAMP) AS DATE), (d) AS TRY_CAST(d AS DATE)",
            "hive_date_add(d, n) AS CAST(hive_to_date(d) + CAST(n AS INTEGER) AS DATE)",
            "hive_date_sub(d, n) AS CAST(hive_to_date(d) - CAST(n AS INTEGER) AS DATE)",
            "hive_datediff(a, b) AS CAST(hive_to_date(a) - hive_to_date(b) AS INTEGER)",
            "hive_get_json_object(j, p) AS CASE WHEN json_valid(j) AND starts_with(p, '$')"
                    + " THEN json_extract_string(j, p) END",
            "hive_json_tuple_field(j, k) AS CASE WHEN json_valid(j) THEN CASE WHEN json_type(j) = 'OBJECT'"
                    + " THEN json_extract_string(j, '/' || replace(replace(k, '~', '~0'), '/', '~1')) END END",
            // Spark's substring: a 0-based start (counted from the end when negative) that may lie before the
            // string; the part of [start, start + l) inside the string is returned
            "hive_substr(s, p) AS substring(s, greatest(" + START + ", 0) + 1),"
                    + " (s, p, l) AS CASE WHEN greatest(" + START + ", 0) >= " + START
                    + " + l THEN '' ELSE substring(s,"
                    + " greatest(" + START + ", 0) + 1, " + START + " + l - greatest(" + START + ", 0)) END",
            "hive_collect_list(x) AS coalesce(list_filter(list(x), lambda e: e IS NOT NULL), [])",
            "hive_collect_set(x) AS coalesce(list_distinct(list(x)), [])",
            "hive_sum(x VARCHAR) AS sum(TRY_CAST(x AS DOUBLE)), (x BIGINT) AS CAST(sum(x) AS BIGINT), (x) AS sum(x)",
            "hive_avg(x VARCHAR) AS avg(TRY_CAST(x AS DOUBLE)), (x) AS avg(x)",
            "hive_subscript(c, i) AS CASE WHEN typeof(c) LIKE 'MAP(%' THEN c[i] WHEN i < 0 THEN NULL ELSE c[i + 1]"
                    + " END",
            "hive_regexp_replace(s, p, r) AS regexp_replace(s, p,"
                    + " regexp_replace(replace(r, '\\', '\\\\'), '[$]([0-9])', '\\\\\\1', 'g'), 'g')",
            "hive_from_unixtime(t, f) AS strftime(to_timestamp(CAST(t AS BIGINT)), f)",
            "hive_unix_timestamp() AS CAST(floor(epoch(current_timestamp)) AS BIGINT),"
                    + " (x VARCHAR, f) AS CAST(floor(epoch(try_strptime(x, f))) AS BIGINT),"
                    + " (x, f) AS CAST(floor(epoch(TRY_CAST(x AS TIMESTAMP))) AS BIGINT)",
            "hive_date_format(d VARCHAR, f) AS strftime(TRY_CAST(d AS TIMESTAMP), f), (d, f) AS strftime(d, f)",
            integralCast("tinyint"),
            integralCast("smallint"),
            integralCast("int"),
            integralCast("bigint"));

    private HiveMacros() {}

    /**
     * Hive's CAST to an integral type: NULL for text that is not a number, fractions truncated.
     * One macro that dispatches on the value's type (not overloads: an argument whose type is not
     * known when the macro is chosen, such as an aggregate's result, would match several).
     */
    private static String integralCast(String type) {
        String text = INTEGRAL_TEXT.replace("trim(x)", "trim(TRY_CAST(x AS VARCHAR))");
        return "hive_cast_" + type + "(x) AS CASE WHEN typeof(x) = 'VARCHAR' THEN TRY_CAST(" + text + " AS " + type
                + ") WHEN typeof(x) IN ('DOUBLE', 'FLOAT') OR typeof(x) LIKE 'DECIMAL%' THEN TRY_CAST(trunc(TRY_CAST(x"
                + " AS DOUBLE)) AS " + type + ") ELSE TRY_CAST(x AS " + type + ") END";
    }

    public static void create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String macro : MACROS) {
                statement.execute("CREATE OR REPLACE MACRO " + macro);
            }
        }
    }
}
