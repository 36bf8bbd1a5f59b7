package dev.almanac.core.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits HiveQL/Spark SQL text into tokens, dropping comments, so that names inside string
 * literals and comments are never taken for table names. Lenient: an unterminated literal or
 * comment runs to the end of the text.
 */
final class SqlTokenizer {
    private SqlTokenizer() {}

    static List<SqlToken> tokenize(String sql) {
        List<SqlToken> tokens = new ArrayList<>();
        int length = sql.length();
        int position = 0;
        while (position < length) {
            char c = sql.charAt(position);
            int start = position;
            if (Character.isWhitespace(c)) {
                position++;
            } else if (sql.startsWith("--", position)) {
                int end = sql.indexOf('\n', position);
                position = end < 0 ? length : end + 1;
            } else if (sql.startsWith("/*", position)) {
                int end = sql.indexOf("*/", position + 2);
                position = end < 0 ? length : end + 2;
            } else if (c == '\'') {
                position = endOfQuoted(sql, position, '\'', true);
                tokens.add(new SqlToken(SqlToken.Kind.STRING, sql.substring(start, position), start, position));
            } else if (c == '"' || c == '`') {
                position = endOfQuoted(sql, position, c, false);
                String content = sql.substring(start + 1, Math.max(start + 1, position - 1))
                        .replace(String.valueOf(c) + c, String.valueOf(c));
                tokens.add(new SqlToken(SqlToken.Kind.QUOTED_IDENTIFIER, content, start, position));
            } else if (Character.isLetter(c) || c == '_') {
                while (position < length && isWordPart(sql.charAt(position))) {
                    position++;
                }
                tokens.add(new SqlToken(SqlToken.Kind.WORD, sql.substring(start, position), start, position));
            } else if (Character.isDigit(c)) {
                while (position < length && (isWordPart(sql.charAt(position)) || sql.charAt(position) == '.')) {
                    position++;
                }
                tokens.add(new SqlToken(SqlToken.Kind.NUMBER, sql.substring(start, position), start, position));
            } else {
                position++;
                tokens.add(new SqlToken(SqlToken.Kind.SYMBOL, String.valueOf(c), start, position));
            }
        }
        return tokens;
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** The offset just past the closing quote; a doubled quote, and in strings a backslash, escapes. */
    private static int endOfQuoted(String sql, int start, char quote, boolean backslashEscapes) {
        int position = start + 1;
        while (position < sql.length()) {
            char c = sql.charAt(position);
            if (backslashEscapes && c == '\\') {
                position += 2;
            } else if (c == quote) {
                if (position + 1 < sql.length() && sql.charAt(position + 1) == quote) {
                    position += 2;
                } else {
                    return position + 1;
                }
            } else {
                position++;
            }
        }
        return sql.length();
    }
}
