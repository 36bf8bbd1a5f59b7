package dev.almanac.core.sql;

import dev.almanac.core.catalog.TableName;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognizes the statements Almanac executes itself (table creation, inserts, overwrites, drops)
 * and leaves everything else to the engine as a query. Only the head of a write statement is
 * parsed here; its query is the engine's.
 */
public final class SqlStatementParser {
    // an unquoted part is a whole word: "raw.bias SELECT" must not read as raw.bi AS SELECT
    private static final String PART = "(?:\"[^\"]+\"|`[^`]+`|[A-Za-z_][A-Za-z0-9_]*(?![A-Za-z0-9_]))";
    private static final String NAME = "(" + PART + "(?:\\s*\\.\\s*" + PART + ")*)";
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;

    private static final Pattern CREATE_TABLE_AS = Pattern.compile(
            "CREATE\\s+TABLE\\s+(IF\\s+NOT\\s+EXISTS\\s+)?" + NAME
                    + "\\s*(?:PARTITIONED\\s+BY\\s*\\(([^)]*)\\)\\s*)?AS\\s+(.*)",
            FLAGS);
    private static final Pattern CREATE_TABLE = Pattern.compile("CREATE\\s+(?:OR\\s+REPLACE\\s+)?TABLE\\b.*", FLAGS);
    private static final Pattern INSERT_INTO =
            Pattern.compile("INSERT\\s+INTO\\s+(?:TABLE\\s+)?" + NAME + "\\s*(.*)", FLAGS);
    private static final Pattern INSERT_OVERWRITE = Pattern.compile(
            "INSERT\\s+OVERWRITE\\s+(?:TABLE\\s+)?" + NAME
                    + "\\s*(?:PARTITION\\s*\\(((?:'(?:[^']|'')*'|\"(?:[^\"\\\\]|\\\\.)*\"|[^'\")])*)\\)\\s*)?(.*)",
            FLAGS);
    private static final Pattern PARTITION_HEAD = Pattern.compile("PARTITION\\s*\\(.*", FLAGS);
    private static final Pattern DROP_TABLE =
            Pattern.compile("DROP\\s+TABLE\\s+(IF\\s+EXISTS\\s+)?" + NAME + "\\s*", FLAGS);
    private static final Pattern PARTITION_VALUE =
            Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(?:'((?:[^']|'')*)'|([0-9A-Za-z_.:+-]+)"
                    + "|\"((?:[^\"\\\\]|\\\\.)*)\")\\s*(,|$)");
    private static final Pattern QUERY_START = Pattern.compile("(?:(?:SELECT|WITH|VALUES|FROM|TABLE)\\b|\\().*", FLAGS);
    private static final Pattern WRITE_HEAD = Pattern.compile(
            "(?:INSERT|UPDATE|DELETE|MERGE|CREATE|DROP|ALTER|COPY|ATTACH|DETACH|SET|PRAGMA|INSTALL|LOAD)\\b.*", FLAGS);

    private SqlStatementParser() {}

    /** Parses a statement whose table names all carry their namespace. */
    public static SqlStatement parse(String text) {
        return parse(text, TableName::of);
    }

    /** Parses a statement; {@code names} turns the parts of each table name written into a table. */
    public static SqlStatement parse(String text, Function<List<String>, TableName> names) {
        String sql = strip(text);
        if (sql.isEmpty()) {
            throw new AlmanacException(ErrorCode.SYNTAX_ERROR, "Empty SQL statement");
        }
        Matcher matcher = CREATE_TABLE_AS.matcher(sql);
        if (matcher.matches()) {
            return new SqlStatement.CreateTableAs(
                    names.apply(TableName.split(matcher.group(2))),
                    matcher.group(1) != null,
                    matcher.group(3) == null ? List.of() : columns(matcher.group(3)),
                    query(matcher.group(4), sql));
        }
        Optional<SqlStatement> create = CreateTableParser.parse(sql, names);
        if (create.isPresent()) {
            return create.get();
        }
        if (CREATE_TABLE.matcher(sql).matches()) {
            throw new AlmanacException(
                    ErrorCode.NOT_SUPPORTED,
                    "Expected CREATE TABLE name (column type, …) [PARTITIONED BY (…)] or CREATE TABLE name"
                            + " [PARTITIONED BY (column)] AS SELECT …, in: " + abbreviate(sql));
        }
        matcher = INSERT_OVERWRITE.matcher(sql);
        if (matcher.matches()) {
            if (matcher.group(2) == null
                    && PARTITION_HEAD.matcher(matcher.group(3)).matches()) {
                throw new AlmanacException(
                        ErrorCode.SYNTAX_ERROR, "Expected PARTITION (column='value', …) in: " + abbreviate(sql));
            }
            return new SqlStatement.Insert(
                    names.apply(TableName.split(matcher.group(1))),
                    true,
                    matcher.group(2) == null ? Map.of() : partitionValues(matcher.group(2)),
                    query(matcher.group(3), sql));
        }
        matcher = INSERT_INTO.matcher(sql);
        if (matcher.matches()) {
            return new SqlStatement.Insert(
                    names.apply(TableName.split(matcher.group(1))), false, Map.of(), query(matcher.group(2), sql));
        }
        matcher = DROP_TABLE.matcher(sql);
        if (matcher.matches()) {
            return new SqlStatement.DropTable(names.apply(TableName.split(matcher.group(2))), matcher.group(1) != null);
        }
        Optional<SqlStatement> alter = AlterTableParser.parse(sql, names);
        if (alter.isPresent()) {
            return alter.get();
        }
        if (WRITE_HEAD.matcher(sql).matches() && !QUERY_START.matcher(sql).matches()) {
            String keyword = sql.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
            throw new AlmanacException(
                    ErrorCode.NOT_SUPPORTED,
                    keyword + " statements are not supported. Almanac runs queries and CREATE TABLE … AS SELECT,"
                            + " INSERT INTO, INSERT OVERWRITE TABLE … [PARTITION (…)], ALTER TABLE and DROP TABLE.");
        }
        return new SqlStatement.Query(sql);
    }

    private static String query(String query, String statement) {
        // strip also drops a comment between the statement's head and its query
        String stripped = strip(query);
        if (!QUERY_START.matcher(stripped).matches()) {
            throw new AlmanacException(
                    ErrorCode.SYNTAX_ERROR, "Expected a query (SELECT …) in: " + abbreviate(statement));
        }
        return stripped;
    }

    private static List<String> columns(String list) {
        List<String> columns = new ArrayList<>();
        for (String part : list.split(",", -1)) {
            String column = part.strip();
            if ((column.startsWith("\"") && column.endsWith("\"") || column.startsWith("`") && column.endsWith("`"))
                    && column.length() > 1) {
                column = column.substring(1, column.length() - 1);
            } else {
                column = column.toLowerCase(Locale.ROOT);
            }
            if (column.isEmpty()) {
                throw new AlmanacException(
                        ErrorCode.SYNTAX_ERROR, "Empty column name in PARTITIONED BY (" + list + ")");
            }
            columns.add(column);
        }
        return columns;
    }

    private static Map<String, String> partitionValues(String list) {
        Map<String, String> values = new LinkedHashMap<>();
        // quoted values may hold commas and parentheses, so the list is read pair by pair, not split
        Matcher matcher = PARTITION_VALUE.matcher(list);
        int position = 0;
        boolean more = true;
        while (more) {
            matcher.region(position, list.length());
            if (!matcher.lookingAt()) {
                throw new AlmanacException(
                        ErrorCode.SYNTAX_ERROR,
                        "Expected column='value' in PARTITION (" + list + "), e.g. PARTITION (dt='2024-01-02')");
            }
            String column = matcher.group(1).toLowerCase(Locale.ROOT);
            // a double-quoted value is a Hive string literal: backslash escapes a character
            String value = matcher.group(2) != null
                    ? matcher.group(2).replace("''", "'")
                    : matcher.group(4) != null ? matcher.group(4).replaceAll("\\\\(.)", "$1") : matcher.group(3);
            if (values.put(column, value) != null) {
                throw new AlmanacException(
                        ErrorCode.SYNTAX_ERROR, "Column " + column + " appears twice in PARTITION (" + list + ")");
            }
            position = matcher.end();
            more = matcher.group(5).equals(",");
        }
        return values;
    }

    /** Drops leading comments and blank lines and a trailing semicolon. */
    static String strip(String text) {
        String sql = text.strip();
        boolean changed = true;
        while (changed) {
            changed = false;
            if (sql.startsWith("--")) {
                int end = sql.indexOf('\n');
                sql = end < 0 ? "" : sql.substring(end + 1).strip();
                changed = true;
            } else if (sql.startsWith("/*")) {
                int end = sql.indexOf("*/");
                sql = end < 0 ? "" : sql.substring(end + 2).strip();
                changed = true;
            }
        }
        while (sql.endsWith(";")) {
            sql = sql.substring(0, sql.length() - 1).strip();
        }
        return sql;
    }

    static String abbreviate(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ");
        return oneLine.length() > 120 ? oneLine.substring(0, 117) + "..." : oneLine;
    }
}
