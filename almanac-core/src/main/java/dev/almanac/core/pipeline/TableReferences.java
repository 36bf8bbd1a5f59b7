package dev.almanac.core.pipeline;

import static java.util.Objects.requireNonNull;

import dev.almanac.core.catalog.TableName;
import dev.almanac.core.sql.ClauseKeywords;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The warehouse tables a SQL statement reads and writes, found without a full parser and
 * conservatively: reads are the {@code namespace.table} names after {@code FROM} (of a query, not
 * of {@code EXTRACT(… FROM …)} or {@code IS DISTINCT FROM}) and {@code JOIN}; the write is the table
 * of an {@code INSERT OVERWRITE [TABLE] t}, {@code INSERT INTO [TABLE] t} or
 * {@code CREATE TABLE t … AS} at the start (after an optional {@code WITH} clause). Names in string
 * literals and comments, names without a namespace (which include those of common table
 * expressions: they cannot have one) and names built from {@code ${…}} placeholders are not reported.
 */
public record TableReferences(Optional<TableName> written, List<TableName> read) {
    private static final Set<String> TIME_TRAVEL =
            Set.of("for", "version", "timestamp", "system_version", "system_time");

    public TableReferences {
        requireNonNull(written, "written is null");
        read = List.copyOf(read);
    }

    public static TableReferences extract(String sql) {
        return extract(sql, List.of());
    }

    /**
     * As {@link #extract(String)}, with one-part names resolved through a search path (see {@code
     * SqlSession#searchPath}): a written one-part name is in the path's first namespace; a read one
     * may be in any of them, and each candidate is reported (the graph only links reads to tables
     * some step writes, so a candidate no step writes is harmless).
     */
    public static TableReferences extract(String sql, List<String> searchPath) {
        List<List<String>> namespaces =
                searchPath.stream().map(TableName::split).toList();
        List<SqlToken> tokens = SqlTokenizer.tokenize(sql);
        int headEnd = isWord(tokens, 0, "with") ? afterCommonTableExpressions(tokens, 1) : 0;
        Optional<TableName> written = written(tokens, headEnd)
                .flatMap(name -> name.parts().size() > 1
                        ? Optional.of(name.table())
                        : namespaces.stream()
                                .findFirst()
                                .map(namespace ->
                                        new TableName(namespace, name.parts().get(0))));
        Set<String> commonTableExpressions = commonTableExpressionNames(tokens);
        Set<TableName> read = new LinkedHashSet<>();
        for (Name name : read(tokens)) {
            if (name.parts().size() > 1) {
                read.add(name.table());
            } else if (!commonTableExpressions.contains(name.parts().get(0))) {
                namespaces.forEach(namespace ->
                        read.add(new TableName(namespace, name.parts().get(0))));
            }
        }
        return new TableReferences(written, new ArrayList<>(read));
    }

    /** The names defined as {@code name [(columns)] AS (…)} anywhere: common table expressions. */
    private static Set<String> commonTableExpressionNames(List<SqlToken> tokens) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i + 2 < tokens.size(); i++) {
            int next = isSymbol(tokens, i + 1, '(') ? afterParentheses(tokens, i + 1) : i + 1;
            if (tokens.get(i).isIdentifier() && isWord(tokens, next, "as") && isSymbol(tokens, next + 1, '(')) {
                names.add(part(tokens.get(i)));
            }
        }
        return names;
    }

    /** The index after a list of {@code name [(columns)] [AS] (…)} items starting at {@code start}. */
    private static int afterCommonTableExpressions(List<SqlToken> tokens, int start) {
        int position = start;
        if (isWord(tokens, position, "recursive")) {
            position++;
        }
        while (position < tokens.size() && tokens.get(position).isIdentifier()) {
            int next = position + 1;
            if (isSymbol(tokens, next, '(')) {
                next = afterParentheses(tokens, next);
            }
            if (isWord(tokens, next, "as")) {
                next++;
            }
            if (!isSymbol(tokens, next, '(')) {
                return start;
            }
            position = afterParentheses(tokens, next);
            if (!isSymbol(tokens, position, ',')) {
                return position;
            }
            position++;
        }
        return position;
    }

    private static Optional<Name> written(List<SqlToken> tokens, int start) {
        int position = start;
        if (isWord(tokens, position, "insert")) {
            position++;
            if (!isWord(tokens, position, "overwrite") && !isWord(tokens, position, "into")) {
                return Optional.empty();
            }
            position++;
            if (isWord(tokens, position, "table")) {
                position++;
            }
        } else if (isWord(tokens, position, "create")) {
            position++;
            if (isWord(tokens, position, "or") && isWord(tokens, position + 1, "replace")) {
                position += 2;
            }
            if (!isWord(tokens, position, "table")) {
                return Optional.empty();
            }
            position++;
            if (isWord(tokens, position, "if")
                    && isWord(tokens, position + 1, "not")
                    && isWord(tokens, position + 2, "exists")) {
                position += 3;
            }
        } else {
            return Optional.empty();
        }
        return name(tokens, position);
    }

    private static List<Name> read(List<SqlToken> tokens) {
        List<Name> tables = new ArrayList<>();
        // per open parenthesis: whether a SELECT has been seen in it, which makes a FROM there a query's
        Deque<boolean[]> groups = new ArrayDeque<>();
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            if (token.isSymbol('(')) {
                groups.push(new boolean[] {false});
            } else if (token.isSymbol(')')) {
                groups.poll();
            } else if (token.isWord("select") && !groups.isEmpty()) {
                groups.peek()[0] = true;
            } else if (token.isWord("from")) {
                boolean ofQuery = groups.isEmpty() || groups.peek()[0];
                if (ofQuery && !isWord(tokens, i - 1, "distinct")) {
                    tableList(tokens, i + 1, tables);
                }
            } else if (token.isWord("join")) {
                tableList(tokens, i + 1, tables);
            }
        }
        return tables;
    }

    private static void tableList(List<SqlToken> tokens, int start, List<Name> tables) {
        int position = start;
        while (true) {
            Optional<Name> name = name(tokens, position);
            if (name.isEmpty() || isSymbol(tokens, name.get().end(), '(')) {
                return;
            }
            // a one-part name is a common table expression, or a table found through the search path
            tables.add(name.get());
            position = afterTimeTravel(tokens, name.get().end());
            if (isWord(tokens, position, "as")) {
                position += 2;
            } else if (position < tokens.size()
                    && tokens.get(position).isIdentifier()
                    && !ClauseKeywords.isClauseKeyword(tokens.get(position).text())) {
                position++;
            }
            if (!isSymbol(tokens, position, ',')) {
                return;
            }
            position++;
        }
    }

    private static int afterTimeTravel(List<SqlToken> tokens, int start) {
        int position = start;
        if (position < tokens.size()
                && tokens.get(position).kind() == SqlToken.Kind.WORD
                && TIME_TRAVEL.contains(tokens.get(position).text().toLowerCase(Locale.ROOT))) {
            while (position < tokens.size() && !tokens.get(position).isWord("of")) {
                position++;
            }
            position += 2;
        }
        return position;
    }

    /** A dotted name starting at {@code start}, unless it is built with a {@code ${…}} placeholder. */
    private static Optional<Name> name(List<SqlToken> tokens, int start) {
        if (start < 0 || start >= tokens.size() || !tokens.get(start).isIdentifier()) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        parts.add(part(tokens.get(start)));
        int position = start + 1;
        while (isSymbol(tokens, position, '.')
                && position + 1 < tokens.size()
                && tokens.get(position + 1).isIdentifier()) {
            parts.add(part(tokens.get(position + 1)));
            position += 2;
        }
        boolean placeholder = position < tokens.size()
                && tokens.get(position).start() == tokens.get(position - 1).end()
                && (isSymbol(tokens, position, '$') || isSymbol(tokens, position, '{'));
        if (placeholder || isSymbol(tokens, position, '.')) {
            return Optional.empty();
        }
        return Optional.of(new Name(parts, position));
    }

    private static String part(SqlToken token) {
        return token.kind() == SqlToken.Kind.WORD ? token.text().toLowerCase(Locale.ROOT) : token.text();
    }

    private static int afterParentheses(List<SqlToken> tokens, int open) {
        int depth = 0;
        for (int position = open; position < tokens.size(); position++) {
            if (tokens.get(position).isSymbol('(')) {
                depth++;
            } else if (tokens.get(position).isSymbol(')')) {
                depth--;
                if (depth == 0) {
                    return position + 1;
                }
            }
        }
        return tokens.size();
    }

    private static boolean isWord(List<SqlToken> tokens, int position, String word) {
        return position >= 0 && position < tokens.size() && tokens.get(position).isWord(word);
    }

    private static boolean isSymbol(List<SqlToken> tokens, int position, char symbol) {
        return position >= 0 && position < tokens.size() && tokens.get(position).isSymbol(symbol);
    }

    private record Name(List<String> parts, int end) {
        TableName table() {
            return TableName.of(parts);
        }
    }
}
