package dev.almanac.core.window;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One output column of a window step: {@code name: function(argument)}, the argument being a SQL
 * expression over the source's columns ({@code count()} takes none).
 */
public record Aggregate(String name, AggregateFunction function, Optional<String> argument) {
    private static final Pattern CALL = Pattern.compile("(?s)\\s*([A-Za-z_]+)\\s*\\((.*)\\)\\s*");
    static final Pattern COLUMN_NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    public Aggregate {
        requireNonNull(name, "name is null");
        requireNonNull(function, "function is null");
        requireNonNull(argument, "argument is null");
        if (!COLUMN_NAME.matcher(name).matches() || name.contains("__")) {
            throw new IllegalArgumentException("Invalid aggregate name '" + name
                    + "': use lower case letters, digits and single underscores, e.g. problem_events");
        }
        if (function.takesArgument() != argument.isPresent()) {
            throw new IllegalArgumentException(
                    function.takesArgument()
                            ? function.configName() + "() of '" + name + "' needs an argument, e.g. "
                                    + function.configName() + "(duration)"
                            : "count() of '" + name
                                    + "' takes no argument; for rows where a condition holds use count_if(…)");
        }
    }

    /** Parses {@code function(argument)}; throws {@link IllegalArgumentException} with a message for the user. */
    public static Aggregate parse(String name, String text) {
        Matcher call = CALL.matcher(text);
        if (!call.matches()) {
            throw new IllegalArgumentException("Invalid aggregate '" + text + "' for '" + name
                    + "': write function(argument), e.g. sum(duration); functions: " + AggregateFunction.names());
        }
        AggregateFunction function = AggregateFunction.of(call.group(1))
                .orElseThrow(() -> new IllegalArgumentException("Unknown aggregate function '" + call.group(1)
                        + "' for '" + name + "'; expected one of " + AggregateFunction.names()));
        String argument = call.group(2).strip();
        return new Aggregate(name, function, argument.isEmpty() ? Optional.empty() : Optional.of(argument));
    }

    public String text() {
        return function.configName() + "(" + argument.orElse("") + ")";
    }
}
