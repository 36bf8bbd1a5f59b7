package dev.almanac.core.ingest;

import dev.almanac.core.catalog.TableName;
import dev.almanac.core.warehouse.SourceConfig;
import dev.almanac.spi.type.Field;
import dev.almanac.spi.type.PrimitiveType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.expressions.Expression;

/**
 * edX tracking logs: JSON lines landed in {@code raw.tracking_log}, partitioned by the UTC date of
 * each event's {@code time} (not the file's name). The common fields become typed columns;
 * {@code event} (normalized to a JSON object even where browsers send it as a JSON string) and
 * {@code context} stay JSON, so a field that appears later is queryable at once with JSON
 * functions. Rows are clustered by course within each day, so per-course reads skip most row
 * groups. Each file is its own unit.
 */
final class TrackingLogFormat implements SourceFormat {
    static final List<Field> COLUMNS = List.of(
            Field.of("dt", PrimitiveType.DATE),
            Field.of("time", PrimitiveType.TIMESTAMPTZ),
            Field.of("username", PrimitiveType.STRING),
            Field.of("event_type", PrimitiveType.STRING),
            Field.of("event_source", PrimitiveType.STRING),
            Field.of("course_id", PrimitiveType.STRING),
            Field.of("org_id", PrimitiveType.STRING),
            Field.of("user_id", PrimitiveType.BIGINT),
            Field.of("ip", PrimitiveType.STRING),
            Field.of("agent", PrimitiveType.STRING),
            Field.of("page", PrimitiveType.STRING),
            Field.of("referer", PrimitiveType.STRING),
            Field.of("accept_language", PrimitiveType.STRING),
            Field.of("session", PrimitiveType.STRING),
            Field.of("host", PrimitiveType.STRING),
            Field.of("event", PrimitiveType.STRING),
            Field.of("context", PrimitiveType.STRING),
            Field.of("source_file", PrimitiveType.STRING),
            Field.of("source_line", PrimitiveType.BIGINT));

    private static final String STRUCTURE =
            "'{\"username\": \"VARCHAR\", \"event_type\": \"VARCHAR\", \"time\": \"VARCHAR\","
                    + " \"event_source\": \"VARCHAR\", \"context\": \"JSON\", \"event\": \"JSON\", \"agent\": \"VARCHAR\","
                    + " \"ip\": \"VARCHAR\", \"host\": \"VARCHAR\", \"page\": \"VARCHAR\", \"referer\": \"VARCHAR\","
                    + " \"accept_language\": \"VARCHAR\", \"session\": \"VARCHAR\"}'";

    private static final String COURSE_IN_URL = "'/courses/(course-v1:[^/]+|[^/]+/[^/]+/[^/]+)/'";

    /**
     * Every staged line parsed once, with the reason it cannot be loaded (NULL when it can) and, for
     * the lines that load, the table's columns. A line that does not parse is empty (NULL or only
     * white space) or invalid JSON; one that parses but does not start with a brace is some other
     * JSON value. The raw text is kept only for rejected lines. Sorted by day and course, the order
     * the table's rows are written in.
     */
    private static final String CLASSIFIED_LINES = "WITH parsed AS (SELECT source_file, line_number, line,"
            + " TRY(json_transform(line, " + STRUCTURE + ")) AS e FROM " + STAGED + ")"
            + ", timed AS (SELECT *, TRY_CAST(e.time AS TIMESTAMPTZ) AS event_time FROM parsed)"
            + ", classified AS (SELECT *, CASE"
            + " WHEN e IS NULL AND (line IS NULL OR regexp_full_match(line, '[\\s\\x0B\\x1C-\\x1F\\p{Z}]*'))"
            + " THEN 'empty line'"
            + " WHEN e IS NULL THEN 'invalid JSON'"
            + " WHEN left(ltrim(line), 1) <> '{' THEN 'not a JSON object'"
            + " WHEN e.time IS NULL THEN 'missing time'"
            + " WHEN event_time IS NULL THEN 'time is not an ISO-8601 timestamp'"
            + " END AS reason FROM timed)"
            + ", extracted AS (SELECT *,"
            + " CASE WHEN reason IS NULL THEN json_extract_string(e.context, ['$.course_id', '$.org_id', '$.user_id'])"
            + " END AS ctx FROM classified)"
            + ", typed AS (SELECT *,"
            // a CASE, not one coalesce: the optimizer would hoist the regular expressions and run them on every row
            + " CASE WHEN reason IS NOT NULL THEN NULL WHEN ctx[1] <> '' THEN ctx[1] ELSE coalesce("
            + " nullif(regexp_extract(coalesce(e.page, ''), " + COURSE_IN_URL + ", 1), ''),"
            + " nullif(regexp_extract(coalesce(e.event_type, ''), " + COURSE_IN_URL + ", 1), '')) END AS course"
            + " FROM extracted)\n"
            + "SELECT reason, CASE WHEN reason IS NOT NULL THEN coalesce(line, '') END AS raw_text,"
            + " CAST(timezone('UTC', event_time) AS DATE) AS dt, event_time AS time, e.username, e.event_type,"
            + " e.event_source, course AS course_id,"
            + " coalesce(nullif(ctx[2], ''),"
            + " CASE WHEN course LIKE 'course-v1:%' THEN nullif(split_part(split_part(course, ':', 2), '+', 1), '')"
            + " ELSE nullif(split_part(course, '/', 1), '') END) AS org_id,"
            + " TRY_CAST(ctx[3] AS BIGINT) AS user_id,"
            + " e.ip, e.agent, e.page, e.referer, e.accept_language, e.session, e.host,"
            // a JSON string is told by its opening quote, without parsing every event again
            + " CAST(CASE WHEN left(CAST(e.event AS VARCHAR), 1) = '\"' AND json_valid(e.event ->> '$')"
            + " AND json_type(e.event ->> '$') IN ('OBJECT', 'ARRAY') THEN CAST(e.event ->> '$' AS JSON)"
            + " ELSE e.event END AS VARCHAR) AS event,"
            + " CAST(e.context AS VARCHAR) AS context, source_file, line_number AS source_line"
            + " FROM typed ORDER BY dt, course_id";

    private static final String ROWS = "SELECT "
            + String.join(
                    ", ",
                    COLUMNS.stream()
                            .map(field -> SourceFormat.identifier(field.name()))
                            .toList())
            + " FROM " + CLASSIFIED + " WHERE reason IS NULL";

    private static final String REJECTS = "SELECT source_file, source_line AS line_number, raw_text, reason FROM "
            + CLASSIFIED + " WHERE reason IS NOT NULL";

    @Override
    public List<LoadUnit> units(SourceConfig source, List<Path> toLoad, List<Path> found, IngestContext context) {
        TableName table =
                TableName.parse(source.table().or(source.kind()::defaultTable).orElseThrow());
        return toLoad.stream()
                .map(file -> new LoadUnit(table, List.of(file), Map.of()))
                .toList();
    }

    @Override
    public boolean independentUnits() {
        return true;
    }

    @Override
    public boolean rejectsEmptyLines() {
        return true;
    }

    @Override
    public Optional<String> classification(LoadUnit unit) {
        return Optional.of(CLASSIFIED_LINES);
    }

    @Override
    public List<Field> columns(LoadUnit unit) {
        return COLUMNS;
    }

    @Override
    public Optional<String> partitionColumn() {
        return Optional.of("dt");
    }

    @Override
    public String rows(LoadUnit unit) {
        return ROWS;
    }

    @Override
    public String rejects(LoadUnit unit) {
        return REJECTS;
    }

    @Override
    public Optional<Expression> replaces(LoadUnit unit) {
        return Optional.empty();
    }
}
