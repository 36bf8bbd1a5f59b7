package dev.almanac.core.pipeline;

import dev.almanac.core.catalog.TableName;
import dev.almanac.core.config.YamlDocument;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A pipeline file's YAML with typed readers for the values pipelines use (durations, table names,
 * lists, whole numbers); every error names file, line and column.
 */
final class PipelineYaml {
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(s|m|h|d)");

    private final YamlDocument document;
    private final String source;
    private final String[] lines;
    private final Path directory;

    private PipelineYaml(YamlDocument document, String source, String text, Path directory) {
        this.document = document;
        this.source = source;
        this.lines = text.split("\r?\n", -1);
        this.directory = directory;
    }

    static PipelineYaml parse(String source, String text, Path directory) {
        return new PipelineYaml(YamlDocument.parse(source, text), source, text, directory);
    }

    YamlDocument.Mapping root() {
        return document.rootMapping();
    }

    String source() {
        return source;
    }

    /** The folder of the pipeline file: scripts are found relative to it. */
    Path directory() {
        return directory;
    }

    SourceLocation location(Node node) {
        Mark mark = node.getStartMark();
        return mark == null
                ? new SourceLocation(source, 1, 1)
                : new SourceLocation(source, mark.getLine() + 1, mark.getColumn() + 1);
    }

    AlmanacException error(Node node, String message) {
        return document.error(node, message);
    }

    AlmanacException error(Node node, String message, Throwable cause) {
        return new AlmanacException(ErrorCode.INVALID_CONFIGURATION, message + " (" + location(node) + ")", cause);
    }

    YamlDocument.Mapping mapping(Node node, String what) {
        return document.mapping(node, what);
    }

    YamlDocument.Mapping mapping(Node node, String what, Set<String> keys) {
        return document.mapping(node, what).requireKnownKeys(keys);
    }

    List<Node> sequence(Node node, String what) {
        return document.sequence(node, what);
    }

    String scalar(Node node, String what) {
        return document.scalar(node, what);
    }

    /** The nodes of a list, or a single value as a list of one. */
    List<Node> items(Node node, String what) {
        if (node instanceof SequenceNode) {
            return sequence(node, what);
        }
        if (!(node instanceof ScalarNode)) {
            throw error(node, "Expected a list for " + what);
        }
        return List.of(node);
    }

    /** The nodes of a list of at least one value, or a single value as a list of one. */
    List<Node> nonEmptyItems(Node node, String what) {
        List<Node> items = items(node, what);
        if (items.isEmpty()) {
            throw error(node, "Empty list for " + what + ": give at least one value");
        }
        return items;
    }

    /** A list of at least one non-empty value; a single value is a list of one. */
    List<String> strings(Node node, String what) {
        List<String> values = new ArrayList<>();
        for (Node item : nonEmptyItems(node, what)) {
            values.add(nonEmpty(item, what));
        }
        return values;
    }

    String nonEmpty(Node node, String what) {
        String value = scalar(node, what).strip();
        if (value.isEmpty()) {
            throw error(node, "Empty value for " + what);
        }
        return value;
    }

    Duration duration(Node node, String what) {
        String text = scalar(node, what).strip();
        Matcher matcher = DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw error(
                    node,
                    "Invalid duration '" + text + "' for " + what
                            + ": write a whole number followed by s, m, h or d, e.g. 30s, 5m or 2h");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    Duration positiveDuration(Node node, String what) {
        Duration duration = duration(node, what);
        if (duration.isZero()) {
            throw error(node, "The " + what + " must be longer than 0, e.g. 30m");
        }
        return duration;
    }

    TableName tableName(Node node, String what) {
        String text = nonEmpty(node, what);
        try {
            return TableName.parse(text);
        } catch (AlmanacException e) {
            throw error(
                    node,
                    "Invalid table name '" + text + "' for " + what
                            + ": write namespace.table, e.g. agg.course_activity_daily",
                    e);
        }
    }

    long wholeNumber(Node node, String what, long min, long max) {
        String text = scalar(node, what).strip();
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            value = Long.MIN_VALUE;
        }
        if (value < min || value > max) {
            throw error(
                    node,
                    "Invalid " + what + " '" + text + "': expected a whole number "
                            + (max == Long.MAX_VALUE ? "of at least " + min : "from " + min + " to " + max));
        }
        return value;
    }

    /**
     * Where the character at {@code offset} of a scalar's value was written: exact for literal
     * block scalars ({@code |}), whose lines are the file's lines; the scalar's start otherwise.
     */
    IntFunction<SourceLocation> locator(Node node) {
        SourceLocation start = location(node);
        if (!(node instanceof ScalarNode scalar) || scalar.getScalarStyle() != DumperOptions.ScalarStyle.LITERAL) {
            return offset -> start;
        }
        String value = scalar.getValue();
        int firstLine = start.line();
        int indent = 0;
        for (int line = firstLine; line < lines.length; line++) {
            if (!lines[line].isBlank()) {
                indent = lines[line].length() - lines[line].stripLeading().length();
                break;
            }
        }
        int indentation = indent;
        return offset -> {
            SourceLocation inValue = locate(source, value, offset);
            return new SourceLocation(source, firstLine + inValue.line(), indentation + inValue.column());
        };
    }

    /** The line and column of {@code offset} in {@code text}, as read from {@code file}. */
    static SourceLocation locate(String file, String text, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new SourceLocation(file, line, offset - lineStart + 1);
    }
}
