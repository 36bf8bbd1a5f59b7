package dev.almanac.duckdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.engine.StatementAnalysis;
import dev.almanac.spi.engine.StatementAnalysis.ColumnFilter;
import dev.almanac.spi.engine.StatementAnalysis.LiteralKind;
import dev.almanac.spi.engine.StatementAnalysis.Operator;
import dev.almanac.spi.engine.StatementAnalysis.TableReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the tables a query reads, and the WHERE conditions that restrict each, from DuckDB's own
 * parse tree ({@code json_serialize_sql}). Only conditions that hold for every row the query can
 * use from a table are reported: top-level AND terms comparing one column with constants. IS NULL
 * is not used under joins, where an outer join makes it true for rows the table never had.
 */
final class QueryAnalyzer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Connection connection;

    QueryAnalyzer(Connection connection) {
        this.connection = connection;
    }

    StatementAnalysis analyze(String sql) {
        JsonNode root = serialize(sql);
        if (root.path("error").asBoolean(false)) {
            String type = root.path("error_type").asText("");
            String message = root.path("error_message").asText("unknown error");
            if (type.equalsIgnoreCase("not implemented") || message.contains("Only SELECT")) {
                throw new AlmanacException(
                        ErrorCode.NOT_SUPPORTED,
                        "Only queries (SELECT …) and Almanac's write statements can run here: " + message);
            }
            throw new AlmanacException(ErrorCode.SYNTAX_ERROR, "Parser Error: " + message);
        }
        JsonNode statements = root.path("statements");
        if (statements.size() != 1) {
            throw new AlmanacException(
                    ErrorCode.INVALID_ARGUMENT, "Expected one statement, found " + statements.size());
        }
        Set<String> cteNames = new HashSet<>();
        List<JsonNode> baseTables = new ArrayList<>();
        List<JsonNode> selectNodes = new ArrayList<>();
        collect(statements.get(0), cteNames, baseTables, selectNodes);
        Map<JsonNode, List<ColumnFilter>> filters = new IdentityHashMap<>();
        for (JsonNode select : selectNodes) {
            attributeFilters(select, filters);
        }
        List<TableReference> references = new ArrayList<>();
        for (JsonNode table : baseTables) {
            List<String> parts = new ArrayList<>();
            table.path("qualified_name").path("path").forEach(part -> parts.add(part.asText()));
            if (parts.isEmpty()) {
                parts.add(table.path("table_name").asText());
            }
            if (parts.size() == 1 && cteNames.contains(parts.get(0).toLowerCase(Locale.ROOT))) {
                continue;
            }
            references.add(new TableReference(parts, filters.getOrDefault(table, List.of())));
        }
        return new StatementAnalysis(references);
    }

    private JsonNode serialize(String sql) {
        try (PreparedStatement statement = connection.prepareStatement("SELECT json_serialize_sql(?)")) {
            statement.setString(1, sql);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return JSON.readTree(rows.getString(1));
            }
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(
            JsonNode node, Set<String> cteNames, List<JsonNode> baseTables, List<JsonNode> selects) {
        if (node.isObject()) {
            String type = node.path("type").asText("");
            if (type.equals("BASE_TABLE")) {
                baseTables.add(node);
            } else if (type.equals("SELECT_NODE")) {
                selects.add(node);
            }
            JsonNode cteMap = node.path("cte_map").path("map");
            for (JsonNode entry : cteMap) {
                cteNames.add(entry.path("key").asText().toLowerCase(Locale.ROOT));
            }
            node.forEach(child -> collect(child, cteNames, baseTables, selects));
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, cteNames, baseTables, selects));
        }
    }

    private static void attributeFilters(JsonNode select, Map<JsonNode, List<ColumnFilter>> filters) {
        JsonNode where = select.path("where_clause");
        if (where.isMissingNode() || where.isNull()) {
            return;
        }
        List<JsonNode> fromItems = new ArrayList<>();
        flattenFrom(select.path("from_table"), fromItems);
        boolean joined = fromItems.size() > 1;
        List<JsonNode> conjuncts = new ArrayList<>();
        flattenAnd(where, conjuncts);
        for (JsonNode conjunct : conjuncts) {
            for (Attributed attributed : filtersOf(conjunct, joined)) {
                Optional<JsonNode> table = owner(attributed.columnNames(), fromItems);
                table.ifPresent(value -> filters.computeIfAbsent(value, ignored -> new ArrayList<>())
                        .add(attributed.filter()));
            }
        }
    }

    /** The FROM items a SELECT reads directly: tables of its join tree, and subqueries as opaque items. */
    private static void flattenFrom(JsonNode from, List<JsonNode> items) {
        if (from.isMissingNode() || from.isNull()) {
            return;
        }
        if (from.path("type").asText().equals("JOIN")) {
            flattenFrom(from.path("left"), items);
            flattenFrom(from.path("right"), items);
            return;
        }
        items.add(from);
    }

    private static void flattenAnd(JsonNode expression, List<JsonNode> conjuncts) {
        if (expression.path("type").asText().equals("CONJUNCTION_AND")) {
            expression.path("children").forEach(child -> flattenAnd(child, conjuncts));
        } else {
            conjuncts.add(expression);
        }
    }

    private static Optional<JsonNode> owner(List<String> columnNames, List<JsonNode> fromItems) {
        if (columnNames.size() == 1) {
            if (fromItems.size() == 1 && fromItems.get(0).path("type").asText().equals("BASE_TABLE")) {
                return Optional.of(fromItems.get(0));
            }
            return Optional.empty();
        }
        if (columnNames.size() != 2) {
            return Optional.empty();
        }
        String qualifier = columnNames.get(0);
        JsonNode match = null;
        for (JsonNode item : fromItems) {
            if (!item.path("type").asText().equals("BASE_TABLE")) {
                if (item.path("alias").asText("").equalsIgnoreCase(qualifier)) {
                    return Optional.empty();
                }
                continue;
            }
            String alias = item.path("alias").asText("");
            String visibleName = alias.isEmpty() ? item.path("table_name").asText() : alias;
            if (visibleName.equalsIgnoreCase(qualifier)) {
                if (match != null) {
                    return Optional.empty();
                }
                match = item;
            }
        }
        return Optional.ofNullable(match);
    }

    private static List<Attributed> filtersOf(JsonNode expression, boolean joined) {
        String type = expression.path("type").asText();
        List<Attributed> result = new ArrayList<>();
        switch (type) {
            case "COMPARE_EQUAL",
                    "COMPARE_LESSTHAN",
                    "COMPARE_GREATERTHAN",
                    "COMPARE_LESSTHANOREQUALTO",
                    "COMPARE_GREATERTHANOREQUALTO" -> {
                JsonNode left = expression.path("left");
                JsonNode right = expression.path("right");
                Optional<List<String>> column = columnNames(left);
                Optional<Literal> literal = literal(right);
                boolean flipped = false;
                if (column.isEmpty() || literal.isEmpty()) {
                    column = columnNames(right);
                    literal = literal(left);
                    flipped = true;
                }
                if (column.isPresent() && literal.isPresent() && literal.get().kind() != LiteralKind.NONE) {
                    Operator operator = operator(type, flipped);
                    result.add(new Attributed(
                            column.get(),
                            filter(
                                    column.get(),
                                    operator,
                                    literal.get().kind(),
                                    List.of(literal.get().text()))));
                }
            }
            case "COMPARE_BETWEEN" -> {
                Optional<List<String>> column = columnNames(expression.path("input"));
                Optional<Literal> lower = literal(expression.path("lower"));
                Optional<Literal> upper = literal(expression.path("upper"));
                if (column.isPresent() && lower.isPresent() && upper.isPresent()) {
                    result.add(new Attributed(
                            column.get(),
                            filter(
                                    column.get(),
                                    Operator.GREATER_THAN_OR_EQUAL,
                                    lower.get().kind(),
                                    List.of(lower.get().text()))));
                    result.add(new Attributed(
                            column.get(),
                            filter(
                                    column.get(),
                                    Operator.LESS_THAN_OR_EQUAL,
                                    upper.get().kind(),
                                    List.of(upper.get().text()))));
                }
            }
            case "COMPARE_IN" -> {
                JsonNode children = expression.path("children");
                Optional<List<String>> column = columnNames(children.path(0));
                List<String> values = new ArrayList<>();
                LiteralKind kind = null;
                for (int i = 1; i < children.size(); i++) {
                    Optional<Literal> literal = literal(children.get(i));
                    if (literal.isEmpty()
                            || (kind != null && kind != literal.get().kind())) {
                        return List.of();
                    }
                    kind = literal.get().kind();
                    values.add(literal.get().text());
                }
                if (column.isPresent() && kind != null && kind != LiteralKind.NONE) {
                    result.add(new Attributed(column.get(), filter(column.get(), Operator.IN, kind, values)));
                }
            }
            case "OPERATOR_IS_NOT_NULL" ->
                columnNames(expression.path("children").path(0))
                        .ifPresent(column -> result.add(new Attributed(
                                column, filter(column, Operator.IS_NOT_NULL, LiteralKind.NONE, List.of()))));
            case "OPERATOR_IS_NULL" -> {
                if (!joined) {
                    columnNames(expression.path("children").path(0))
                            .ifPresent(column -> result.add(new Attributed(
                                    column, filter(column, Operator.IS_NULL, LiteralKind.NONE, List.of()))));
                }
            }
            default -> {
                // not a condition we can use to skip files
            }
        }
        return result;
    }

    private static ColumnFilter filter(List<String> column, Operator operator, LiteralKind kind, List<String> values) {
        return new ColumnFilter(column.get(column.size() - 1), operator, kind, values);
    }

    private static Operator operator(String type, boolean flipped) {
        return switch (type) {
            case "COMPARE_EQUAL" -> Operator.EQUAL;
            case "COMPARE_LESSTHAN" -> flipped ? Operator.GREATER_THAN : Operator.LESS_THAN;
            case "COMPARE_GREATERTHAN" -> flipped ? Operator.LESS_THAN : Operator.GREATER_THAN;
            case "COMPARE_LESSTHANOREQUALTO" -> flipped ? Operator.GREATER_THAN_OR_EQUAL : Operator.LESS_THAN_OR_EQUAL;
            case "COMPARE_GREATERTHANOREQUALTO" ->
                flipped ? Operator.LESS_THAN_OR_EQUAL : Operator.GREATER_THAN_OR_EQUAL;
            default -> throw new IllegalArgumentException(type);
        };
    }

    private static Optional<List<String>> columnNames(JsonNode node) {
        if (!node.path("type").asText().equals("COLUMN_REF")) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        node.path("column_names").forEach(name -> names.add(name.asText()));
        return names.isEmpty() ? Optional.empty() : Optional.of(names);
    }

    private static Optional<Literal> literal(JsonNode node) {
        String type = node.path("type").asText();
        if (type.equals("VALUE_CONSTANT")) {
            JsonNode literal = node.path("literal");
            String kind = literal.path("kind").asText("");
            String text = literal.path("text").asText();
            if (literal.path("is_null").asBoolean(false) || kind.equals("NULL")) {
                return Optional.of(new Literal(LiteralKind.NONE, ""));
            }
            return Optional.of(
                    switch (kind) {
                        case "STRING" -> new Literal(LiteralKind.STRING, text);
                        case "INTEGER", "DECIMAL", "FLOAT", "DOUBLE", "BIGINT", "HUGEINT" ->
                            new Literal(LiteralKind.NUMBER, text);
                        default -> new Literal(LiteralKind.NONE, text);
                    });
        }
        if (type.equals("OPERATOR_CAST") && !node.path("try_cast").asBoolean(false)) {
            Optional<Literal> inner = literal(node.path("child"));
            String target = node.path("type_expr")
                    .path("type_name")
                    .asText(node.path("cast_type").path("id").asText(""))
                    .toUpperCase(Locale.ROOT);
            if (inner.isPresent() && inner.get().kind() == LiteralKind.STRING) {
                if (target.equals("DATE")) {
                    return Optional.of(new Literal(LiteralKind.DATE, inner.get().text()));
                }
                if (target.startsWith("TIMESTAMP")) {
                    return Optional.of(
                            new Literal(LiteralKind.TIMESTAMP, inner.get().text()));
                }
            }
            return Optional.empty();
        }
        return Optional.empty();
    }

    private record Literal(LiteralKind kind, String text) {}

    private record Attributed(List<String> columnNames, ColumnFilter filter) {}
}
