package dev.almanac.core.ingest;

import static dev.almanac.core.ingest.SourceFormat.literal;

import dev.almanac.core.catalog.TableName;
import dev.almanac.core.catalog.TypeConversion;
import dev.almanac.core.warehouse.SourceConfig;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.type.DataType;
import dev.almanac.spi.type.Field;
import dev.almanac.spi.type.PrimitiveType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;

/**
 * Header-driven CSV files whose columns differ from file to file (surveys). Columns are matched to
 * the table by name (lower-cased, other characters made {@code _}); a column no file had before is
 * added to the table. A new column's type is inferred conservatively from the file (BOOLEAN,
 * BIGINT, DOUBLE, DATE, TIMESTAMP, else text); a value that does not fit its column's type, and a
 * row with the wrong number of fields, is quarantined with the reason. Each file is its own unit.
 */
final class CsvFormat implements SourceFormat {
    private static final String TYPE_CANDIDATES = "['BOOLEAN', 'BIGINT', 'DOUBLE', 'DATE', 'TIMESTAMP', 'VARCHAR']";
    private static final AtomicLong SCANS = new AtomicLong();

    @Override
    public boolean stagesLines() {
        return false;
    }

    @Override
    public List<LoadUnit> units(SourceConfig source, List<Path> toLoad, List<Path> found, IngestContext context) {
        TableName table = TableName.parse(source.table()
                .orElseThrow(() -> new AlmanacException(
                        ErrorCode.INVALID_CONFIGURATION,
                        "Source '" + source.name() + "' of kind csv needs a 'table'")));
        String delimiter = source.option("delimiter").orElse(",");
        List<LoadUnit> units = new ArrayList<>();
        for (Path file : toLoad) {
            List<Field> sniffed = context.session()
                    .engine()
                    .describe(
                            "SELECT * FROM "
                                    + reader(
                                            file,
                                            delimiter,
                                            "auto_type_candidates = " + TYPE_CANDIDATES + ", ignore_errors = true"),
                            List.of());
            List<String> encoded = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (Field field : sniffed) {
                String name = unique(normalize(field.name()), names);
                DataType type = field.type() instanceof PrimitiveType ? field.type() : PrimitiveType.STRING;
                encoded.add(encode(new CsvColumn(field.name(), name, (PrimitiveType) type)));
            }
            units.add(new LoadUnit(
                    table,
                    List.of(file),
                    Map.of(
                            "columns",
                            String.join("\u0002", encoded),
                            "delimiter",
                            delimiter,
                            "errors",
                            "almanac_csv_errors_" + SCANS.incrementAndGet())));
        }
        return units;
    }

    /** A column the table already has keeps the table's type; the file's values are cast to it. */
    @Override
    public LoadUnit prepare(LoadUnit unit, Optional<Table> table) {
        if (table.isEmpty()) {
            return unit;
        }
        Map<String, DataType> existing = new HashMap<>();
        TypeConversion.toFields(table.get().schema()).forEach(field -> existing.put(field.name(), field.type()));
        List<String> encoded = new ArrayList<>();
        for (CsvColumn column : columnsOf(unit)) {
            DataType type = existing.getOrDefault(column.name(), column.type());
            PrimitiveType primitive = type instanceof PrimitiveType value ? value : PrimitiveType.STRING;
            encoded.add(encode(new CsvColumn(column.header(), column.name(), primitive)));
        }
        Map<String, String> attributes = new HashMap<>(unit.attributes());
        attributes.put("columns", String.join("\u0002", encoded));
        return new LoadUnit(unit.table(), unit.files(), attributes);
    }

    private static String encode(CsvColumn column) {
        return column.header() + "\u0001" + column.name() + "\u0001"
                + column.type().name();
    }

    static String normalize(String header) {
        String name = header.strip()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_]+", "_")
                .replaceAll("^_+|_+$", "");
        if (name.isEmpty()) {
            name = "column";
        }
        return Character.isDigit(name.charAt(0)) ? "_" + name : name;
    }

    private static String unique(String name, Set<String> taken) {
        String candidate = name;
        for (int suffix = 2; !taken.add(candidate); suffix++) {
            candidate = name + "_" + suffix;
        }
        return candidate;
    }

    private static List<CsvColumn> columnsOf(LoadUnit unit) {
        List<CsvColumn> columns = new ArrayList<>();
        for (String encoded : unit.attribute("columns").split("\u0002")) {
            String[] parts = encoded.split("\u0001", -1);
            columns.add(new CsvColumn(parts[0], parts[1], PrimitiveType.valueOf(parts[2])));
        }
        return columns;
    }

    @Override
    public List<Field> columns(LoadUnit unit) {
        List<Field> fields = new ArrayList<>();
        for (CsvColumn column : columnsOf(unit)) {
            fields.add(Field.of(column.name(), column.type()));
        }
        fields.add(Field.of("source_file", PrimitiveType.STRING));
        return fields;
    }

    @Override
    public Optional<String> partitionColumn() {
        return Optional.empty();
    }

    @Override
    public String rows(LoadUnit unit) {
        List<String> projection = new ArrayList<>();
        List<CsvColumn> columns = columnsOf(unit);
        for (int i = 0; i < columns.size(); i++) {
            projection.add(
                    "v" + i + " AS " + SourceFormat.identifier(columns.get(i).name()));
        }
        projection.add(literal(unit.files().get(0).toString()) + " AS source_file");
        String options =
                "all_varchar = true, store_rejects = true, rejects_table = " + literal(unit.attribute("errors"))
                        + ", rejects_scan = " + literal(unit.attribute("errors") + "_scans");
        return classified(unit, options) + "SELECT " + String.join(", ", projection)
                + " FROM classified WHERE reason IS NULL";
    }

    @Override
    public String rejects(LoadUnit unit) {
        String file = literal(unit.files().get(0).toString());
        return classified(unit, "all_varchar = true, ignore_errors = true")
                + "SELECT " + file
                + ", NULL, to_json(raw_row)::VARCHAR, reason FROM classified WHERE reason IS NOT NULL"
                + " UNION ALL SELECT " + file + ", line, csv_line, error_message FROM " + unit.attribute("errors");
    }

    private static String classified(LoadUnit unit, String options) {
        List<CsvColumn> columns = columnsOf(unit);
        StringBuilder values = new StringBuilder();
        StringBuilder reasons = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            CsvColumn column = columns.get(i);
            String raw = "nullif(" + SourceFormat.identifier(column.header()) + ", '')";
            String cast = column.type() == PrimitiveType.STRING
                    ? raw
                    : "TRY_CAST(" + raw + " AS " + SourceFormat.sqlType(column.type()) + ")";
            values.append(", ").append(cast).append(" AS v").append(i);
            if (column.type() != PrimitiveType.STRING) {
                reasons.append(SourceFormat.mismatch(raw, cast, column.name(), column.type()));
            }
        }
        String read = reader(unit.files().get(0), unit.attribute("delimiter"), options);
        return "WITH source AS (SELECT * FROM " + read + ")"
                + ", typed AS (SELECT source AS raw_row" + values + ", "
                + (reasons.length() == 0 ? "NULL" : "CASE" + reasons + " END")
                + " AS reason FROM source)"
                + ", classified AS (SELECT * FROM typed)\n";
    }

    private static String reader(Path file, String delimiter, String options) {
        return "read_csv(" + literal(file.toString()) + ", header = true, delim = " + literal(delimiter)
                + ", quote = '\"', escape = '\"', " + options + ")";
    }

    @Override
    public Optional<Expression> replaces(LoadUnit unit) {
        return Optional.empty();
    }

    private record CsvColumn(String header, String name, PrimitiveType type) {}
}
