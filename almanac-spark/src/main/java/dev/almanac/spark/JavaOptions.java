package dev.almanac.spark;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The JVM options of {@code spark.driver.extraJavaOptions}, split as {@code spark-submit} splits
 * them: words separated by white space, a word may be quoted ('single': taken as it is; "double":
 * a backslash escapes the next character) and, outside single quotes, a backslash escapes the next
 * character. The heap is refused here, as Spark refuses it: it is {@code spark.driver.memory}.
 */
final class JavaOptions {
    static final String SETTING = "spark.driver.extraJavaOptions";

    private static final Set<String> COLLECTOR_CHOICES = Set.of(
            "-XX:+UseSerialGC",
            "-XX:+UseParallelGC",
            "-XX:+UseG1GC",
            "-XX:+UseZGC",
            "-XX:+UseShenandoahGC",
            "-XX:+UseEpsilonGC");

    private JavaOptions() {}

    static List<String> parse(String options) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < options.length(); i++) {
            char c = options.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\\') {
                if (i + 1 == options.length()) {
                    throw invalid(options, "it ends with a backslash that escapes nothing");
                }
                word.append(options.charAt(++i));
                inWord = true;
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw invalid(options, "a " + quote + " quote is not closed");
        }
        if (inWord) {
            words.add(word.toString());
        }
        for (String option : words) {
            if (option.startsWith("-Xmx")) {
                throw invalid(
                        options,
                        option + " sets the heap, which is spark.driver.memory (driver-memory in the"
                                + " spark section of almanac.yaml)");
            }
        }
        return List.copyOf(words);
    }

    /**
     * True when the options choose the JVM's garbage collector, as {@code -XX:+UseG1GC} does. Other
     * flags of that shape ({@code -XX:+UseAdaptiveSizePolicyWithSystemGC}) tune a collector, not choose one.
     */
    static boolean choosesCollector(List<String> options) {
        return options.stream().anyMatch(COLLECTOR_CHOICES::contains);
    }

    private static AlmanacException invalid(String options, String reason) {
        return new AlmanacException(
                ErrorCode.INVALID_CONFIGURATION, SETTING + " '" + options + "' cannot be used: " + reason);
    }
}
