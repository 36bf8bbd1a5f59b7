package dev.almanac.core.pipeline;

import static java.util.Objects.requireNonNull;

/** A token of SQL text: its kind, its text (the content for quoted identifiers) and its offsets. */
record SqlToken(Kind kind, String text, int start, int end) {
    enum Kind {
        /** An unquoted word: a keyword or an identifier. */
        WORD,
        /** A double-quoted or back-quoted identifier. */
        QUOTED_IDENTIFIER,
        STRING,
        NUMBER,
        SYMBOL
    }

    SqlToken {
        requireNonNull(kind, "kind is null");
        requireNonNull(text, "text is null");
    }

    boolean isWord(String word) {
        return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }

    boolean isSymbol(char symbol) {
        return kind == Kind.SYMBOL && text.length() == 1 && text.charAt(0) == symbol;
    }

    boolean isIdentifier() {
        return kind == Kind.WORD || kind == Kind.QUOTED_IDENTIFIER;
    }
}
