package dev.almanac.core.sql;

import dev.almanac.core.catalog.TableName;
import dev.almanac.core.sql.SqlStatement.ColumnDefinition;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code CREATE TABLE} with a column list, as Hive and Spark write it: {@code CREATE TABLE
 * [IF NOT EXISTS] t (c type [COMMENT '…'], …) [COMMENT '…'] [PARTITIONED BY (p [type], …)] [USING
 * iceberg | STORED AS PARQUET]}. Clauses that would place or format the table differently
 * (LOCATION, ROW FORMAT, other storage formats) are refused: every table lives in the warehouse as
 * Iceberg with Parquet files.
 */
final class CreateTableParser {
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;
    private static final String PART = "(?:\"[^\"]+\"|`[^`]+`|[A-Za-z_][A-Za-z0-9_]*(?![A-Za-z0-9_]))";
    private static final Pattern HEAD = Pattern.compile(
            "CREATE\\s+TABLE\\s+(IF\\s+NOT\\s+EXISTS\\s+)?(" + PART + "(?:\\s*\\.\\s*" + PART + ")*)\\s*\\((.*)",
            FLAGS);
    private static final Pattern COLUMN = Pattern.compile(
            "\\s*(\"[^\"]+\"|`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)(?:\\s+(.+?))?(?:\\s+NOT\\s+NULL)?"
                    + "(?:\\s+COMMENT\\s+'(?:[^']|'')*')?\\s*",
            FLAGS);
    private static final Pattern COMMENT = Pattern.compile("COMMENT\\s+'(?:[^']|'')*'\\s*", FLAGS);
    private static final Pattern PARTITIONED_BY = Pattern.compile("PARTITIONED\\s+BY\\s*\\(", FLAGS);
    private static final Pattern FORMAT =
            Pattern.compile("(?:USING\\s+(?:iceberg|parquet)|STORED\\s+AS\\s+PARQUET)(?![A-Za-z0-9_])\\s*", FLAGS);

    private CreateTableParser() {}

    static Optional<SqlStatement> parse(String sql, Function<List<String>, TableName> names) {
        Matcher head = HEAD.matcher(sql);
        if (!head.matches()) {
            return Optional.empty();
        }
        TableName table = names.apply(TableName.split(head.group(2)));
        String rest = head.group(3);
        int close = closing(rest, sql);
        List<ColumnDefinition> columns = new ArrayList<>();
        for (String definition : topLevel(rest.substring(0, close))) {
            columns.add(column(definition, sql, true));
        }
        List<String> partitionColumns = new ArrayList<>();
        String tail = rest.substring(close + 1).strip();
        while (!tail.isEmpty()) {
            Matcher matcher = COMMENT.matcher(tail);
            if (matcher.lookingAt()) {
                tail = tail.substring(matcher.end());
                continue;
            }
            matcher = FORMAT.matcher(tail);
            if (matcher.lookingAt()) {
                tail = tail.substring(matcher.end());
                continue;
            }
            matcher = PARTITIONED_BY.matcher(tail);
            if (matcher.lookingAt() && partitionColumns.isEmpty()) {
                String list = tail.substring(matcher.end());
                int end = closing(list, sql);
                for (String definition : topLevel(list.substring(0, end))) {
                    ColumnDefinition partition = column(definition, sql, false);
                    if (!partition.type().isEmpty()) {
                        columns.add(partition);
                    }
                    partitionColumns.add(partition.name());
                }
                tail = list.substring(end + 1).strip();
                continue;
            }
            throw new AlmanacException(
                    ErrorCode.NOT_SUPPORTED,
                    "CREATE TABLE does not support '" + SqlStatementParser.abbreviate(tail)
                            + "': tables live in the warehouse as Iceberg tables of Parquet files; allowed after the"
                            + " columns: COMMENT, PARTITIONED BY (…), USING iceberg, STORED AS PARQUET");
        }
        checkNames(table, columns, partitionColumns);
        return Optional.of(new SqlStatement.CreateTable(table, head.group(1) != null, columns, partitionColumns));
    }

    private static void checkNames(TableName table, List<ColumnDefinition> columns, List<String> partitionColumns) {
        Set<String> names = new HashSet<>();
        for (ColumnDefinition column : columns) {
            if (!names.add(column.name().toLowerCase(Locale.ROOT))) {
                throw new AlmanacException(
                        ErrorCode.INVALID_QUERY, "Table " + table + " declares column " + column.name() + " twice");
            }
        }
        for (String partition : partitionColumns) {
            if (!names.contains(partition.toLowerCase(Locale.ROOT))) {
                throw new AlmanacException(
                        ErrorCode.INVALID_QUERY,
                        "PARTITIONED BY names " + partition + ", which is not a column of " + table
                                + "; declare it in the column list or give its type in PARTITIONED BY");
            }
        }
    }

    private static ColumnDefinition column(String definition, String sql, boolean typeRequired) {
        Matcher matcher = COLUMN.matcher(definition);
        if (!matcher.matches() || (typeRequired && matcher.group(2) == null)) {
            throw new AlmanacException(
                    ErrorCode.SYNTAX_ERROR,
                    "Expected 'name type' for each column, found '" + definition.strip() + "' in: "
                            + SqlStatementParser.abbreviate(sql));
        }
        String name = matcher.group(1);
        name = name.startsWith("\"") || name.startsWith("`")
                ? name.substring(1, name.length() - 1)
                : name.toLowerCase(Locale.ROOT);
        return new ColumnDefinition(
                name, matcher.group(2) == null ? "" : matcher.group(2).strip());
    }

    /** The index of the parenthesis closing the one just before {@code text}. */
    private static int closing(String text, String sql) {
        int depth = 1;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')' && --depth == 0) {
                return i;
            }
        }
        throw new AlmanacException(
                ErrorCode.SYNTAX_ERROR, "Unbalanced parentheses in: " + SqlStatementParser.abbreviate(sql));
    }

    private static List<String> topLevel(String list) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && (c == '(' || c == '<')) {
                depth++;
            } else if (!quoted && (c == ')' || c == '>')) {
                depth--;
            } else if (!quoted && c == ',' && depth == 0) {
                parts.add(list.substring(start, i));
                start = i + 1;
            }
        }
        if (!list.substring(start).isBlank() || !parts.isEmpty()) {
            parts.add(list.substring(start));
        }
        return parts;
    }
}
