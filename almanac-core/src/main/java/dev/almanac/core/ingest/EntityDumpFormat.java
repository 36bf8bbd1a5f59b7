package dev.almanac.core.ingest;

import static dev.almanac.core.ingest.SourceFormat.literal;

import dev.almanac.core.catalog.TableName;
import dev.almanac.core.warehouse.SourceConfig;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.type.Field;
import dev.almanac.spi.type.PrimitiveType;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/**
 * Hourly entity-change dumps ({@code key<TAB>json} lines, one file per model and hour, named
 * {@code <Model>-YYYY-MM-DD-HH[.gz]}). A model's day is one unit: every hourly file of that day is
 * read and the day's partition of {@code raw.<model>} is replaced as a whole, so the day lands as
 * one compacted partition and a late or rewritten hour simply rebuilds its day. After each day,
 * {@code raw.<model>_latest} is brought up to date with one row per key holding its newest state,
 * merged from the new day alone (a rebuilt day recomputes it from the whole table).
 */
final class EntityDumpFormat implements SourceFormat {
    private static final Pattern FILE_NAME =
            Pattern.compile("([A-Za-z][A-Za-z0-9_]*)-(\\d{4}-\\d{2}-\\d{2})-(\\d{2})(?:\\.[A-Za-z0-9.]+)?");

    static final List<Field> COLUMNS = List.of(
            Field.of("dt", PrimitiveType.DATE),
            Field.of("hour", PrimitiveType.INTEGER),
            Field.of("key", PrimitiveType.STRING),
            Field.of("json", PrimitiveType.STRING),
            Field.of("source_file", PrimitiveType.STRING),
            Field.of("source_line", PrimitiveType.BIGINT));

    private static final String CLASSIFIED = "WITH split AS (SELECT source_file, line_number, line,"
            + " strpos(line, chr(9)) AS tab FROM " + STAGED + ")"
            + ", classified AS (SELECT source_file, line_number, line,"
            + " CASE WHEN tab = 0 THEN 'no tab between key and JSON'"
            + " WHEN tab = 1 THEN 'empty key'"
            + " WHEN NOT json_valid(substr(line, tab + 1)) THEN 'invalid JSON'"
            + " WHEN json_type(substr(line, tab + 1)) <> 'OBJECT' THEN 'not a JSON object'"
            + " END AS reason, tab FROM split)\n";

    @Override
    public List<LoadUnit> units(SourceConfig source, List<Path> toLoad, List<Path> found, IngestContext context) {
        Map<String, List<Path>> days = new TreeMap<>();
        for (Path file : found) {
            Hourly hourly = parse(file);
            days.computeIfAbsent(hourly.model() + "|" + hourly.date(), ignored -> new ArrayList<>())
                    .add(file);
        }
        Map<String, LoadUnit> units = new TreeMap<>();
        for (Path file : toLoad) {
            Hourly hourly = parse(file);
            String key = hourly.model() + "|" + hourly.date();
            TableName table =
                    new TableName(List.of(namespace(source)), hourly.model().toLowerCase(Locale.ROOT));
            units.computeIfAbsent(
                    key,
                    ignored -> new LoadUnit(
                            table, days.get(key), Map.of("dt", hourly.date().toString(), "model", hourly.model())));
        }
        return List.copyOf(units.values());
    }

    private static String namespace(SourceConfig source) {
        return source.option("namespace").orElse("raw");
    }

    static Hourly parse(Path file) {
        Matcher matcher = FILE_NAME.matcher(file.getFileName().toString());
        if (!matcher.matches()) {
            throw new AlmanacException(
                    ErrorCode.INVALID_ARGUMENT,
                    "Entity dump file " + file + " is not named <Model>-YYYY-MM-DD-HH[.gz]");
        }
        return new Hourly(matcher.group(1), LocalDate.parse(matcher.group(2)), Integer.parseInt(matcher.group(3)));
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
        return CLASSIFIED
                + "SELECT DATE " + literal(unit.attribute("dt")) + " AS dt,"
                + " CAST(regexp_extract(source_file, '-(\\d{2})(\\.[A-Za-z0-9.]+)?$', 1) AS INTEGER) AS hour,"
                + " substr(line, 1, tab - 1) AS key, substr(line, tab + 1) AS json, source_file, line_number AS source_line"
                + " FROM classified WHERE reason IS NULL ORDER BY 2, 3, 6";
    }

    @Override
    public String rejects(LoadUnit unit) {
        return CLASSIFIED + "SELECT source_file, line_number, line, reason FROM classified WHERE reason IS NOT NULL";
    }

    @Override
    public Optional<Expression> replaces(LoadUnit unit) {
        return Optional.of(Expressions.equal("dt", unit.attribute("dt")));
    }

    @Override
    public void afterCommit(LoadUnit unit, boolean replaced, IngestContext context) {
        TableName latest = new TableName(unit.table().namespace(), unit.table().table() + "_latest");
        IngestTables.ensure(context.catalog(), latest, COLUMNS, Optional.empty());
        String newRows = replaced
                ? "SELECT * FROM " + unit.table()
                : "SELECT * FROM " + latest + " UNION ALL SELECT * FROM " + unit.table() + " WHERE dt = DATE "
                        + literal(unit.attribute("dt"));
        String merge =
                "INSERT OVERWRITE TABLE " + latest + " SELECT dt, hour, key, json, source_file, source_line FROM ("
                        + "SELECT *, row_number() OVER (PARTITION BY key ORDER BY dt DESC, hour DESC, source_line DESC) AS newest"
                        + " FROM (" + newRows + ")) WHERE newest = 1";
        context.session().execute(merge, Map.of());
    }

    record Hourly(String model, LocalDate date, int hour) {}
}
