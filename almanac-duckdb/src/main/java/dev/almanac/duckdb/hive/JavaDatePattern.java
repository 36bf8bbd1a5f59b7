package dev.almanac.duckdb.hive;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;

/**
 * Translates Java date patterns (SimpleDateFormat/DateTimeFormatter letters, as Hive and Spark use
 * them) into DuckDB strftime/strptime formats. A letter without an exact counterpart is refused
 * rather than approximated.
 */
final class JavaDatePattern {
    static final String DEFAULT = "yyyy-MM-dd HH:mm:ss";

    private JavaDatePattern() {}

    static String toStrftime(String pattern) {
        StringBuilder format = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                int end = i + 1;
                StringBuilder literal = new StringBuilder();
                while (true) {
                    if (end >= pattern.length()) {
                        throw new AlmanacException(
                                ErrorCode.SYNTAX_ERROR, "Unterminated quote in date pattern '" + pattern + "'");
                    }
                    if (pattern.charAt(end) == '\'') {
                        if (end + 1 < pattern.length() && pattern.charAt(end + 1) == '\'') {
                            literal.append('\'');
                            end += 2;
                            continue;
                        }
                        break;
                    }
                    literal.append(pattern.charAt(end));
                    end++;
                }
                // '' outside a quoted run is one quote
                format.append(end == i + 1 ? "'" : literal.toString().replace("%", "%%"));
                i = end + 1;
                continue;
            }
            if (!Character.isLetter(c)) {
                format.append(c == '%' ? "%%" : String.valueOf(c));
                i++;
                continue;
            }
            int run = i;
            while (run < pattern.length() && pattern.charAt(run) == c) {
                run++;
            }
            format.append(field(c, run - i, pattern));
            i = run;
        }
        return format.toString();
    }

    private static String field(char letter, int count, String pattern) {
        String result = switch (letter) {
            case 'y' -> count == 2 ? "%y" : "%Y";
            case 'M', 'L' ->
                switch (count) {
                    case 1 -> "%-m";
                    case 2 -> "%m";
                    case 3 -> "%b";
                    default -> "%B";
                };
            case 'd' -> count == 1 ? "%-d" : count == 2 ? "%d" : null;
            case 'D' -> count == 3 ? "%j" : count == 1 ? "%-j" : null;
            case 'H' -> count == 1 ? "%-H" : count == 2 ? "%H" : null;
            case 'h' -> count == 1 ? "%-I" : count == 2 ? "%I" : null;
            case 'm' -> count == 1 ? "%-M" : count == 2 ? "%M" : null;
            case 's' -> count == 1 ? "%-S" : count == 2 ? "%S" : null;
            case 'S' -> count == 3 ? "%g" : count == 6 ? "%f" : count == 9 ? "%n" : null;
            case 'a' -> count == 1 ? "%p" : null;
            case 'E' -> count <= 3 ? "%a" : "%A";
            case 'Z' -> count <= 2 ? "%z" : null;
            case 'z' -> count <= 3 ? "%Z" : null;
            default -> null;
        };
        if (result == null) {
            throw new AlmanacException(
                    ErrorCode.NOT_SUPPORTED,
                    "Date pattern letter '" + String.valueOf(letter).repeat(count) + "' in '" + pattern
                            + "' is not supported on the embedded engine; supported: y yy yyyy M MM MMM MMMM d dd D"
                            + " DDD H HH h hh m mm s ss SSS SSSSSS a E EEEE Z z and 'quoted text'");
        }
        return result;
    }
}
