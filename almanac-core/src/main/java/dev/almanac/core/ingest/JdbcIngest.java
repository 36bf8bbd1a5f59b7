package dev.almanac.core.ingest;

import static java.util.Objects.requireNonNull;

import dev.almanac.core.catalog.TableName;
import dev.almanac.core.control.Leases;
import dev.almanac.core.ingest.FileOutcome.Action;
import dev.almanac.core.ingest.HighWaterMarks.HighWaterMark;
import dev.almanac.core.ingest.JdbcSourceOptions.Mode;
import dev.almanac.core.table.CommitContext;
import dev.almanac.core.table.LocalPaths;
import dev.almanac.core.table.SnapshotCommitter;
import dev.almanac.core.table.TableFiles;
import dev.almanac.core.warehouse.SourceConfig;
import dev.almanac.core.warehouse.Warehouse;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.type.Field;
import dev.almanac.spi.type.PrimitiveType;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * Lands a table or a query of a JDBC database (PostgreSQL, SQLite) in an Iceberg table, the
 * source's {@code table}, created from the source's columns on the first run (partitioned by
 * {@code dt} when the source has a DATE column of that name) and given columns the source gains.
 *
 * <p>Mode {@code full} (the default) replaces the whole table on every run, in one snapshot. Mode
 * {@code incremental} appends the rows whose {@code incremental-column} is greater than the
 * high-water mark, the largest value landed so far, and moves the mark to the largest value it
 * read. The comparison is strict, so the column must give every new row a value larger than any
 * landed before (a sequence, an insertion time): a row that arrives later with a value equal to or
 * below the mark is never landed. Rows whose incremental column is NULL are never landed. Without
 * a mark (the first run, or after a full load or a change of column) an incremental run lands all
 * rows, replacing the table.
 *
 * <p>The mark is recorded in the control database and in the summary of the snapshot that landed
 * it ({@value #SOURCE_PROPERTY}, {@value #HIGH_WATER_PROPERTY}). The table is the truth: a run
 * killed after committing but before recording the mark is repaired from the table's newest
 * snapshot of the source on the next run. A lease keeps two processes from landing a source at
 * once.
 */
public final class JdbcIngest {
    public static final String SOURCE_PROPERTY = "almanac.ingest.source";
    public static final String HIGH_WATER_PROPERTY = "almanac.ingest.high-water";
    public static final String HIGH_WATER_COLUMN_PROPERTY = "almanac.ingest.high-water-column";
    private static final String STAGED = "almanac_staged_jdbc_rows";
    private static final String PARTITION_COLUMN = "dt";

    private final Warehouse warehouse;
    private final Engine engine;
    private final String principal;
    private final Clock clock;
    private final Map<String, String> environment;
    private final Leases leases;
    private final SnapshotCommitter committer;
    private final HighWaterMarks marks;
    private final String owner;

    public JdbcIngest(
            Warehouse warehouse, Engine engine, String principal, Clock clock, Map<String, String> environment) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.principal = requireNonNull(principal, "principal is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
        this.leases = new Leases(warehouse.controlDatabase(), clock, Duration.ofSeconds(30));
        this.committer = new SnapshotCommitter(warehouse.provenance(), clock);
        this.marks = new HighWaterMarks(warehouse.controlDatabase(), clock);
        this.owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
    }

    /**
     * Lands the source once. Returns a report with one outcome, or a skipped report when another
     * process is landing the source. Throws {@link AlmanacException} when the source's options are
     * wrong or its database cannot be read; nothing is committed then.
     */
    public SourceReport ingest(SourceConfig source) {
        Instant started = clock.instant();
        JdbcSourceOptions options = JdbcSourceOptions.parse(source, warehouse.directory(), environment);
        String leaseName = "ingest:" + source.name();
        Optional<Leases.Lease> lease = leases.tryAcquire(leaseName, owner);
        if (lease.isEmpty()) {
            String reason = "being ingested by " + leases.holder(leaseName).orElse("another process");
            return new SourceReport(source.name(), List.of(), Duration.ZERO, Optional.of(reason));
        }
        try (Leases.Lease held = lease.get()) {
            FileOutcome outcome = load(options, held, started);
            return new SourceReport(
                    source.name(), List.of(outcome), Duration.between(started, clock.instant()), Optional.empty());
        }
    }

    private FileOutcome load(JdbcSourceOptions options, Leases.Lease lease, Instant started) {
        Optional<Table> existing = existingTable(options.target());
        Optional<KnownMark> known =
                options.mode() == Mode.INCREMENTAL ? knownMark(options, existing) : Optional.empty();
        Optional<Long> sourceSnapshot = existing.flatMap(table -> newestOfSource(table, options.source()))
                .map(Snapshot::snapshotId);
        List<DataFile> written = new ArrayList<>();
        boolean staged = false;
        boolean committing = false;
        try {
            Table table;
            List<Field> columns;
            Optional<Field> incremental;
            Optional<String> mark = Optional.empty();
            String statement;
            List<String> parameters = new ArrayList<>();
            long rows;
            try (JdbcSource database = JdbcSource.open(options)) {
                columns = database.columns();
                incremental = options.incrementalColumn().map(database::incrementalColumn);
                Optional<Object> after =
                        known.map(value -> parameter(options, value.value(), incremental.orElseThrow()));
                if (incremental.isPresent()) {
                    mark = database.maximum(incremental.get(), after);
                }
                table = IngestTables.ensure(warehouse.catalog(), options.target(), columns, partitionColumn(columns));
                if (incremental.isPresent() && mark.isEmpty()) {
                    return new FileOutcome(
                            options.description(),
                            Action.LOADED,
                            0,
                            0,
                            0,
                            Optional.of(note(incremental.get(), known, mark)));
                }
                Optional<Object> upTo = mark.map(value -> parameter(options, value, incremental.orElseThrow()));
                known.ifPresent(value -> parameters.add(value.value()));
                mark.ifPresent(parameters::add);
                statement = database.readStatement(incremental, after.isPresent());
                staged = true;
                rows = database.read(incremental, after, upTo, batch -> engine.stage(STAGED, columns, batch));
            }
            written.addAll(TableFiles.write(
                    engine, table, TableFiles.byName("SELECT * FROM " + STAGED, columns, table), List.of(), Map.of()));
            boolean replace = options.mode() == Mode.FULL || known.isEmpty();
            boolean replacing = replace && table.currentSnapshot() != null;
            String sql = "ingest " + options.source() + " from " + options.description() + ": " + statement
                    + (parameters.isEmpty() ? "" : " " + parameters);
            CommitContext context = new CommitContext("ingest", principal, sql, started, 0, Map.of());
            Optional<HighWaterMark> next = mark.map(
                    value -> new HighWaterMark(incremental.orElseThrow().name(), value, 0));
            lease.check();
            committing = true;
            long snapshot = commit(options, table, written, replace, sourceSnapshot, next, context);
            next.ifPresent(value ->
                    marks.record(options.source(), new HighWaterMark(value.column(), value.value(), snapshot)));
            String note = incremental
                    .map(column -> note(column, known, next.map(HighWaterMark::value)))
                    .orElse("full load");
            return new FileOutcome(
                    options.description(), replacing ? Action.REPLACED : Action.LOADED, 0, rows, 0, Optional.of(note));
        } catch (RuntimeException e) {
            if (!committing
                    || (e instanceof AlmanacException failure && failure.code() == ErrorCode.CONCURRENT_WRITE)) {
                deleteQuietly(written);
            }
            throw e;
        } finally {
            if (staged) {
                engine.dropStaged(STAGED);
            }
        }
    }

    private Optional<Table> existingTable(TableName name) {
        if (!warehouse.catalog().tableExists(name.identifier())) {
            return Optional.empty();
        }
        return Optional.of(warehouse.catalog().loadTable(name.identifier()));
    }

    /**
     * The mark the table holds: from the summary of its newest snapshot of this source, repairing the
     * control database when that differs (a run died between committing and recording); from the
     * control database alone when the table no longer has such a snapshot (expired). None when the
     * table has no rows of this source past a mark of the configured column.
     */
    private Optional<KnownMark> knownMark(JdbcSourceOptions options, Optional<Table> table) {
        String column = options.incrementalColumn().orElseThrow();
        Optional<HighWaterMark> recorded = marks.find(options.source());
        if (table.isEmpty() || table.get().currentSnapshot() == null) {
            recorded.ifPresent(stale -> marks.clear(options.source()));
            return Optional.empty();
        }
        Optional<Snapshot> newest = newestOfSource(table.get(), options.source());
        if (newest.isEmpty()) {
            return recorded.filter(mark -> mark.column().equalsIgnoreCase(column))
                    .map(mark -> new KnownMark(mark.value(), Optional.empty()));
        }
        Map<String, String> summary = newest.get().summary();
        String value = summary.get(HIGH_WATER_PROPERTY);
        String markColumn = summary.get(HIGH_WATER_COLUMN_PROPERTY);
        if (value == null || markColumn == null || !markColumn.equalsIgnoreCase(column)) {
            recorded.ifPresent(stale -> marks.clear(options.source()));
            return Optional.empty();
        }
        HighWaterMark committed =
                new HighWaterMark(markColumn, value, newest.get().snapshotId());
        if (recorded.equals(Optional.of(committed))) {
            return Optional.of(new KnownMark(value, Optional.empty()));
        }
        marks.record(options.source(), committed);
        return Optional.of(new KnownMark(value, Optional.of(newest.get().snapshotId())));
    }

    /** The newest snapshot, in the current snapshot's history, that this source committed. */
    private static Optional<Snapshot> newestOfSource(Table table, String source) {
        if (table.currentSnapshot() == null) {
            return Optional.empty();
        }
        for (Snapshot snapshot :
                SnapshotUtil.ancestorsOf(table.currentSnapshot().snapshotId(), table::snapshot)) {
            if (source.equals(snapshot.summary().get(SOURCE_PROPERTY))) {
                return Optional.of(snapshot);
            }
        }
        return Optional.empty();
    }

    private static Object parameter(JdbcSourceOptions options, String mark, Field column) {
        try {
            return JdbcTypes.parameter(mark, column.type(), options.sqlite());
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new AlmanacException(
                    ErrorCode.INVALID_CONFIGURATION,
                    "Source '" + options.source() + "': the high-water mark '" + mark + "' is no "
                            + column.type().displayName() + " value of incremental-column '" + column.name()
                            + "' (did the column's type change?); run once with mode: full to land all rows again",
                    e);
        }
    }

    private static Optional<String> partitionColumn(List<Field> columns) {
        return columns.stream()
                .filter(column -> column.name().equals(PARTITION_COLUMN) && column.type() == PrimitiveType.DATE)
                .findFirst()
                .map(Field::name);
    }

    private static String note(Field column, Optional<KnownMark> known, Optional<String> mark) {
        String name = column.name();
        String note;
        if (known.isEmpty()) {
            note = mark.map(value -> "incremental, first load: " + name + " up to " + value)
                    .orElse("incremental, first load: no rows with a " + name);
        } else {
            String from = "incremental from " + name + " > " + known.get().value();
            note = mark.map(value -> from + " up to " + value).orElse(from + ": no new rows");
        }
        return note
                + known.flatMap(KnownMark::recoveredFrom)
                        .map(snapshot -> "; high-water mark recovered from snapshot " + snapshot)
                        .orElse("");
    }

    /** Projects the staged rows onto the table's columns by name; columns the source lacks are NULL. */
    /**
     * Commits the files: replacing every row of the table, or appended. Refuses when another run of
     * the source committed since this one read its mark (a lost lease), so rows are never appended
     * twice.
     */
    private long commit(
            JdbcSourceOptions options,
            Table table,
            List<DataFile> files,
            boolean replace,
            Optional<Long> sourceSnapshot,
            Optional<HighWaterMark> mark,
            CommitContext context) {
        table.refresh();
        if (!newestOfSource(table, options.source()).map(Snapshot::snapshotId).equals(sourceSnapshot)) {
            throw new AlmanacException(
                    ErrorCode.CONCURRENT_WRITE,
                    "Another run of source '" + options.source() + "' committed to " + options.target()
                            + " while this one read; nothing was written. Run the ingest again.");
        }
        long base = Optional.ofNullable(table.currentSnapshot())
                .map(Snapshot::snapshotId)
                .orElse(-1L);
        return committer
                .commit(
                        options.target().toString(),
                        table,
                        current -> {
                            SnapshotUpdate<?> update;
                            if (replace) {
                                OverwriteFiles overwrite =
                                        current.newOverwrite().overwriteByRowFilter(Expressions.alwaysTrue());
                                if (base >= 0) {
                                    overwrite
                                            .validateFromSnapshot(base)
                                            .conflictDetectionFilter(Expressions.alwaysTrue())
                                            .validateNoConflictingData();
                                }
                                files.forEach(overwrite::addFile);
                                update = overwrite;
                            } else {
                                AppendFiles append = current.newAppend();
                                files.forEach(append::appendFile);
                                update = append;
                            }
                            update.set(SOURCE_PROPERTY, options.source());
                            mark.ifPresent(value -> {
                                update.set(HIGH_WATER_PROPERTY, value.value());
                                update.set(HIGH_WATER_COLUMN_PROPERTY, value.column());
                            });
                            return update;
                        },
                        files,
                        context)
                .snapshotId();
    }

    /** Files no snapshot references; a failure to delete one leaves an orphan, never wrong data. */
    private static void deleteQuietly(List<DataFile> files) {
        for (DataFile file : files) {
            try {
                Files.deleteIfExists(LocalPaths.toPath(file.location()));
            } catch (IOException e) {
                // an orphan file costs disk space only; the run's own error is the one to report
                continue;
            }
        }
    }

    /** The mark a run starts from, and the snapshot it was recovered from when the control database lacked it. */
    private record KnownMark(String value, Optional<Long> recoveredFrom) {
        KnownMark {
            requireNonNull(value, "value is null");
            requireNonNull(recoveredFrom, "recoveredFrom is null");
        }
    }
}
