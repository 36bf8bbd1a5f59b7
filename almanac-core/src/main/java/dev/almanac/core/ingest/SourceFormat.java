package dev.almanac.core.ingest;

import dev.almanac.core.warehouse.SourceConfig;
import dev.almanac.spi.type.Field;
import dev.almanac.spi.type.PrimitiveType;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;

/**
 * A format Almanac lands. The runner stages the lines of a unit's files as
 * {@code STAGED(source_file, line_number, line)}; the format says, in SQL over that relation, which
 * rows go to the table and which lines are rejected and why. A format that {@linkplain
 * #classification classifies} lines has every line parsed once and kept as {@code CLASSIFIED}, and its
 * rows and rejects read that instead.
 */
interface SourceFormat {
    String STAGED = "almanac_staged_lines";

    String CLASSIFIED = "almanac_classified_lines";

    List<Field> STAGED_COLUMNS = List.of(
            Field.of("source_file", PrimitiveType.STRING),
            Field.of("line_number", PrimitiveType.BIGINT),
            Field.of("line", PrimitiveType.STRING));

    /**
     * Groups the files to load into units, each committed atomically. {@code found} is every file
     * of the source on disk, for formats whose unit is more than the changed files.
     */
    List<LoadUnit> units(SourceConfig source, List<Path> toLoad, List<Path> found, IngestContext context);

    /**
     * The unit as it should load into the table as it is now (empty: not created yet), e.g. with
     * values cast to the types earlier files gave the table's columns.
     */
    default LoadUnit prepare(LoadUnit unit, Optional<Table> table) {
        return unit;
    }

    /**
     * Whether the format's units share nothing but their table: no unit's rows depend on another's,
     * and {@link #afterCommit} does nothing. The runner may then read and write several units at
     * once, each on an engine session of its own, and commit them in order.
     */
    default boolean independentUnits() {
        return false;
    }

    /** Whether the runner stages the files' lines; a format that reads its files itself says no. */
    default boolean stagesLines() {
        return true;
    }

    /**
     * Whether the format's SQL itself rejects empty lines (NULL or blank {@code line}) with the
     * reason {@code 'empty line'}. Only then, and only for a format with a {@link #classification},
     * does the engine stage the files' lines itself: it stages every line, where the runner's own
     * reader sets empty ones aside.
     */
    default boolean rejectsEmptyLines() {
        return false;
    }

    /**
     * SQL over {@link #STAGED} giving every staged line exactly once, parsed, with the reason it
     * cannot load (NULL when it loads), in the order the table's rows should be written. The runner
     * keeps its rows as {@link #CLASSIFIED} before it reads {@link #rows} and {@link #rejects}, so a
     * line is read and parsed once however many statements use it. Empty: the format's rows and
     * rejects read {@link #STAGED} themselves.
     */
    default Optional<String> classification(LoadUnit unit) {
        return Optional.empty();
    }

    /** The columns the unit's table needs; missing ones are added to an existing table. */
    List<Field> columns(LoadUnit unit);

    Optional<String> partitionColumn();

    /**
     * The unit's table rows, one output column per {@link #columns(LoadUnit)} entry and named like
     * it. The runner matches them to the table's columns by name.
     */
    String rows(LoadUnit unit);

    /** The unit's rejected lines as {@code (source_file, line_number, raw_text, reason)}. */
    String rejects(LoadUnit unit);

    /**
     * The rows a unit's commit replaces. Empty: the data files that earlier loads of the unit's
     * files added (the right choice when a file's rows can land in any partition).
     */
    Optional<Expression> replaces(LoadUnit unit);

    /** Something worth telling about the unit's files, e.g. how their columns differ from the schema. */
    default Optional<String> note(LoadUnit unit) {
        return Optional.empty();
    }

    /** Work after the unit committed, e.g. folding it into a latest-state table. */
    default void afterCommit(LoadUnit unit, boolean replaced, IngestContext context) {}

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** The SQL type text values of {@code type} are cast to when a format reads text. */
    static String sqlType(PrimitiveType type) {
        return switch (type) {
            case BOOLEAN -> "BOOLEAN";
            case INTEGER -> "INTEGER";
            case BIGINT -> "BIGINT";
            case FLOAT -> "FLOAT";
            case DOUBLE -> "DOUBLE";
            case DATE -> "DATE";
            case TIMESTAMP -> "TIMESTAMP";
            case TIMESTAMPTZ -> "TIMESTAMPTZ";
            default -> "VARCHAR";
        };
    }

    /**
     * A {@code WHEN} arm of a reject reason: the text {@code raw} is present but its cast to the
     * column's type failed.
     */
    static String mismatch(String raw, String cast, String column, PrimitiveType type) {
        return " WHEN " + raw + " IS NOT NULL AND " + cast + " IS NULL THEN 'column " + column.replace("'", "''")
                + ": ''' || " + raw + " || ''' is not " + type.displayName() + "'";
    }
}
