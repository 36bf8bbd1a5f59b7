package dev.almanac.core.sql;

import dev.almanac.core.catalog.TableName;
import dev.almanac.core.sql.SqlStatement.ColumnDefinition;
import dev.almanac.core.sql.SqlStatement.SchemaChange;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the ALTER TABLE forms Spark SQL and Hive use for schema evolution. */
final class AlterTableParser {
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;
    private static final String PART = "(?:\"[^\"]+\"|`[^`]+`|[A-Za-z_][A-Za-z0-9_]*(?![A-Za-z0-9_]))";
    private static final String NAME = "(" + PART + "(?:\\s*\\.\\s*" + PART + ")*)";
    private static final String COLUMN = "(\"[^\"]+\"|`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)";
    private static final Pattern ALTER = Pattern.compile("ALTER\\s+TABLE\\s+" + NAME + "\\s+(.*)", FLAGS);
    private static final Pattern ADD_COLUMNS =
            Pattern.compile("ADD\\s+COLUMNS?\\s*(?:\\((.*)\\)|(" + COLUMN + "\\s+.*))", FLAGS);
    private static final Pattern CHANGE_TYPE =
            Pattern.compile("(?:ALTER|CHANGE)\\s+COLUMN\\s+" + COLUMN + "\\s+(?:SET\\s+DATA\\s+)?TYPE\\s+(.+)", FLAGS);
    private static final Pattern RENAME_COLUMN =
            Pattern.compile("RENAME\\s+COLUMN\\s+" + COLUMN + "\\s+TO\\s+" + COLUMN, FLAGS);
    private static final Pattern DROP_COLUMN = Pattern.compile("DROP\\s+COLUMN\\s+" + COLUMN, FLAGS);
    private static final Pattern DEFINITION = Pattern.compile("\\s*" + COLUMN + "\\s+(.+?)\\s*", FLAGS);

    private AlterTableParser() {}

    static Optional<SqlStatement> parse(String sql, Function<List<String>, TableName> names) {
        Matcher alter = ALTER.matcher(sql);
        if (!alter.matches()) {
            return Optional.empty();
        }
        TableName table = names.apply(TableName.split(alter.group(1)));
        String action = alter.group(2).strip();
        Matcher matcher = ADD_COLUMNS.matcher(action);
        if (matcher.matches()) {
            String list = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
            return Optional.of(new SqlStatement.AlterTable(table, new SchemaChange.AddColumns(definitions(list, sql))));
        }
        matcher = CHANGE_TYPE.matcher(action);
        if (matcher.matches()) {
            return Optional.of(new SqlStatement.AlterTable(
                    table,
                    new SchemaChange.ChangeType(
                            column(matcher.group(1)), matcher.group(2).strip())));
        }
        matcher = RENAME_COLUMN.matcher(action);
        if (matcher.matches()) {
            return Optional.of(new SqlStatement.AlterTable(
                    table, new SchemaChange.RenameColumn(column(matcher.group(1)), column(matcher.group(2)))));
        }
        matcher = DROP_COLUMN.matcher(action);
        if (matcher.matches()) {
            return Optional.of(
                    new SqlStatement.AlterTable(table, new SchemaChange.DropColumn(column(matcher.group(1)))));
        }
        throw new AlmanacException(
                ErrorCode.NOT_SUPPORTED,
                "ALTER TABLE supports ADD COLUMNS (name type, …), ALTER COLUMN name TYPE type, RENAME COLUMN a TO b and"
                        + " DROP COLUMN name; not: " + SqlStatementParser.abbreviate(sql));
    }

    private static List<ColumnDefinition> definitions(String list, String sql) {
        List<ColumnDefinition> definitions = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= list.length(); i++) {
            char c = i < list.length() ? list.charAt(i) : ',';
            if (c == '(' || c == '<') {
                depth++;
            } else if (c == ')' || c == '>') {
                depth--;
            } else if (c == ',' && depth == 0) {
                Matcher definition = DEFINITION.matcher(list.substring(start, i));
                if (!definition.matches()) {
                    throw new AlmanacException(
                            ErrorCode.SYNTAX_ERROR,
                            "Expected 'name type' in ADD COLUMNS of: " + SqlStatementParser.abbreviate(sql));
                }
                definitions.add(new ColumnDefinition(column(definition.group(1)), definition.group(2)));
                start = i + 1;
            }
        }
        return definitions;
    }

    private static String column(String text) {
        return text.startsWith("\"") || text.startsWith("`")
                ? text.substring(1, text.length() - 1)
                : text.toLowerCase(Locale.ROOT);
    }
}
