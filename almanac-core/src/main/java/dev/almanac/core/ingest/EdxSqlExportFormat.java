package dev.almanac.core.ingest;

import static dev.almanac.core.ingest.SourceFormat.literal;

import dev.almanac.core.catalog.TableName;
import dev.almanac.core.warehouse.SourceConfig;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.type.Field;
import dev.almanac.spi.type.PrimitiveType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.expressions.Expression;

/**
 * edX research database exports: tab-separated files with a header row and {@code NULL} for nulls,
 * named {@code <org>-<course>-<run>-<table>-<site>-analytics.sql} in one folder per weekly
 * snapshot date. Each file lands in {@code raw.<table>} with the edX column types, partitioned by
 * the snapshot date ({@code dt}) and carrying the course id. The header is checked against the
 * schema: missing columns are NULL, extra ones are added as text columns, and both are reported;
 * a row with the wrong number of fields or a value that does not fit its column's type is
 * quarantined with the reason. {@code raw.<table>_latest} holds each course's newest snapshot.
 */
final class EdxSqlExportFormat implements SourceFormat {
    private static final Pattern FILE_NAME = Pattern.compile("(.+)-([a-z_]+)-([A-Za-z0-9]+)-analytics\\.sql");
    private static final Set<String> COURSE_TABLES =
            Set.of("student_courseenrollment", "certificates_generatedcertificate", "courseware_studentmodule");

    @Override
    public List<LoadUnit> units(SourceConfig source, List<Path> toLoad, List<Path> found, IngestContext context) {
        String namespace = source.option("namespace").orElse("raw");
        List<LoadUnit> units = new ArrayList<>();
        for (Path file : toLoad) {
            Export export = parse(file);
            Map<String, String> attributes = new HashMap<>();
            attributes.put("dt", export.snapshot().toString());
            attributes.put("course_id", courseId(file, export));
            attributes.put("header", String.join("\t", header(file)));
            units.add(new LoadUnit(new TableName(List.of(namespace), export.table()), List.of(file), attributes));
        }
        return units;
    }

    static Export parse(Path file) {
        Matcher matcher = FILE_NAME.matcher(file.getFileName().toString());
        if (!matcher.matches()) {
            throw new AlmanacException(
                    ErrorCode.INVALID_ARGUMENT,
                    "Export file " + file + " is not named <org>-<course>-<run>-<table>-<site>-analytics.sql");
        }
        LocalDate snapshot;
        try {
            snapshot = LocalDate.parse(file.getParent().getFileName().toString());
        } catch (DateTimeParseException e) {
            throw new AlmanacException(
                    ErrorCode.INVALID_ARGUMENT,
                    "Export file " + file + " must sit in a folder named for its snapshot date (YYYY-MM-DD)",
                    e);
        }
        return new Export(matcher.group(1), matcher.group(2), snapshot);
    }

    /**
     * The course id as the course's own rows write it (from a file of the same course and snapshot
     * that has a course_id column), else {@code org/course/run} from the file name.
     */
    private static String courseId(Path file, Export export) {
        for (String table : COURSE_TABLES) {
            Path sibling = file.resolveSibling(
                    file.getFileName().toString().replace("-" + export.table() + "-", "-" + table + "-"));
            Optional<String> id = firstValue(sibling, "course_id");
            if (id.isPresent()) {
                return id.get();
            }
        }
        String[] parts = export.course().split("-");
        if (parts.length < 3) {
            return export.course();
        }
        String middle = String.join("-", Arrays.copyOfRange(parts, 1, parts.length - 1));
        return parts[0] + "/" + middle + "/" + parts[parts.length - 1];
    }

    private static Optional<String> firstValue(Path file, String column) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<String> header = Arrays.asList(
                    Optional.ofNullable(reader.readLine()).orElse("").split("\t", -1));
            String first = reader.readLine();
            int index = header.indexOf(column);
            if (first == null || index < 0) {
                return Optional.empty();
            }
            String[] values = first.split("\t", -1);
            return index < values.length && !values[index].equals("NULL")
                    ? Optional.of(values[index])
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> header(Path file) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = reader.readLine();
            if (line == null || line.isBlank()) {
                throw new AlmanacException(ErrorCode.INVALID_ARGUMENT, "Export file " + file + " has no header row");
            }
            return List.of(line.strip().split("\t", -1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<Field> columns(LoadUnit unit) {
        List<Field> columns = new ArrayList<>();
        columns.add(Field.of("dt", PrimitiveType.DATE));
        Set<String> names = new LinkedHashSet<>();
        List<Field> known = EdxExportTables.columns(unit.table().table()).orElse(List.of());
        for (Field field : known) {
            columns.add(field);
            names.add(field.name());
        }
        if (!names.contains("course_id")) {
            columns.add(Field.of("course_id", PrimitiveType.STRING));
            names.add("course_id");
        }
        for (String column : header(unit)) {
            if (names.add(column)) {
                columns.add(Field.of(column, PrimitiveType.STRING));
            }
        }
        columns.add(Field.of("source_file", PrimitiveType.STRING));
        columns.add(Field.of("source_line", PrimitiveType.BIGINT));
        return columns;
    }

    private static List<String> header(LoadUnit unit) {
        return List.of(unit.attribute("header").split("\t", -1));
    }

    /** What the header says about the schema, for the file's outcome. */
    @Override
    public Optional<String> note(LoadUnit unit) {
        List<Field> known = EdxExportTables.columns(unit.table().table()).orElse(List.of());
        List<String> header = header(unit);
        List<String> missing = known.stream()
                .map(Field::name)
                .filter(name -> !header.contains(name))
                .toList();
        List<String> extra = header.stream()
                .filter(name -> known.stream().noneMatch(field -> field.name().equals(name)))
                .toList();
        List<String> notes = new ArrayList<>();
        if (known.isEmpty()) {
            notes.add("table " + unit.table().table() + " is not an edX export table; all its columns are text");
        } else {
            if (!missing.isEmpty()) {
                notes.add("missing columns (NULL): " + String.join(", ", missing));
            }
            if (!extra.isEmpty()) {
                notes.add("extra columns (kept as text): " + String.join(", ", extra));
            }
        }
        return notes.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", notes));
    }

    @Override
    public Optional<String> partitionColumn() {
        return Optional.of("dt");
    }

    @Override
    public String rows(LoadUnit unit) {
        List<String> header = header(unit);
        List<String> projection = new ArrayList<>();
        for (Field column : columns(unit)) {
            String name = column.name();
            int index = header.indexOf(name);
            String value = switch (name) {
                case "dt" -> "DATE " + literal(unit.attribute("dt"));
                case "source_file" -> "source_file";
                case "source_line" -> "line_number";
                default ->
                    index >= 0 ? "v" + index : name.equals("course_id") ? literal(unit.attribute("course_id")) : "NULL";
            };
            projection.add(value + " AS " + SourceFormat.identifier(name));
        }
        return classified(unit) + "SELECT " + String.join(", ", projection) + " FROM classified WHERE reason IS NULL";
    }

    @Override
    public String rejects(LoadUnit unit) {
        return classified(unit)
                + "SELECT source_file, line_number, line, reason FROM classified WHERE reason IS NOT NULL";
    }

    /** Each data line split, every field cast to its column's type, and the first reason it does not fit. */
    private String classified(LoadUnit unit) {
        List<String> header = header(unit);
        Map<String, Field> types = new HashMap<>();
        columns(unit).forEach(field -> types.put(field.name(), field));
        StringBuilder values = new StringBuilder();
        StringBuilder reasons = new StringBuilder();
        for (int i = 0; i < header.size(); i++) {
            PrimitiveType type = (PrimitiveType) types.get(header.get(i)).type();
            String raw = "nullif(f[" + (i + 1) + "], 'NULL')";
            String cast =
                    type == PrimitiveType.STRING ? raw : "TRY_CAST(" + raw + " AS " + SourceFormat.sqlType(type) + ")";
            values.append(", ").append(cast).append(" AS v").append(i);
            if (type != PrimitiveType.STRING) {
                reasons.append(SourceFormat.mismatch(raw, cast, header.get(i), type));
            }
        }
        return "WITH split AS (SELECT source_file, line_number, line, string_split(line, chr(9)) AS f FROM " + STAGED
                + " WHERE line_number > 1)"
                + ", typed AS (SELECT source_file, line_number, line, f, len(f) AS fields" + values + " FROM split)"
                + ", classified AS (SELECT *, CASE WHEN fields <> " + header.size() + " THEN 'expected " + header.size()
                + " tab-separated fields, found ' || fields" + reasons + " END AS reason FROM typed)\n";
    }

    @Override
    public Optional<Expression> replaces(LoadUnit unit) {
        return Optional.empty();
    }

    @Override
    public void afterCommit(LoadUnit unit, boolean replaced, IngestContext context) {
        TableName latest = new TableName(unit.table().namespace(), unit.table().table() + "_latest");
        List<Field> columns = context.session().loadTable(unit.table()).schema().columns().stream()
                .map(dev.almanac.core.catalog.TypeConversion::toField)
                .toList();
        IngestTables.ensure(context.catalog(), latest, columns, Optional.empty());
        String names = String.join(
                ", ",
                columns.stream()
                        .map(field -> SourceFormat.identifier(field.name()))
                        .toList());
        context.session()
                .execute(
                        "INSERT OVERWRITE TABLE " + latest + " SELECT " + names + " FROM (SELECT " + names
                                + ", dt = max(dt) OVER (PARTITION BY course_id) AS newest FROM " + unit.table()
                                + ") WHERE newest",
                        Map.of());
    }

    record Export(String course, String table, LocalDate snapshot) {
        Export {
            table = table.toLowerCase(Locale.ROOT);
        }
    }
}
