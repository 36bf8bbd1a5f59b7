package dev.almanac.duckdb.hive;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Navigation over a list of sibling nodes. */
final class Nodes {
    private Nodes() {}

    static Optional<Token> token(Node node) {
        return node instanceof Node.Leaf leaf ? Optional.of(leaf.token()) : Optional.empty();
    }

    static boolean isWord(Node node, String word) {
        return token(node).map(token -> token.isWord(word)).orElse(false);
    }

    static boolean isSymbol(Node node, String symbol) {
        return token(node).map(token -> token.isSymbol(symbol)).orElse(false);
    }

    static boolean isName(Node node) {
        return token(node).map(Token::isName).orElse(false);
    }

    static boolean isSignificant(Node node) {
        return token(node).map(Token::significant).orElse(true);
    }

    static boolean isParens(Node node) {
        return node instanceof Group group && group.isParens();
    }

    /** Index of the first significant node after {@code index}, or -1. */
    static int next(List<Node> nodes, int index) {
        for (int i = index + 1; i < nodes.size(); i++) {
            if (isSignificant(nodes.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the last significant node before {@code index}, or -1. */
    static int previous(List<Node> nodes, int index) {
        for (int i = index - 1; i >= 0; i--) {
            if (isSignificant(nodes.get(i))) {
                return i;
            }
        }
        return -1;
    }

    static List<Node> trim(List<Node> nodes) {
        int start = 0;
        int end = nodes.size();
        while (start < end && !isSignificant(nodes.get(start))) {
            start++;
        }
        while (end > start && !isSignificant(nodes.get(end - 1))) {
            end--;
        }
        return new ArrayList<>(nodes.subList(start, end));
    }

    /** A string literal standing alone, e.g. a pattern argument. */
    static Optional<String> stringLiteral(List<Node> argument) {
        List<Node> trimmed = trim(argument);
        if (trimmed.size() == 1) {
            return token(trimmed.get(0))
                    .filter(token -> token.kind() == Token.Kind.STRING)
                    .map(Token::text);
        }
        return Optional.empty();
    }

    /**
     * Start index of the operand that ends at {@code end}: a name chain ({@code a.b.c}), a call
     * ({@code f(x)}), a parenthesized expression or a literal, each possibly qualified by a name chain.
     */
    static int operandStart(List<Node> nodes, int end) {
        int start = end;
        Node last = nodes.get(end);
        if (isParens(last) && end > 0 && isName(nodes.get(end - 1))) {
            start = end - 1;
        } else if (!isParens(last)
                && !isName(last)
                && token(last).map(t -> t.kind() == Token.Kind.SYMBOL).orElse(false)) {
            return -1;
        }
        while (start >= 2 && isSymbol(nodes.get(start - 1), ".") && isName(nodes.get(start - 2))) {
            start -= 2;
        }
        return start;
    }

    static String render(List<Node> nodes) {
        StringBuilder text = new StringBuilder();
        nodes.forEach(node -> text.append(node.render()));
        return text.toString();
    }
}
