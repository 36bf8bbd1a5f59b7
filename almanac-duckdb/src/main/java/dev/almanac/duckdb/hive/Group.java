package dev.almanac.duckdb.hive;

import static java.util.Objects.requireNonNull;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Nodes between an opening and its closing bracket ({@code ()}, {@code []} or {@code {}}); the
 * whole statement is a group without brackets.
 */
record Group(String open, List<Node> children) implements Node {
    Group {
        requireNonNull(open, "open is null");
        children = new ArrayList<>(children);
    }

    static Group parse(List<Token> tokens) {
        Deque<Group> stack = new ArrayDeque<>();
        stack.push(new Group("", List.of()));
        for (Token token : tokens) {
            if (token.kind() == Token.Kind.SYMBOL && "([{".contains(token.text())) {
                Group group = new Group(token.text(), List.of());
                stack.peek().children.add(group);
                stack.push(group);
            } else if (token.kind() == Token.Kind.SYMBOL && ")]}".contains(token.text())) {
                Group closed = stack.pop();
                if (closed.open.isEmpty() || !close(closed.open).equals(token.text())) {
                    throw new AlmanacException(
                            ErrorCode.SYNTAX_ERROR, "Unbalanced '" + token.text() + "' in the query");
                }
            } else {
                stack.peek().children.add(Node.leaf(token));
            }
        }
        if (stack.size() != 1) {
            throw new AlmanacException(ErrorCode.SYNTAX_ERROR, "Unclosed '" + stack.peek().open + "' in the query");
        }
        return stack.pop();
    }

    static Group parens(List<Node> children) {
        return new Group("(", children);
    }

    boolean isParens() {
        return open.equals("(");
    }

    boolean isBrackets() {
        return open.equals("[");
    }

    /** The children split at top-level commas, each without its surrounding space. */
    List<List<Node>> arguments() {
        List<List<Node>> arguments = new ArrayList<>();
        List<Node> current = new ArrayList<>();
        for (Node child : children) {
            if (child instanceof Node.Leaf leaf && leaf.token().isSymbol(",")) {
                arguments.add(Nodes.trim(current));
                current = new ArrayList<>();
            } else {
                current.add(child);
            }
        }
        List<Node> last = Nodes.trim(current);
        if (!last.isEmpty() || !arguments.isEmpty()) {
            arguments.add(last);
        }
        return arguments;
    }

    static Group call(List<List<Node>> arguments) {
        List<Node> children = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            if (i > 0) {
                children.add(Node.leaf(Token.symbol(",")));
                children.add(Node.leaf(Token.space()));
            }
            children.addAll(arguments.get(i));
        }
        return parens(children);
    }

    private static String close(String open) {
        return switch (open) {
            case "(" -> ")";
            case "[" -> "]";
            default -> "}";
        };
    }

    @Override
    public String render() {
        StringBuilder text = new StringBuilder(open);
        children.forEach(child -> text.append(child.render()));
        return open.isEmpty() ? text.toString() : text.append(close(open)).toString();
    }
}
