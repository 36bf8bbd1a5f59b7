package dev.almanac.duckdb;

/** Quoting for SQL text built by the engine. */
final class DuckDbSql {
    private DuckDbSql() {}

    static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
