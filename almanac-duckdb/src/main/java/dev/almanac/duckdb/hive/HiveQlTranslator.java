package dev.almanac.duckdb.hive;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.engine.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns HiveQL / Spark SQL query text into DuckDB SQL: Hive's lexical rules (double-quoted string
 * literals, backtick identifiers, backslash escapes), LATERAL VIEW, 0-based array subscripts, Hive
 * functions whose DuckDB namesakes differ, and CAST returning NULL for bad input. Hive constructs
 * the embedded engine cannot run are refused with {@link ErrorCode#NOT_SUPPORTED}. Text that
 * starts with {@link Engine#NATIVE_SQL_MARKER} is DuckDB SQL already and is returned unchanged.
 */
public final class HiveQlTranslator {
    /** Words before which double-quoted text can only be a name. */
    private static final Set<String> NAME_POSITIONS = Set.of("as", "from", "join");

    private HiveQlTranslator() {}

    public static String translate(String sql) {
        if (sql.stripLeading().startsWith(Engine.NATIVE_SQL_MARKER)) {
            return sql;
        }
        Group statement = Group.parse(resolveDoubleQuotes(HiveLexer.tokenize(sql)));
        rewrite(statement);
        return statement.render();
    }

    /**
     * Double-quoted text is a string literal in Hive. Where a literal cannot stand (after a dot, AS,
     * FROM or JOIN, or before a dot) it is read as an identifier, which keeps names quoted the
     * standard way working, e.g. {@code t."Column" AS "Label"}.
     */
    private static List<Token> resolveDoubleQuotes(List<Token> tokens) {
        List<Token> resolved = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.kind() != Token.Kind.DOUBLE_QUOTED) {
                resolved.add(token);
                continue;
            }
            Token before = significant(tokens, i, -1);
            Token after = significant(tokens, i, 1);
            boolean name = (before != null
                            && (before.isSymbol(".")
                                    || (before.kind() == Token.Kind.WORD
                                            && NAME_POSITIONS.contains(before.lowerText()))))
                    || (after != null && after.isSymbol("."));
            resolved.add(
                    name
                            ? new Token(
                                    Token.Kind.QUOTED_IDENTIFIER, token.text().replace("\"\"", "\""))
                            : Token.string(HiveLexer.decodeDoubleQuoted(token.text())));
        }
        return resolved;
    }

    private static Token significant(List<Token> tokens, int index, int step) {
        for (int i = index + step; i >= 0 && i < tokens.size(); i += step) {
            if (tokens.get(i).significant()) {
                return tokens.get(i);
            }
        }
        return null;
    }

    private static void rewrite(Group group) {
        List<String> selectItems = SelectItems.texts(group.children());
        for (Node child : group.children()) {
            if (child instanceof Group inner) {
                rewrite(inner);
            }
        }
        List<Node> nodes = group.children();
        refuseUnsupported(nodes);
        LateralViews.rewrite(nodes);
        FunctionCalls.rewrite(nodes);
        rewriteSubscripts(nodes);
        rewriteOperators(nodes);
        SelectItems.keepNames(nodes, selectItems);
    }

    private static void refuseUnsupported(List<Node> nodes) {
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            int next = Nodes.next(nodes, i);
            Node following = next < 0 ? null : nodes.get(next);
            for (String clause : List.of("CLUSTER", "DISTRIBUTE", "SORT")) {
                if (Nodes.isWord(node, clause) && following != null && Nodes.isWord(following, "BY")) {
                    throw notSupported(clause + " BY is not supported on the embedded engine, which runs on one"
                            + " machine; use ORDER BY for a sorted result");
                }
            }
            if ((Nodes.isWord(node, "TRANSFORM") || Nodes.isWord(node, "MAP") || Nodes.isWord(node, "REDUCE"))
                    && following != null
                    && Nodes.isParens(following)) {
                int using = Nodes.next(nodes, next);
                if (using >= 0 && Nodes.isWord(nodes.get(using), "USING")) {
                    throw notSupported(Nodes.token(node).orElseThrow().text().toUpperCase(Locale.ROOT)
                            + " … USING (running a script) is not supported on the embedded engine");
                }
            }
            if (Nodes.isWord(node, "TABLESAMPLE")
                    && following instanceof Group sample
                    && sample.children().stream().anyMatch(child -> Nodes.isWord(child, "BUCKET"))) {
                throw notSupported("TABLESAMPLE (BUCKET …) is not supported on the embedded engine");
            }
            if (Nodes.isSymbol(node, "<=>")) {
                throw notSupported("The operator <=> is not supported on the embedded engine; write a IS NOT"
                        + " DISTINCT FROM b");
            }
        }
    }

    /** {@code a[i]} is 0-based in Hive; a string key ({@code m['k']}) reads a map and stays as is. */
    private static void rewriteSubscripts(List<Node> nodes) {
        for (int i = 1; i < nodes.size(); i++) {
            if (!(nodes.get(i) instanceof Group subscript) || !subscript.isBrackets()) {
                continue;
            }
            Node before = nodes.get(i - 1);
            // a list literal's subscript ([1, 2][1]) is DuckDB syntax Hive lacks, and stays 1-based
            boolean operand = (Nodes.isName(before) && !Nodes.isWord(before, "ARRAY"))
                    || (before instanceof Group group && !group.isBrackets());
            List<Node> index = Nodes.trim(subscript.children());
            if (!operand
                    || Nodes.stringLiteral(index).isPresent()
                    || index.stream().anyMatch(node -> Nodes.isSymbol(node, ":") || Nodes.isSymbol(node, ","))) {
                continue;
            }
            int start = Nodes.operandStart(nodes, i - 1);
            if (start < 0) {
                continue;
            }
            List<Node> value = new ArrayList<>(nodes.subList(start, i));
            Node call =
                    new Group("(", List.of(Node.leaf(Token.word("hive_subscript")), Group.call(List.of(value, index))));
            List<Node> span = nodes.subList(start, i + 1);
            span.clear();
            span.add(call);
            i = start;
        }
    }

    /** Hive's infix operators DuckDB spells differently: RLIKE/REGEXP, DIV, LEFT SEMI/ANTI JOIN. */
    private static void rewriteOperators(List<Node> nodes) {
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            int next = Nodes.next(nodes, i);
            int previous = Nodes.previous(nodes, i);
            boolean qualified = previous >= 0 && Nodes.isSymbol(nodes.get(previous), ".");
            if (qualified) {
                continue;
            }
            if (Nodes.isWord(node, "DIV") && next >= 0 && !Nodes.isParens(nodes.get(next)) && previous >= 0) {
                nodes.set(i, Node.leaf(Token.symbol("//")));
            } else if (Nodes.isWord(node, "LEFT")
                    && next >= 0
                    && (Nodes.isWord(nodes.get(next), "SEMI") || Nodes.isWord(nodes.get(next), "ANTI"))) {
                nodes.subList(i, next).clear();
            } else if ((Nodes.isWord(node, "RLIKE") || Nodes.isWord(node, "REGEXP")) && previous >= 0 && next >= 0) {
                i = rewriteRegexMatch(nodes, i, previous, next);
            }
        }
    }

    private static int rewriteRegexMatch(List<Node> nodes, int operator, int previous, int next) {
        boolean negated = Nodes.isWord(nodes.get(previous), "NOT");
        int leftEnd = negated ? Nodes.previous(nodes, previous) : previous;
        int leftStart = leftEnd < 0 ? -1 : Nodes.operandStart(nodes, leftEnd);
        int rightEnd = next;
        if (Nodes.isName(nodes.get(next))) {
            while (rightEnd + 2 < nodes.size()
                    && Nodes.isSymbol(nodes.get(rightEnd + 1), ".")
                    && Nodes.isName(nodes.get(rightEnd + 2))) {
                rightEnd += 2;
            }
            if (rightEnd + 1 < nodes.size() && Nodes.isParens(nodes.get(rightEnd + 1))) {
                rightEnd++;
            }
        }
        if (leftStart < 0) {
            throw new AlmanacException(
                    ErrorCode.SYNTAX_ERROR,
                    "Expected a value before " + nodes.get(operator).render());
        }
        String left = Nodes.render(nodes.subList(leftStart, leftEnd + 1));
        String right = Nodes.render(nodes.subList(next, rightEnd + 1));
        String match = (negated ? "NOT " : "") + "regexp_matches(" + left + ", " + right + ")";
        List<Node> span = nodes.subList(leftStart, rightEnd + 1);
        span.clear();
        span.add(Node.leaf(Token.word(match)));
        return leftStart;
    }

    private static AlmanacException notSupported(String message) {
        return new AlmanacException(ErrorCode.NOT_SUPPORTED, message);
    }
}
