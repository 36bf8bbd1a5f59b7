package dev.almanac.core.pipeline;

import dev.almanac.core.catalog.TableName;
import dev.almanac.core.config.YamlDocument;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a check step: {@code table}, {@code where}, {@code severity} and {@code checks}, a list of
 * one-key mappings naming each check's kind, e.g. {@code - not_null: [course_id]}.
 */
final class CheckParser {
    static final Set<String> KEYS = Set.of("table", "where", "checks", "severity");
    private static final List<String> KINDS =
            List.of("row_count", "not_null", "unique", "primary_key", "accepted_values", "compare_counts", "sql");
    private static final Set<String> ROW_COUNT_KEYS = Set.of("min", "max");
    private static final Set<String> ACCEPTED_VALUES_KEYS = Set.of("column", "values");
    private static final Set<String> COMPARE_COUNTS_KEYS = Set.of("left", "right", "tolerance");
    private static final Pattern PERCENT = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*%?");

    private final PipelineYaml yaml;
    private final String step;
    private final Node node;
    private final YamlDocument.Mapping mapping;
    private final Placeholders placeholders;

    CheckParser(PipelineYaml yaml, String step, Node node, YamlDocument.Mapping mapping, Placeholders placeholders) {
        this.yaml = yaml;
        this.step = step;
        this.node = node;
        this.mapping = mapping;
        this.placeholders = placeholders;
    }

    CheckStep parse() {
        Optional<TableName> table = mapping.node("table").map(value -> yaml.tableName(value, "'table'"));
        Optional<Node> whereNode = mapping.node("where");
        if (whereNode.isPresent() && table.isEmpty()) {
            throw yaml.error(whereNode.get(), "Step '" + step + "' has a 'where' but no 'table' to filter");
        }
        Optional<String> where = whereNode.map(value -> sqlText(value, "'where'"));
        boolean blocking = true;
        Optional<Node> severityNode = mapping.node("severity");
        if (severityNode.isPresent()) {
            String severity = yaml.scalar(severityNode.get(), "'severity'").strip();
            if (!severity.equals("error") && !severity.equals("warn")) {
                throw yaml.error(
                        severityNode.get(),
                        "Unknown severity '" + severity + "' for step '" + step
                                + "'; expected error (a failed check fails the step, the default) or warn");
            }
            blocking = severity.equals("error");
        }
        Node checksNode = mapping.node("checks")
                .orElseThrow(
                        () -> yaml.error(
                                node,
                                "Step '" + step
                                        + "' of type check needs 'checks', e.g. checks: [{not_null: [course_id]}, {row_count: {min: 1}}]"));
        List<Check> checks = new ArrayList<>();
        for (Node item : yaml.sequence(checksNode, "'checks'")) {
            Check check = check(item);
            if (check.needsTable() && table.isEmpty()) {
                throw yaml.error(
                        item,
                        "Check " + check.kind() + " of step '" + step
                                + "' needs the step's 'table', e.g. table: agg.course_activity_daily");
            }
            checks.add(check);
        }
        if (checks.isEmpty()) {
            throw yaml.error(checksNode, "Step '" + step + "' has no checks: list at least one");
        }
        return new CheckStep(table, where, checks, blocking);
    }

    private Check check(Node item) {
        YamlDocument.Mapping check = yaml.mapping(item, "a check", Set.copyOf(KINDS));
        if (check.keys().size() != 1) {
            throw yaml.error(
                    item,
                    "A check is one key naming its kind, e.g. - not_null: [course_id]; write each check"
                            + " as its own list item");
        }
        String kind = check.keys().iterator().next();
        Node value = check.node(kind).orElseThrow();
        String what = "check " + kind;
        return switch (kind) {
            case "row_count" -> rowCount(value);
            case "not_null" -> new Check.NotNull(yaml.strings(value, what));
            case "unique" -> new Check.Unique(yaml.strings(value, what));
            case "primary_key" -> new Check.PrimaryKey(yaml.strings(value, what));
            case "accepted_values" -> acceptedValues(value);
            case "compare_counts" -> compareCounts(value);
            default -> new Check.FailingRows(sqlText(value, what));
        };
    }

    private Check.RowCount rowCount(Node value) {
        YamlDocument.Mapping bounds = yaml.mapping(value, "check row_count", ROW_COUNT_KEYS);
        OptionalLong min = bound(bounds, "min");
        OptionalLong max = bound(bounds, "max");
        if (min.isEmpty() && max.isEmpty()) {
            throw yaml.error(
                    value,
                    "Check row_count of step '" + step + "' needs 'min', 'max' or both, e.g. row_count: {min: 1}");
        }
        if (min.isPresent() && max.isPresent() && min.getAsLong() > max.getAsLong()) {
            throw yaml.error(
                    value,
                    "Check row_count of step '" + step + "' has min " + min.getAsLong() + " above max "
                            + max.getAsLong());
        }
        return new Check.RowCount(min, max);
    }

    private OptionalLong bound(YamlDocument.Mapping bounds, String key) {
        Optional<Node> value = bounds.node(key);
        return value.isEmpty()
                ? OptionalLong.empty()
                : OptionalLong.of(yaml.wholeNumber(value.get(), "row_count " + key, 0, Long.MAX_VALUE));
    }

    private Check.AcceptedValues acceptedValues(Node value) {
        YamlDocument.Mapping settings = yaml.mapping(value, "check accepted_values", ACCEPTED_VALUES_KEYS);
        Node column = settings.node("column")
                .orElseThrow(
                        () -> yaml.error(
                                value,
                                "Check accepted_values of step '" + step
                                        + "' needs 'column' and 'values', e.g. accepted_values: {column: event_type, values: [video, problem]}"));
        Node values = settings.node("values")
                .orElseThrow(() -> yaml.error(
                        value,
                        "Check accepted_values of step '" + step
                                + "' needs 'values', the list of values the column may hold"));
        return new Check.AcceptedValues(yaml.nonEmpty(column, "'column'"), yaml.strings(values, "'values'"));
    }

    private Check.CompareCounts compareCounts(Node value) {
        YamlDocument.Mapping settings = yaml.mapping(value, "check compare_counts", COMPARE_COUNTS_KEYS);
        String example = ", two queries that each return one count, e.g. left: SELECT count(*) FROM raw.tracking_log"
                + " WHERE dt = '${dt}'";
        Node left = settings.node("left")
                .orElseThrow(() -> yaml.error(
                        value, "Check compare_counts of step '" + step + "' needs 'left' and 'right'" + example));
        Node right = settings.node("right")
                .orElseThrow(() -> yaml.error(
                        value, "Check compare_counts of step '" + step + "' needs 'left' and 'right'" + example));
        BigDecimal tolerance = BigDecimal.ZERO;
        Optional<Node> toleranceNode = settings.node("tolerance");
        if (toleranceNode.isPresent()) {
            String text = yaml.scalar(toleranceNode.get(), "'tolerance'").strip();
            Matcher matcher = PERCENT.matcher(text);
            if (!matcher.matches()) {
                throw yaml.error(
                        toleranceNode.get(),
                        "Invalid tolerance '" + text + "' for step '" + step
                                + "': write a percentage of the left count, e.g. tolerance: 0.5%");
            }
            tolerance = new BigDecimal(matcher.group(1));
        }
        return new Check.CompareCounts(sqlText(left, "'left'"), sqlText(right, "'right'"), tolerance);
    }

    private String sqlText(Node value, String what) {
        String sql = yaml.nonEmpty(value, what);
        placeholders.check(step, yaml.scalar(value, what), yaml.locator(value));
        return sql;
    }
}
