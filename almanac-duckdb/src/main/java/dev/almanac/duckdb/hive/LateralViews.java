package dev.almanac.duckdb.hive;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rewrites {@code LATERAL VIEW [OUTER] udtf(args) alias AS col, …} into a lateral join:
 * {@code CROSS JOIN LATERAL (SELECT …) AS alias}, or for OUTER {@code LEFT JOIN LATERAL (…) AS alias
 * ON true}, which keeps a row whose array or map is empty or NULL, with NULL columns.
 */
final class LateralViews {
    private LateralViews() {}

    /** Rewrites every LATERAL VIEW among {@code nodes} in place. */
    static void rewrite(List<Node> nodes) {
        int generated = 0;
        for (int i = 0; i < nodes.size(); i++) {
            if (!Nodes.isWord(nodes.get(i), "LATERAL")) {
                continue;
            }
            int view = Nodes.next(nodes, i);
            if (view < 0 || !Nodes.isWord(nodes.get(view), "VIEW")) {
                continue;
            }
            int position = Nodes.next(nodes, view);
            boolean outer = position >= 0 && Nodes.isWord(nodes.get(position), "OUTER");
            if (outer) {
                position = Nodes.next(nodes, position);
            }
            if (position < 0 || !Nodes.isName(nodes.get(position))) {
                throw syntax("Expected a table-generating function after LATERAL VIEW");
            }
            String function = Nodes.token(nodes.get(position)).orElseThrow().lowerText();
            int call = Nodes.next(nodes, position);
            if (call < 0 || !(nodes.get(call) instanceof Group arguments) || !arguments.isParens()) {
                throw syntax("Expected arguments after LATERAL VIEW " + function);
            }
            int next = Nodes.next(nodes, call);
            String alias;
            if (next >= 0 && Nodes.isName(nodes.get(next)) && !Nodes.isWord(nodes.get(next), "AS")) {
                alias = nodes.get(next).render();
                next = Nodes.next(nodes, next);
            } else {
                alias = "lateral_view_" + ++generated;
            }
            if (next < 0 || !Nodes.isWord(nodes.get(next), "AS")) {
                throw syntax("Expected AS and column names after LATERAL VIEW " + function + "(…) " + alias);
            }
            List<String> columns = new ArrayList<>();
            int end = next;
            do {
                int name = Nodes.next(nodes, end);
                if (name < 0 || !Nodes.isName(nodes.get(name))) {
                    throw syntax("Expected a column name in LATERAL VIEW " + function + "(…) " + alias + " AS …");
                }
                columns.add(nodes.get(name).render());
                end = name;
                int comma = Nodes.next(nodes, end);
                if (comma < 0 || !Nodes.isSymbol(nodes.get(comma), ",")) {
                    break;
                }
                end = comma;
            } while (true);
            String select = select(function, arguments.arguments(), columns);
            String join = outer
                    ? "LEFT JOIN LATERAL (" + select + ") AS " + alias + " ON true"
                    : "CROSS JOIN LATERAL (" + select + ") AS " + alias;
            List<Node> replaced = nodes.subList(i, end + 1);
            replaced.clear();
            replaced.add(Node.leaf(Token.word(join)));
        }
    }

    private static String select(String function, List<List<Node>> arguments, List<String> columns) {
        switch (function) {
            case "explode" -> {
                String value = single(function, arguments);
                if (columns.size() == 1) {
                    return "SELECT unnest(" + value + ") AS " + columns.get(0);
                }
                if (columns.size() == 2) {
                    return "SELECT unnest(map_keys(" + value + ")) AS " + columns.get(0) + ", unnest(map_values("
                            + value + ")) AS " + columns.get(1);
                }
                throw syntax("LATERAL VIEW explode gives 1 column for an array or 2 for a map, not " + columns.size());
            }
            case "posexplode" -> {
                String value = single(function, arguments);
                if (columns.size() == 2) {
                    return "SELECT " + position("len", value, columns.get(0)) + ", unnest(" + value + ") AS "
                            + columns.get(1);
                }
                if (columns.size() == 3) {
                    return "SELECT " + position("CAST(cardinality", value + ") AS BIGINT", columns.get(0))
                            + ", unnest(map_keys(" + value + ")) AS " + columns.get(1) + ", unnest(map_values(" + value
                            + ")) AS " + columns.get(2);
                }
                throw syntax(
                        "LATERAL VIEW posexplode gives 2 columns for an array or 3 for a map, not " + columns.size());
            }
            case "json_tuple" -> {
                if (arguments.size() < 2) {
                    throw syntax("json_tuple needs a JSON value and at least one key");
                }
                if (columns.size() != arguments.size() - 1) {
                    throw syntax("LATERAL VIEW json_tuple with " + (arguments.size() - 1) + " keys needs as many"
                            + " column names, not " + columns.size());
                }
                String json = Nodes.render(arguments.get(0));
                List<String> fields = new ArrayList<>();
                for (int i = 1; i < arguments.size(); i++) {
                    fields.add("hive_json_tuple_field(" + json + ", " + Nodes.render(arguments.get(i)) + ") AS "
                            + columns.get(i - 1));
                }
                return "SELECT " + String.join(", ", fields);
            }
            default ->
                throw new AlmanacException(
                        ErrorCode.NOT_SUPPORTED,
                        "LATERAL VIEW " + function.toLowerCase(Locale.ROOT) + "(…) is not supported on the embedded"
                                + " engine; LATERAL VIEW works with explode, posexplode and json_tuple");
        }
    }

    /** The 0-based position of each element, as Hive's INTEGER. */
    private static String position(String size, String value, String column) {
        return "CAST(unnest(range(" + size + "(" + value + "))) AS INTEGER) AS " + column;
    }

    private static String single(String function, List<List<Node>> arguments) {
        if (arguments.size() != 1) {
            throw syntax(function + " takes one array or map, not " + arguments.size() + " arguments");
        }
        return Nodes.render(arguments.get(0));
    }

    private static AlmanacException syntax(String message) {
        return new AlmanacException(ErrorCode.SYNTAX_ERROR, message);
    }
}
