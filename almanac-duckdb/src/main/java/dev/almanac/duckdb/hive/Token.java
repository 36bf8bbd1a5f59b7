package dev.almanac.duckdb.hive;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * One lexical unit of HiveQL text. {@code text} is what DuckDB is given for the token: a string
 * literal holds its decoded value (see {@link #render()}), a quoted identifier its name.
 */
record Token(Kind kind, String text) {
    enum Kind {
        WORD,
        QUOTED_IDENTIFIER,
        /** Double-quoted text: a string literal in Hive, an identifier where only a name can stand. */
        DOUBLE_QUOTED,
        STRING,
        NUMBER,
        SYMBOL,
        SPACE,
        COMMENT
    }

    Token {
        requireNonNull(kind, "kind is null");
        requireNonNull(text, "text is null");
    }

    static Token word(String text) {
        return new Token(Kind.WORD, text);
    }

    static Token symbol(String text) {
        return new Token(Kind.SYMBOL, text);
    }

    static Token string(String value) {
        return new Token(Kind.STRING, value);
    }

    static Token space() {
        return new Token(Kind.SPACE, " ");
    }

    boolean significant() {
        return kind != Kind.SPACE && kind != Kind.COMMENT;
    }

    boolean isWord(String word) {
        return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }

    boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }

    boolean isName() {
        return kind == Kind.WORD || kind == Kind.QUOTED_IDENTIFIER;
    }

    String lowerText() {
        return text.toLowerCase(Locale.ROOT);
    }

    /** The token as DuckDB SQL. */
    String render() {
        return switch (kind) {
            case STRING, DOUBLE_QUOTED -> "'" + text.replace("'", "''") + "'";
            case QUOTED_IDENTIFIER -> "\"" + text.replace("\"", "\"\"") + "\"";
            default -> text;
        };
    }
}
