package dev.almanac.duckdb.hive;

/** A token, or a bracketed group of nodes. */
sealed interface Node permits Node.Leaf, Group {
    String render();

    record Leaf(Token token) implements Node {
        @Override
        public String render() {
            return token.render();
        }
    }

    static Node leaf(Token token) {
        return new Leaf(token);
    }
}
