package dev.almanac.duckdb.hive;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rewrites calls of Hive functions whose DuckDB namesake differs, or that DuckDB lacks, into DuckDB
 * expressions or the {@code hive_*} macros of {@link HiveMacros}.
 */
final class FunctionCalls {
    /** Same arguments, another function. */
    private static final Map<String, String> RENAMED = Map.ofEntries(
            Map.entry("nvl", "coalesce"),
            Map.entry("raise_error", "error"),
            Map.entry("array", "list_value"),
            Map.entry("size", "hive_size"),
            Map.entry("split", "hive_split"),
            Map.entry("date_add", "hive_date_add"),
            Map.entry("date_sub", "hive_date_sub"),
            Map.entry("datediff", "hive_datediff"),
            Map.entry("to_date", "hive_to_date"),
            Map.entry("substr", "hive_substr"),
            Map.entry("substring", "hive_substr"),
            Map.entry("collect_list", "hive_collect_list"),
            Map.entry("collect_set", "hive_collect_set"),
            Map.entry("sum", "hive_sum"),
            Map.entry("sort_array", "list_sort"),
            Map.entry("avg", "hive_avg"));

    private static final Set<String> WINDOWED_OR_DISTINCT_ALLOWED = Set.of("sum", "avg");
    private static final Set<String> INTEGRAL_TYPES = Set.of("tinyint", "smallint", "int", "integer", "bigint");

    private FunctionCalls() {}

    static void rewrite(List<Node> nodes) {
        for (int i = 0; i < nodes.size(); i++) {
            Optional<Token> word = Nodes.token(nodes.get(i)).filter(token -> token.kind() == Token.Kind.WORD);
            if (word.isEmpty()) {
                continue;
            }
            int previous = Nodes.previous(nodes, i);
            if (previous >= 0 && Nodes.isSymbol(nodes.get(previous), ".")) {
                continue;
            }
            int open = i + 1;
            if (open < nodes.size() && !Nodes.isSignificant(nodes.get(open))) {
                open++;
            }
            if (open >= nodes.size() || !(nodes.get(open) instanceof Group call) || !call.isParens()) {
                continue;
            }
            String name = word.get().lowerText();
            int following = Nodes.next(nodes, open);
            boolean windowed = following >= 0
                    && (Nodes.isWord(nodes.get(following), "OVER") || Nodes.isWord(nodes.get(following), "FILTER"));
            Optional<Node> replacement = replace(name, call, windowed);
            if (replacement.isPresent()) {
                List<Node> span = nodes.subList(i, open + 1);
                span.clear();
                span.add(replacement.get());
            }
        }
    }

    private static Optional<Node> replace(String name, Group call, boolean windowed) {
        List<List<Node>> arguments = call.arguments();
        boolean distinct = !arguments.isEmpty()
                && !arguments.get(0).isEmpty()
                && Nodes.isWord(arguments.get(0).get(0), "DISTINCT");
        switch (name) {
            case "cast" -> {
                return Optional.of(cast(call));
            }
            case "named_struct" -> {
                return Optional.of(namedStruct(arguments));
            }
            case "map" -> {
                return Optional.of(map(arguments));
            }
            case "concat" -> {
                List<String> parts = new ArrayList<>();
                arguments.forEach(argument -> parts.add("CAST(" + Nodes.render(argument) + " AS VARCHAR)"));
                return Optional.of(expression("(" + String.join(" || ", parts) + ")"));
            }
            case "get_json_object" -> {
                requireArguments(name, arguments, 2, 2);
                Nodes.stringLiteral(arguments.get(1))
                        .filter(path -> path.contains("*"))
                        .ifPresent(path -> {
                            throw new AlmanacException(
                                    ErrorCode.NOT_SUPPORTED,
                                    "get_json_object path '" + path + "' uses a wildcard, which the embedded engine"
                                            + " does not support");
                        });
                return Optional.of(call("hive_get_json_object", arguments));
            }
            case "regexp_extract" -> {
                requireArguments(name, arguments, 2, 3);
                List<List<Node>> completed = new ArrayList<>(arguments);
                if (completed.size() == 2) {
                    completed.add(List.of(Node.leaf(new Token(Token.Kind.NUMBER, "1"))));
                }
                return Optional.of(call("regexp_extract", completed));
            }
            case "regexp_replace" -> {
                if (arguments.size() != 3) {
                    return Optional.empty();
                }
                Optional<String> replacement = Nodes.stringLiteral(arguments.get(2));
                if (replacement.isEmpty()) {
                    return Optional.of(call("hive_regexp_replace", arguments));
                }
                List<List<Node>> converted = new ArrayList<>(arguments.subList(0, 2));
                converted.add(List.of(Node.leaf(Token.string(javaReplacement(replacement.get())))));
                converted.add(List.of(Node.leaf(Token.string("g"))));
                return Optional.of(call("regexp_replace", converted));
            }
            case "encode", "decode" -> {
                requireArguments(name, arguments, 2, 2);
                String charset = Nodes.stringLiteral(arguments.get(1))
                        .map(literal -> literal.toUpperCase(Locale.ROOT))
                        .orElse("");
                if (!charset.equals("UTF-8") && !charset.equals("UTF8")) {
                    throw new AlmanacException(
                            ErrorCode.NOT_SUPPORTED,
                            name + " supports only the character set 'UTF-8' on the embedded engine, not "
                                    + Nodes.render(arguments.get(1)));
                }
                return Optional.of(call(name, List.of(arguments.get(0))));
            }
            case "from_unixtime" -> {
                requireArguments(name, arguments, 1, 2);
                return Optional.of(call("hive_from_unixtime", List.of(arguments.get(0), pattern(name, arguments, 1))));
            }
            case "unix_timestamp" -> {
                requireArguments(name, arguments, 0, 2);
                if (arguments.isEmpty()) {
                    return Optional.of(call("hive_unix_timestamp", arguments));
                }
                return Optional.of(call("hive_unix_timestamp", List.of(arguments.get(0), pattern(name, arguments, 1))));
            }
            case "date_format" -> {
                requireArguments(name, arguments, 2, 2);
                return Optional.of(call("hive_date_format", List.of(arguments.get(0), pattern(name, arguments, 1))));
            }
            case "explode", "posexplode", "json_tuple" ->
                throw new AlmanacException(
                        ErrorCode.NOT_SUPPORTED,
                        name + " outside LATERAL VIEW is not supported on the embedded engine; write FROM t LATERAL"
                                + " VIEW " + name + "(…) alias AS column");
            case "stack", "inline", "inline_outer", "explode_outer", "posexplode_outer" ->
                throw new AlmanacException(
                        ErrorCode.NOT_SUPPORTED,
                        "The table-generating function " + name + " is not supported on the"
                                + " embedded engine; supported: LATERAL VIEW [OUTER] explode, posexplode, json_tuple");
            default -> {
                String renamed = RENAMED.get(name);
                if (renamed == null) {
                    return Optional.empty();
                }
                if (windowed || distinct) {
                    if (WINDOWED_OR_DISTINCT_ALLOWED.contains(name)) {
                        return Optional.empty();
                    }
                    if (renamed.startsWith("hive_collect")) {
                        throw new AlmanacException(
                                ErrorCode.NOT_SUPPORTED,
                                name + " with DISTINCT, FILTER or OVER (…) is not supported on the embedded engine");
                    }
                }
                if (name.equals("substring") && call.children().stream().anyMatch(node -> Nodes.isWord(node, "FROM"))) {
                    return Optional.empty();
                }
                return Optional.of(call(renamed, call));
            }
        }
    }

    private static Node cast(Group call) {
        List<Node> children = call.children();
        int as = -1;
        for (int i = children.size() - 1; i >= 0; i--) {
            if (Nodes.isWord(children.get(i), "AS")) {
                as = i;
                break;
            }
        }
        if (as < 0) {
            throw new AlmanacException(
                    ErrorCode.SYNTAX_ERROR, "Expected CAST(value AS type), found CAST" + call.render());
        }
        List<Node> value = Nodes.trim(children.subList(0, as));
        String type = Nodes.render(Nodes.trim(children.subList(as + 1, children.size())));
        String lower = type.toLowerCase(Locale.ROOT);
        if (INTEGRAL_TYPES.contains(lower)) {
            return call("hive_cast_" + (lower.equals("integer") ? "int" : lower), List.of(value));
        }
        if (lower.equals("date")) {
            return call("hive_to_date", List.of(value));
        }
        return expression("TRY_CAST(" + Nodes.render(value) + " AS " + type + ")");
    }

    private static Node namedStruct(List<List<Node>> arguments) {
        if (arguments.size() % 2 != 0 || arguments.isEmpty()) {
            throw new AlmanacException(ErrorCode.SYNTAX_ERROR, "named_struct takes pairs of a field name and a value");
        }
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i += 2) {
            String field = Nodes.stringLiteral(arguments.get(i))
                    .orElseThrow(() -> new AlmanacException(
                            ErrorCode.NOT_SUPPORTED,
                            "named_struct field names must be string literals, e.g. named_struct('a', 1)"));
            fields.add(Token.string(field).render() + ": " + Nodes.render(arguments.get(i + 1)));
        }
        return expression("{" + String.join(", ", fields) + "}");
    }

    private static Node map(List<List<Node>> arguments) {
        if (arguments.size() % 2 != 0) {
            throw new AlmanacException(ErrorCode.SYNTAX_ERROR, "map takes pairs of a key and a value");
        }
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i += 2) {
            entries.add(Nodes.render(arguments.get(i)) + ": " + Nodes.render(arguments.get(i + 1)));
        }
        return expression("MAP {" + String.join(", ", entries) + "}");
    }

    /** The pattern argument at {@code index} (Hive's default if absent) as a strftime format literal. */
    private static List<Node> pattern(String function, List<List<Node>> arguments, int index) {
        String pattern = JavaDatePattern.DEFAULT;
        if (arguments.size() > index) {
            pattern = Nodes.stringLiteral(arguments.get(index))
                    .orElseThrow(() -> new AlmanacException(
                            ErrorCode.NOT_SUPPORTED,
                            function + " needs its date pattern as a string literal on the embedded engine, e.g. '"
                                    + JavaDatePattern.DEFAULT + "'"));
        }
        return List.of(Node.leaf(Token.string(JavaDatePattern.toStrftime(pattern))));
    }

    /** A Java regex replacement ({@code $1} groups, backslash escapes) as DuckDB's ({@code \1}). */
    static String javaReplacement(String replacement) {
        StringBuilder converted = new StringBuilder();
        for (int i = 0; i < replacement.length(); i++) {
            char c = replacement.charAt(i);
            if (c == '\\' && i + 1 < replacement.length()) {
                char escaped = replacement.charAt(++i);
                converted.append(escaped == '\\' ? "\\\\" : String.valueOf(escaped));
            } else if (c == '$' && i + 1 < replacement.length() && Character.isDigit(replacement.charAt(i + 1))) {
                converted.append('\\').append(replacement.charAt(++i));
            } else {
                converted.append(c);
            }
        }
        return converted.toString();
    }

    private static void requireArguments(String name, List<List<Node>> arguments, int min, int max) {
        if (arguments.size() < min || arguments.size() > max) {
            throw new AlmanacException(
                    ErrorCode.SYNTAX_ERROR,
                    name + " takes " + (min == max ? String.valueOf(min) : min + " to " + max) + " arguments, not "
                            + arguments.size());
        }
    }

    private static Node call(String function, Group arguments) {
        return new Group("", List.of(Node.leaf(Token.word(function)), arguments));
    }

    private static Node call(String function, List<List<Node>> arguments) {
        return call(function, Group.call(arguments));
    }

    private static Node expression(String sql) {
        return Node.leaf(Token.word(sql));
    }
}
