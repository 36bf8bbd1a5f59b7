package dev.almanac.core.pipeline;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the {@code ${name}} placeholders of a step's SQL and paths when the pipeline is read, so
 * that a misspelt one fails validation instead of a run: each must be a run's {@code dt},
 * {@code start} or {@code end}, or one of the pipeline's parameters.
 */
final class Placeholders {
    static final Set<String> RUN_VALUES = Set.of("dt", "start", "end");
    // the same syntax sql.Parameters substitutes
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^{}]*)}");
    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    private final Set<String> parameters;

    Placeholders(Set<String> parameters) {
        this.parameters = new LinkedHashSet<>(parameters);
    }

    void check(String step, String text, IntFunction<SourceLocation> locate) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            String name = matcher.group(1);
            if (!NAME.matcher(name).matches()) {
                throw error(
                        "Step '" + step + "' has an invalid placeholder " + matcher.group()
                                + ": a name starts with a letter or _ and has only letters, digits, _, . and -, e.g. ${dt}",
                        locate.apply(matcher.start()));
            }
            if (!RUN_VALUES.contains(name) && !parameters.contains(name)) {
                throw error(
                        "Step '" + step + "' uses ${" + name + "}, which is not a parameter: declare it under"
                                + " params (e.g. params: {" + name + ": value}) or use ${dt}, ${start} or ${end}",
                        locate.apply(matcher.start()));
            }
        }
    }

    private static AlmanacException error(String message, SourceLocation location) {
        return new AlmanacException(ErrorCode.INVALID_CONFIGURATION, message + " (" + location + ")");
    }
}
