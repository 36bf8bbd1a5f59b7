package dev.almanac.duckdb.hive;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The items of the SELECT lists among sibling nodes. Translation must not rename result columns:
 * an item without an alias whose text the translator changed (e.g. {@code sum(n)} to
 * {@code hive_sum(n)}) is given its original text as alias, so it is still called {@code sum(n)}.
 */
final class SelectItems {
    private static final Set<String> LIST_ENDS = Set.of(
            "from",
            "where",
            "group",
            "having",
            "order",
            "limit",
            "union",
            "intersect",
            "except",
            "window",
            "qualify",
            "into",
            "cluster",
            "distribute",
            "sort",
            "lateral");
    private static final Set<String> NOT_ALIASES = Set.of("end", "null", "true", "false");

    private SelectItems() {}

    /** The text of each select item, in order, as written. */
    static List<String> texts(List<Node> nodes) {
        List<String> texts = new ArrayList<>();
        for (int[] range : ranges(nodes)) {
            texts.add(normalized(nodes.subList(range[0], range[1])));
        }
        return texts;
    }

    /** Aliases every changed, unaliased item of the rewritten {@code nodes} with its text from {@code originals}. */
    static void keepNames(List<Node> nodes, List<String> originals) {
        List<int[]> ranges = ranges(nodes);
        if (ranges.size() != originals.size()) {
            return;
        }
        for (int i = ranges.size() - 1; i >= 0; i--) {
            List<Node> item = nodes.subList(ranges.get(i)[0], ranges.get(i)[1]);
            String original = originals.get(i);
            if (original.equals(normalized(item)) || hasAlias(item)) {
                continue;
            }
            int last = ranges.get(i)[0];
            for (int j = ranges.get(i)[0]; j < ranges.get(i)[1]; j++) {
                if (Nodes.isSignificant(nodes.get(j))) {
                    last = j;
                }
            }
            nodes.addAll(
                    last + 1,
                    List.of(
                            Node.leaf(Token.space()),
                            Node.leaf(Token.word("AS")),
                            Node.leaf(Token.space()),
                            Node.leaf(new Token(Token.Kind.QUOTED_IDENTIFIER, original))));
        }
    }

    private static boolean hasAlias(List<Node> item) {
        List<Node> significant = item.stream().filter(Nodes::isSignificant).toList();
        if (significant.stream().anyMatch(node -> Nodes.isWord(node, "AS"))) {
            return true;
        }
        if (significant.size() < 2) {
            return false;
        }
        Node last = significant.get(significant.size() - 1);
        Node before = significant.get(significant.size() - 2);
        boolean name = Nodes.token(last)
                .filter(token -> token.kind() == Token.Kind.QUOTED_IDENTIFIER
                        || (token.kind() == Token.Kind.WORD && !NOT_ALIASES.contains(token.lowerText())))
                .isPresent();
        boolean afterValue = !(Nodes.token(before)
                .map(token -> token.kind() == Token.Kind.SYMBOL)
                .orElse(false));
        return name && afterValue;
    }

    private static List<int[]> ranges(List<Node> nodes) {
        List<int[]> ranges = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (!Nodes.isWord(nodes.get(i), "SELECT")) {
                continue;
            }
            int start = i + 1;
            int next = Nodes.next(nodes, i);
            if (next >= 0 && (Nodes.isWord(nodes.get(next), "DISTINCT") || Nodes.isWord(nodes.get(next), "ALL"))) {
                start = next + 1;
            }
            int position = start;
            while (position < nodes.size() && !ends(nodes.get(position))) {
                if (Nodes.isSymbol(nodes.get(position), ",")) {
                    ranges.add(new int[] {start, position});
                    start = position + 1;
                }
                position++;
            }
            ranges.add(new int[] {start, position});
            i = position - 1;
        }
        return ranges;
    }

    private static boolean ends(Node node) {
        return Nodes.isSymbol(node, ";")
                || Nodes.token(node)
                        .filter(token -> token.kind() == Token.Kind.WORD && LIST_ENDS.contains(token.lowerText()))
                        .isPresent();
    }

    private static String normalized(List<Node> item) {
        StringBuilder text = new StringBuilder();
        for (Node node : item) {
            if (Nodes.token(node)
                    .map(token -> token.kind() == Token.Kind.COMMENT)
                    .orElse(false)) {
                continue;
            }
            text.append(node.render());
        }
        return text.toString().replaceAll("\\s+", " ").strip();
    }
}
