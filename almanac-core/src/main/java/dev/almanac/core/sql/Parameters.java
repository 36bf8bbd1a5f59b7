package dev.almanac.core.sql;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fills {@code ${name}} placeholders in SQL text. An unknown name is an error, never left in place. */
public final class Parameters {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^{}]*)}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    private Parameters() {}

    public static String substitute(String sql, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(sql);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            if (!NAME.matcher(name).matches()) {
                throw new AlmanacException(
                        ErrorCode.INVALID_ARGUMENT,
                        "Invalid parameter " + matcher.group() + ": a name starts with a letter or _ and has only"
                                + " letters, digits, _, . and -, e.g. ${dt}");
            }
            String value = values.get(name);
            if (value == null) {
                throw new AlmanacException(
                        ErrorCode.INVALID_ARGUMENT,
                        "The SQL uses ${" + name + "}, which has no value: pass --param " + name + "=VALUE");
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(result);
        return result.toString();
    }
}
