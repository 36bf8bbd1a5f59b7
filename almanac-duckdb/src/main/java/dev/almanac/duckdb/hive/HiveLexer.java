package dev.almanac.duckdb.hive;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits HiveQL text into tokens. String literals follow Hive: single or double quotes, backslash
 * escapes ({@code '\\d'} is the regex {@code \d}); a doubled quote inside a literal is one quote, as
 * in standard SQL. Backticks quote identifiers. Numbers may carry Hive's type suffixes (L, S, Y, D,
 * F, BD).
 */
final class HiveLexer {
    private static final List<String> OPERATORS =
            List.of("<=>", "<>", "!=", "<=", ">=", "||", "::", "->", "=>", ":=", "//", "==", "**");

    private final String sql;
    private int position;

    private HiveLexer(String sql) {
        this.sql = sql;
    }

    static List<Token> tokenize(String sql) {
        return new HiveLexer(sql).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        while (position < sql.length()) {
            tokens.add(next());
        }
        return tokens;
    }

    private Token next() {
        char c = sql.charAt(position);
        int start = position;
        if (Character.isWhitespace(c)) {
            while (position < sql.length() && Character.isWhitespace(sql.charAt(position))) {
                position++;
            }
            return new Token(Token.Kind.SPACE, sql.substring(start, position));
        }
        if (sql.startsWith("--", position)) {
            int end = sql.indexOf('\n', position);
            position = end < 0 ? sql.length() : end;
            return new Token(Token.Kind.COMMENT, sql.substring(start, position));
        }
        if (sql.startsWith("/*", position)) {
            int end = sql.indexOf("*/", position + 2);
            if (end < 0) {
                throw error("Unterminated comment starting at offset " + start);
            }
            position = end + 2;
            return new Token(Token.Kind.COMMENT, sql.substring(start, position));
        }
        if (c == '\'') {
            return Token.string(quoted('\''));
        }
        if (c == '"') {
            return new Token(Token.Kind.DOUBLE_QUOTED, raw('"'));
        }
        if (c == '`') {
            return new Token(Token.Kind.QUOTED_IDENTIFIER, raw('`').replace("``", "`"));
        }
        if (Character.isDigit(c)
                || (c == '.' && position + 1 < sql.length() && Character.isDigit(sql.charAt(position + 1)))) {
            return number();
        }
        if (Character.isLetter(c) || c == '_') {
            while (position < sql.length()
                    && (Character.isLetterOrDigit(sql.charAt(position))
                            || sql.charAt(position) == '_'
                            || sql.charAt(position) == '$')) {
                position++;
            }
            return Token.word(sql.substring(start, position));
        }
        for (String operator : OPERATORS) {
            if (sql.startsWith(operator, position)) {
                position += operator.length();
                return Token.symbol(operator);
            }
        }
        position++;
        return Token.symbol(String.valueOf(c));
    }

    private Token number() {
        int start = position;
        while (position < sql.length() && Character.isDigit(sql.charAt(position))) {
            position++;
        }
        if (position < sql.length() && sql.charAt(position) == '.') {
            position++;
            while (position < sql.length() && Character.isDigit(sql.charAt(position))) {
                position++;
            }
        }
        if (position + 1 < sql.length()
                && (sql.charAt(position) == 'e' || sql.charAt(position) == 'E')
                && (Character.isDigit(sql.charAt(position + 1))
                        || ((sql.charAt(position + 1) == '-' || sql.charAt(position + 1) == '+')
                                && position + 2 < sql.length()
                                && Character.isDigit(sql.charAt(position + 2))))) {
            position += 2;
            while (position < sql.length() && Character.isDigit(sql.charAt(position))) {
                position++;
            }
        }
        String digits = sql.substring(start, position);
        int suffixStart = position;
        while (position < sql.length() && Character.isLetter(sql.charAt(position))) {
            position++;
        }
        String suffix = sql.substring(suffixStart, position).toUpperCase(Locale.ROOT);
        String type = switch (suffix) {
            case "" -> null;
            case "L" -> "BIGINT";
            case "S" -> "SMALLINT";
            case "Y" -> "TINYINT";
            case "D" -> "DOUBLE";
            case "F" -> "FLOAT";
            case "BD" -> "DECIMAL";
            default -> {
                position = suffixStart;
                yield null;
            }
        };
        if (type == null || type.equals("DECIMAL")) {
            return new Token(Token.Kind.NUMBER, digits);
        }
        return new Token(Token.Kind.NUMBER, "CAST(" + digits + " AS " + type + ")");
    }

    /** A quoted run with Hive's backslash escapes decoded. */
    private String quoted(char quote) {
        int start = position;
        position++;
        StringBuilder value = new StringBuilder();
        while (true) {
            if (position >= sql.length()) {
                throw error("Unterminated string literal starting at offset " + start);
            }
            char c = sql.charAt(position);
            if (c == quote) {
                if (position + 1 < sql.length() && sql.charAt(position + 1) == quote) {
                    value.append(quote);
                    position += 2;
                    continue;
                }
                position++;
                return value.toString();
            }
            if (c == '\\' && position + 1 < sql.length()) {
                position += escape(sql.charAt(position + 1), value);
                continue;
            }
            value.append(c);
            position++;
        }
    }

    /** Appends the character an escape stands for; returns how many characters it took. */
    private int escape(char escaped, StringBuilder value) {
        switch (escaped) {
            case '0' -> value.append('\0');
            case 'b' -> value.append('\b');
            case 'n' -> value.append('\n');
            case 'r' -> value.append('\r');
            case 't' -> value.append('\t');
            case 'Z' -> value.append('\u001A');
            case '%', '_' -> value.append('\\').append(escaped);
            case 'u' -> {
                if (position + 6 <= sql.length()
                        && sql.substring(position + 2, position + 6).matches("[0-9A-Fa-f]{4}")) {
                    value.append((char) Integer.parseInt(sql.substring(position + 2, position + 6), 16));
                    return 6;
                }
                value.append('u');
            }
            default -> value.append(escaped);
        }
        return 2;
    }

    /** The text between two quote characters, a doubled quote kept doubled; the caller decides what it means. */
    private String raw(char quote) {
        int start = position;
        position++;
        while (true) {
            int end = sql.indexOf(quote, position);
            int backslash = quote == '"' ? sql.indexOf('\\', position) : -1;
            if (backslash >= 0 && (end < 0 || backslash < end)) {
                // a Hive string may escape its quote: "say \"hi\""
                position = backslash + 2;
                continue;
            }
            if (end < 0) {
                throw error("Unterminated quoted text starting at offset " + start);
            }
            if (end + 1 < sql.length() && sql.charAt(end + 1) == quote) {
                position = end + 2;
                continue;
            }
            position = end + 1;
            return sql.substring(start + 1, end);
        }
    }

    private static AlmanacException error(String message) {
        return new AlmanacException(ErrorCode.SYNTAX_ERROR, message);
    }

    /** Decodes the inside of a double-quoted Hive string literal. */
    static String decodeDoubleQuoted(String raw) {
        return new HiveLexer("\"" + raw + "\"").quoted('"');
    }
}
