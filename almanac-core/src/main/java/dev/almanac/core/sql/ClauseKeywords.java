package dev.almanac.core.sql;

import java.util.Locale;
import java.util.Set;

/**
 * Words that can follow a table reference in a FROM clause without being its alias: the keywords of
 * the clauses, joins and table modifiers of DuckDB, Spark SQL and HiveQL.
 */
public final class ClauseKeywords {
    private static final Set<String> KEYWORDS = Set.of(
            "where",
            "join",
            "left",
            "right",
            "full",
            "inner",
            "outer",
            "cross",
            "natural",
            "on",
            "using",
            "group",
            "order",
            "limit",
            "union",
            "except",
            "intersect",
            "minus",
            "having",
            "window",
            "qualify",
            "lateral",
            "offset",
            "anti",
            "semi",
            "positional",
            "asof",
            "select",
            "tablesample",
            "pivot",
            "unpivot",
            "distribute",
            "sort",
            "cluster",
            "insert",
            "values",
            "for",
            "version",
            "timestamp",
            "system_version",
            "system_time");

    private ClauseKeywords() {}

    /** Whether {@code word} after a table name starts a clause rather than naming an alias. */
    public static boolean isClauseKeyword(String word) {
        return KEYWORDS.contains(word.toLowerCase(Locale.ROOT));
    }
}
