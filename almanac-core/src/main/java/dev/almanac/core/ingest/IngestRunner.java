package dev.almanac.core.ingest;

import static java.util.Objects.requireNonNull;

import dev.almanac.core.catalog.TableName;
import dev.almanac.core.control.Leases;
import dev.almanac.core.engine.Engines;
import dev.almanac.core.ingest.FileOutcome.Action;
import dev.almanac.core.ingest.ManifestEntry.Status;
import dev.almanac.core.ingest.SourceDiscovery.FoundFile;
import dev.almanac.core.sql.SqlSession;
import dev.almanac.core.table.CommitContext;
import dev.almanac.core.table.LocalPaths;
import dev.almanac.core.table.SnapshotCommitter;
import dev.almanac.core.table.TableFiles;
import dev.almanac.core.warehouse.SourceConfig;
import dev.almanac.core.warehouse.SourceKind;
import dev.almanac.core.warehouse.Warehouse;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.engine.EngineContext;
import dev.almanac.spi.engine.QueryResult;
import dev.almanac.spi.type.Field;
import dev.almanac.spi.type.PrimitiveType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Lands the files of the warehouse's sources exactly once. Each source is worked on by one process
 * at a time (a lease in the control database). Each file is loaded under a fresh claim: the claim
 * is recorded with the file before anything is written, travels in the summary of the snapshots
 * that commit the file's rows, and is how a run that was killed between committing and recording
 * is recognised. A file whose content changed replaces the data files its earlier load added, in
 * the same commit that adds the new ones.
 */
public final class IngestRunner {
    public static final String CLAIM_PROPERTY = "almanac.ingest.claim";
    private static final String ROWS_PROPERTY = "almanac.rows-written";
    private static final String REJECTS = "almanac_rejected_lines";
    private static final List<Field> REJECT_COLUMNS = List.of(
            Field.of("source_file", PrimitiveType.STRING),
            Field.of("line_number", PrimitiveType.BIGINT),
            Field.of("raw_text", PrimitiveType.STRING),
            Field.of("reason", PrimitiveType.STRING));

    private final Warehouse warehouse;
    private final Engine engine;
    private final String principal;
    private final Clock clock;
    private final IngestListener listener;
    private final FileManifest manifest;
    private final Leases leases;
    private final SnapshotCommitter committer;
    private final String owner;
    private final Map<String, String> environment;
    private SqlSession session;

    public IngestRunner(Warehouse warehouse, Engine engine, String principal, Clock clock, IngestListener listener) {
        this(warehouse, engine, principal, clock, listener, Map.of());
    }

    /** {@code environment} supplies the passwords that JDBC sources name with {@code password-env}. */
    public IngestRunner(
            Warehouse warehouse,
            Engine engine,
            String principal,
            Clock clock,
            IngestListener listener,
            Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.engine = NativeSqlEngine.wrap(requireNonNull(engine, "engine is null"));
        this.principal = requireNonNull(principal, "principal is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.listener = requireNonNull(listener, "listener is null");
        this.manifest = new FileManifest(warehouse.controlDatabase(), clock);
        this.leases = new Leases(warehouse.controlDatabase(), clock, Duration.ofSeconds(30));
        this.committer = new SnapshotCommitter(warehouse.provenance(), clock);
        this.owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
    }

    /** Ingests the named sources (all when none are named). */
    public List<SourceReport> run(List<String> names, boolean dryRun) {
        List<SourceConfig> sources = new ArrayList<>();
        if (names.isEmpty()) {
            sources.addAll(warehouse.config().sources());
            if (sources.isEmpty()) {
                throw new AlmanacException(
                        ErrorCode.INVALID_CONFIGURATION,
                        "No sources are declared in almanac.yaml; add one under 'sources:' (see the comments there)");
            }
        }
        for (String name : names) {
            sources.add(warehouse
                    .config()
                    .source(name)
                    .orElseThrow(() -> new AlmanacException(
                            ErrorCode.INVALID_ARGUMENT,
                            "Unknown source '" + name + "'; almanac.yaml declares: "
                                    + String.join(
                                            ", ",
                                            warehouse.config().sources().stream()
                                                    .map(SourceConfig::name)
                                                    .toList()))));
        }
        List<SourceReport> reports = new ArrayList<>();
        for (SourceConfig source : sources) {
            reports.add(ingest(source, dryRun));
        }
        return reports;
    }

    private SourceReport ingest(SourceConfig source, boolean dryRun) {
        if (source.kind() == SourceKind.JDBC) {
            if (dryRun) {
                return new SourceReport(
                        source.name(), List.of(), Duration.ZERO, Optional.of("a database source has no files to list"));
            }
            SourceReport report = new JdbcIngest(warehouse, engine, principal, clock, environment).ingest(source);
            report.files().forEach(outcome -> listener.fileFinished(source.name(), outcome));
            return report;
        }
        Instant started = clock.instant();
        SourceFormat format = format(source);
        double maxErrorRate = maxErrorRate(source);
        int parallelism = parallelism(source);
        Optional<Leases.Lease> lease = leases.tryAcquire("ingest:" + source.name(), owner);
        if (lease.isEmpty()) {
            String reason = "being ingested by "
                    + leases.holder("ingest:" + source.name()).orElse("another process");
            listener.sourceSkipped(source.name(), reason);
            return new SourceReport(source.name(), List.of(), Duration.ZERO, Optional.of(reason));
        }
        try (Leases.Lease held = lease.get()) {
            TableName quarantineName = TableName.of(List.of("quarantine", source.name()));
            Table quarantine = IngestTables.ensure(
                    warehouse.catalog(), quarantineName, IngestTables.QUARANTINE_COLUMNS, Optional.empty());
            Map<String, ManifestEntry> entries = reconcile(source.name(), quarantine, quarantineName);
            List<FoundFile> found = SourceDiscovery.find(warehouse.directory(), source.location());
            Map<String, Planned> planned = plan(source, entries, found);
            listener.sourceStarted(
                    source.name(),
                    planned.size(),
                    planned.values().stream()
                            .mapToLong(file -> file.found().sizeBytes())
                            .sum());
            List<FileOutcome> outcomes = new ArrayList<>();
            if (dryRun) {
                for (Planned file : planned.values()) {
                    FileOutcome outcome = new FileOutcome(
                            file.found().path().toString(),
                            Action.PENDING,
                            file.found().sizeBytes(),
                            0,
                            0,
                            Optional.of(file.replacing() ? "changed since its last load" : "new"));
                    listener.fileFinished(source.name(), outcome);
                    outcomes.add(outcome);
                }
            } else {
                List<Path> toLoad = planned.values().stream()
                        .map(file -> file.found().path())
                        .toList();
                List<Path> all = found.stream().map(FoundFile::path).toList();
                List<LoadUnit> units =
                        format.units(source, toLoad, all, new IngestContext(warehouse.catalog(), session()));
                outcomes.addAll(loadUnits(
                        new SourceLoad(source, format, planned, quarantine, quarantineName, maxErrorRate, held),
                        units,
                        parallelism));
            }
            return new SourceReport(
                    source.name(), outcomes, Duration.between(started, clock.instant()), Optional.empty());
        }
    }

    private static SourceFormat format(SourceConfig source) {
        return switch (source.kind()) {
            case EDX_TRACKING_LOG -> new TrackingLogFormat();
            case ENTITY_DUMP -> new EntityDumpFormat();
            case EDX_SQL_EXPORT -> new EdxSqlExportFormat();
            case CSV -> new CsvFormat();
            case JDBC -> throw new IllegalStateException("JDBC sources are not file based");
        };
    }

    private static double maxErrorRate(SourceConfig source) {
        String text = source.option("max-error-rate").orElse("1");
        try {
            double rate = Double.parseDouble(text);
            if (rate < 0 || rate > 1) {
                throw new NumberFormatException();
            }
            return rate;
        } catch (NumberFormatException e) {
            throw new AlmanacException(
                    ErrorCode.INVALID_CONFIGURATION,
                    "Source '" + source.name() + "': max-error-rate must be a number from 0 to 1, not '" + text + "'");
        }
    }

    /**
     * Settles entries left LOADING by a run that died: committed (its claim is in the history of a
     * table it recorded data files for) means loaded; otherwise the file is loaded again.
     */
    private Map<String, ManifestEntry> reconcile(String source, Table quarantine, TableName quarantineName) {
        Map<String, ManifestEntry> entries = manifest.entries(source);
        boolean changed = false;
        for (ManifestEntry entry : entries.values()) {
            if (entry.status() != Status.LOADING) {
                continue;
            }
            for (String tableName : manifest.claimTables(entry.claim())) {
                if (tableName.equals(quarantineName.toString())
                        || !warehouse
                                .catalog()
                                .tableExists(TableName.parse(tableName).identifier())) {
                    continue;
                }
                Table table =
                        warehouse.catalog().loadTable(TableName.parse(tableName).identifier());
                Optional<Snapshot> committed = snapshotWithClaim(table, entry.claim());
                if (committed.isPresent()) {
                    long rows = Long.parseLong(committed.get().summary().getOrDefault(ROWS_PROPERTY, "0"));
                    long quarantined = snapshotWithClaim(quarantine, entry.claim())
                            .map(snapshot -> Long.parseLong(snapshot.summary().getOrDefault(ROWS_PROPERTY, "0")))
                            .orElse(0L);
                    manifest.markLoaded(
                            source,
                            entry.path(),
                            entry.claim(),
                            committed.get().snapshotId(),
                            rows,
                            quarantined,
                            Optional.of("recovered after an interrupted run"));
                    changed = true;
                }
            }
        }
        return changed ? manifest.entries(source) : entries;
    }

    private static Optional<Snapshot> snapshotWithClaim(Table table, String claim) {
        table.refresh();
        for (Snapshot snapshot : table.snapshots()) {
            if (claim.equals(snapshot.summary().get(CLAIM_PROPERTY))) {
                return Optional.of(snapshot);
            }
        }
        return Optional.empty();
    }

    private Map<String, Planned> plan(SourceConfig source, Map<String, ManifestEntry> entries, List<FoundFile> found) {
        Map<String, Planned> planned = new LinkedHashMap<>();
        for (FoundFile file : found) {
            ManifestEntry entry = entries.get(file.path().toString());
            if (entry == null) {
                planned.put(file.path().toString(), new Planned(file, false));
                continue;
            }
            boolean sameStamp =
                    entry.sizeBytes() == file.sizeBytes() && entry.modifiedAt().equals(file.modifiedAt());
            if (entry.status() == Status.LOADED && sameStamp) {
                continue;
            }
            if (entry.status() == Status.LOADED) {
                SourceFile fingerprint = file.fingerprint();
                if (fingerprint.sha256().equals(entry.sha256())) {
                    manifest.touch(source.name(), fingerprint);
                    continue;
                }
            }
            planned.put(
                    file.path().toString(), new Planned(file, entry.snapshotId().isPresent()));
        }
        return planned;
    }

    /**
     * Loads the units in order. The units of a format whose units are independent are read and
     * written by the source's {@code parallelism} new sessions of the landing engine at once, one
     * thread each (reading and parsing one file runs on one thread anyway); claims and commits still
     * happen here, one unit at a time, in order.
     */
    private List<FileOutcome> loadUnits(SourceLoad load, List<LoadUnit> units, int parallelism) {
        List<FileOutcome> outcomes = new ArrayList<>();
        int sessions = Math.min(parallelism, units.size());
        if (sessions <= 1 || !load.format().independentUnits() || !engine.name().equals(Engines.LANDING)) {
            for (LoadUnit unit : units) {
                Claimed claimed = claim(load, unit);
                outcomes.addAll(finish(load, claimed, () -> write(load, claimed, engine)));
            }
            return outcomes;
        }
        // one thread a session: side by side, sessions of one thread each spent a quarter less CPU than
        // sessions that each used every core, for the same files
        Map<String, String> settings = new LinkedHashMap<>(warehouse.config().duckdbEngineProperties());
        settings.put("duckdb.threads", "1");
        EngineContext context = new EngineContext(warehouse.temporaryDirectory(), settings);
        try (EngineSessions side =
                new EngineSessions(sessions, () -> NativeSqlEngine.wrap(Engines.create(Engines.LANDING, context)))) {
            List<Claimed> claims = new ArrayList<>();
            List<Future<Written>> writes = new ArrayList<>();
            for (LoadUnit unit : units) {
                Claimed claimed = claim(load, unit);
                claims.add(claimed);
                writes.add(side.submit(session -> write(load, claimed, session)));
            }
            for (int i = 0; i < claims.size(); i++) {
                Future<Written> written = writes.get(i);
                outcomes.addAll(finish(load, claims.get(i), () -> side.await(written)));
            }
        }
        return outcomes;
    }

    /** Commits a written unit, or marks it failed, and tells the listener. */
    private List<FileOutcome> finish(SourceLoad load, Claimed claimed, Supplier<Written> written) {
        List<FileOutcome> outcomes;
        try {
            outcomes = commit(load, claimed, written.get());
        } catch (AlmanacException | UncheckedIOException e) {
            outcomes = failed(load.source(), claimed, e);
        }
        outcomes.forEach(outcome -> listener.fileFinished(load.source().name(), outcome));
        return outcomes;
    }

    private static int parallelism(SourceConfig source) {
        int processors = Runtime.getRuntime().availableProcessors();
        String text = source.option("parallelism").orElse(Integer.toString(Math.min(processors, 4)));
        try {
            int parallelism = Integer.parseInt(text);
            if (parallelism < 1) {
                throw new NumberFormatException();
            }
            return parallelism;
        } catch (NumberFormatException e) {
            throw new AlmanacException(
                    ErrorCode.INVALID_CONFIGURATION,
                    "Source '" + source.name() + "': parallelism must be a whole number of at least 1, not '" + text
                            + "'");
        }
    }

    /** Fingerprints the unit's files and records them as being loaded under a fresh claim. */
    private Claimed claim(SourceLoad load, LoadUnit plannedUnit) {
        SourceConfig source = load.source();
        SourceFormat format = load.format();
        Map<String, Planned> planned = load.planned();
        Instant started = clock.instant();
        Optional<Table> existing = warehouse
                        .catalog()
                        .tableExists(plannedUnit.table().identifier())
                ? Optional.of(warehouse.catalog().loadTable(plannedUnit.table().identifier()))
                : Optional.empty();
        LoadUnit unit = format.prepare(plannedUnit, existing);
        String claim = UUID.randomUUID().toString();
        List<SourceFile> files = new ArrayList<>();
        for (Path path : unit.files()) {
            SourceFile file = SourceDiscovery.fingerprint(path);
            manifest.claim(source.name(), file, claim);
            files.add(file);
        }
        boolean replacing = unit.files().stream()
                .anyMatch(path -> !planned.containsKey(path.toString())
                        || planned.get(path.toString()).replacing());
        Optional<Table> table = Optional.empty();
        Optional<RuntimeException> failure = Optional.empty();
        try {
            table = Optional.of(IngestTables.ensure(
                    warehouse.catalog(), unit.table(), format.columns(unit), format.partitionColumn()));
        } catch (AlmanacException | UncheckedIOException e) {
            failure = Optional.of(e);
        }
        return new Claimed(unit, claim, files, replacing, table, failure, started);
    }

    /**
     * Stages the unit's lines and writes its rows and rejects as data files, on {@code session};
     * nothing is committed. Deletes what it wrote when it fails.
     */
    private static Written write(SourceLoad load, Claimed claimed, Engine session) {
        SourceFormat format = load.format();
        if (claimed.failure().isPresent()) {
            throw claimed.failure().get();
        }
        Table table = claimed.table().orElseThrow();
        LoadUnit unit = claimed.unit();
        List<DataFile> written = new ArrayList<>();
        try {
            Map<String, LineReader> readers = Map.of();
            List<List<Object>> rejected = new ArrayList<>();
            long staged = -1;
            if (format.stagesLines()) {
                LineStaging.Staged lines = LineStaging.stage(session, format, unit);
                staged = lines.count();
                readers = lines.readers();
                readers.forEach((path, reader) -> reader.rejected()
                        .forEach(line -> rejected.add(List.of(path, line.number(), line.text(), line.reason()))));
                lines.undecodable()
                        .forEach(line ->
                                rejected.add(List.of(line.file(), line.number(), line.text(), LineReader.UNDECODABLE)));
            }
            session.stage(REJECTS, REJECT_COLUMNS, rejected.iterator());
            List<DataFile> rows = TableFiles.writeStaged(
                    session, table, TableFiles.byName(format.rows(unit), format.columns(unit), table));
            written.addAll(rows);
            long rowCount = rows.stream().mapToLong(DataFile::recordCount).sum();
            // when every staged line became a row, only lines the reader set aside can be rejects
            boolean everyLineLoaded = staged >= 0 && rowCount == staged;
            List<DataFile> rejects = everyLineLoaded && rejected.isEmpty()
                    ? List.of()
                    : TableFiles.write(
                            session,
                            load.quarantine(),
                            (everyLineLoaded ? "" : format.rejects(unit) + "\nUNION ALL ")
                                    + "SELECT source_file, line_number, raw_text, reason FROM " + REJECTS,
                            List.of(),
                            Map.of());
            written.addAll(rejects);
            return new Written(
                    rows,
                    rejects,
                    readers,
                    countByFile(session, rows, "source_file"),
                    countByFile(session, rejects, "source_file"));
        } catch (RuntimeException e) {
            deleteQuietly(written);
            throw e;
        } finally {
            session.dropStaged(SourceFormat.CLASSIFIED);
            session.dropStaged(SourceFormat.STAGED);
            session.dropStaged(REJECTS);
        }
    }

    /**
     * Checks the written unit against {@code max-error-rate}, records its data files under the
     * claim, commits the rejects and the rows (replacing what earlier loads of the same files gave)
     * and marks the files loaded.
     */
    private List<FileOutcome> commit(SourceLoad load, Claimed claimed, Written written) {
        SourceConfig source = load.source();
        SourceFormat format = load.format();
        Table quarantine = load.quarantine();
        TableName quarantineName = load.quarantineName();
        double maxErrorRate = load.maxErrorRate();
        LoadUnit unit = claimed.unit();
        List<SourceFile> files = claimed.files();
        String claim = claimed.claim();
        Table table = claimed.table().orElseThrow();
        List<DataFile> rows = written.rows();
        List<DataFile> rejects = written.rejects();
        boolean committed = false;
        try {
            long rowCount = rows.stream().mapToLong(DataFile::recordCount).sum();
            long rejectCount = rejects.stream().mapToLong(DataFile::recordCount).sum();
            long total = rowCount + rejectCount;
            if (total > 0 && (double) rejectCount / total > maxErrorRate) {
                String error = String.format(
                        Locale.ROOT,
                        "%d of %d lines are bad (%.2f%%), above max-error-rate %s; fix the file or raise the limit",
                        rejectCount,
                        total,
                        100.0 * rejectCount / total,
                        maxErrorRate);
                deleteQuietly(written.files());
                files.forEach(file -> manifest.markFailed(source.name(), file.path(), claim, error));
                return outcomes(files, Action.FAILED, Map.of(), Map.of(), Optional.of(error));
            }
            for (SourceFile file : files) {
                // a unit's files are always loaded together, so each stands for all of the unit's data files
                manifest.recordDataFiles(
                        claim, source.name(), file.path(), quarantineName.toString(), locations(rejects));
                manifest.recordDataFiles(
                        claim, source.name(), file.path(), unit.table().toString(), locations(rows));
            }
            load.lease().check();
            CommitContext context = new CommitContext(
                    "ingest",
                    principal,
                    "ingest " + source.name() + " "
                            + String.join(
                                    " ", files.stream().map(SourceFile::path).toList()),
                    claimed.started(),
                    claimed.bytes(),
                    Map.of());
            quarantine.refresh();
            List<DataFile> replacedRejects =
                    committedDataFiles(quarantine, previousDataFiles(source, files, quarantineName), rejects);
            if (!rejects.isEmpty() || !replacedRejects.isEmpty()) {
                replace(quarantineName, quarantine, replacedRejects, Optional.empty(), rejects, claim, context);
            }
            Optional<Expression> filter = format.replaces(unit);
            List<DataFile> replacedRows = filter.isPresent()
                    ? List.of()
                    : committedDataFiles(table, previousDataFiles(source, files, unit.table()), rows);
            long snapshot = replace(unit.table(), table, replacedRows, filter, rows, claim, context);
            committed = true;
            Map<String, Optional<String>> notes = new HashMap<>();
            Optional<String> unitNote = format.note(unit);
            for (SourceFile file : files) {
                Optional<String> breakage =
                        Optional.ofNullable(written.readers().get(file.path())).flatMap(LineReader::breakage);
                notes.put(file.path(), joined(breakage, unitNote));
            }
            for (SourceFile file : files) {
                manifest.markLoaded(
                        source.name(),
                        file.path(),
                        claim,
                        snapshot,
                        written.rowsByFile().getOrDefault(file.path(), 0L),
                        written.rejectsByFile().getOrDefault(file.path(), 0L),
                        notes.getOrDefault(file.path(), Optional.empty()));
            }
            format.afterCommit(unit, claimed.replacing(), new IngestContext(warehouse.catalog(), session()));
            return outcomes(
                    files,
                    claimed.replacing() ? Action.REPLACED : Action.LOADED,
                    written.rowsByFile(),
                    written.rejectsByFile(),
                    Optional.empty(),
                    notes);
        } catch (AlmanacException | UncheckedIOException e) {
            if (committed) {
                return outcomes(files, Action.FAILED, Map.of(), Map.of(), Optional.of(e.getMessage()));
            }
            deleteQuietly(written.files());
            return failed(source, claimed, e);
        }
    }

    /** Marks a unit that did not commit as failed, so that the next run loads it again. */
    private List<FileOutcome> failed(SourceConfig source, Claimed claimed, RuntimeException e) {
        String error = e.getMessage();
        claimed.files().forEach(file -> manifest.markFailed(source.name(), file.path(), claimed.claim(), error));
        return outcomes(claimed.files(), Action.FAILED, Map.of(), Map.of(), Optional.of(error));
    }

    private static Optional<String> joined(Optional<String> first, Optional<String> second) {
        if (first.isPresent() && second.isPresent()) {
            return Optional.of(first.get() + "; " + second.get());
        }
        return first.or(() -> second);
    }

    private SqlSession session() {
        if (session == null) {
            session = new SqlSession(warehouse, engine, principal, clock);
        }
        return session;
    }

    private List<String> previousDataFiles(SourceConfig source, List<SourceFile> files, TableName table) {
        List<String> previous = new ArrayList<>();
        for (SourceFile file : files) {
            previous.addAll(manifest.dataFiles(source.name(), file.path(), table.toString()));
        }
        return previous;
    }

    private static List<FileOutcome> outcomes(
            List<SourceFile> files,
            Action action,
            Map<String, Long> rows,
            Map<String, Long> rejects,
            Optional<String> note) {
        return outcomes(files, action, rows, rejects, note, Map.of());
    }

    private static List<FileOutcome> outcomes(
            List<SourceFile> files,
            Action action,
            Map<String, Long> rows,
            Map<String, Long> rejects,
            Optional<String> note,
            Map<String, Optional<String>> notes) {
        return files.stream()
                .map(file -> new FileOutcome(
                        file.path(),
                        action,
                        file.sizeBytes(),
                        rows.getOrDefault(file.path(), 0L),
                        rejects.getOrDefault(file.path(), 0L),
                        note.or(() -> notes.getOrDefault(file.path(), Optional.empty()))))
                .toList();
    }

    private long replace(
            TableName name,
            Table table,
            List<DataFile> removed,
            Optional<Expression> filter,
            List<DataFile> added,
            String claim,
            CommitContext context) {
        long base = Optional.ofNullable(table.currentSnapshot())
                .map(Snapshot::snapshotId)
                .orElse(-1L);
        return committer
                .commit(
                        name.toString(),
                        table,
                        current -> {
                            OverwriteFiles overwrite = current.newOverwrite();
                            filter.ifPresent(rows -> {
                                overwrite.overwriteByRowFilter(rows);
                                if (base >= 0) {
                                    overwrite
                                            .validateFromSnapshot(base)
                                            .conflictDetectionFilter(rows)
                                            .validateNoConflictingData();
                                }
                            });
                            removed.forEach(overwrite::deleteFile);
                            added.forEach(overwrite::addFile);
                            overwrite.set(CLAIM_PROPERTY, claim);
                            return overwrite;
                        },
                        added,
                        context)
                .snapshotId();
    }

    /** The recorded data files that the table's current snapshot holds, except the ones just written. */
    private static List<DataFile> committedDataFiles(Table table, List<String> recorded, List<DataFile> justWritten) {
        Set<String> wanted = new HashSet<>(recorded);
        justWritten.forEach(file -> wanted.remove(file.location()));
        if (wanted.isEmpty() || table.currentSnapshot() == null) {
            return List.of();
        }
        Map<String, DataFile> present = new HashMap<>();
        try (CloseableIterable<FileScanTask> tasks =
                table.newScan().ignoreResiduals().planFiles()) {
            for (FileScanTask task : tasks) {
                if (wanted.contains(task.file().location())) {
                    present.put(task.file().location(), task.file().copy());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(present.values());
    }

    private static List<String> locations(List<DataFile> files) {
        return files.stream().map(DataFile::location).toList();
    }

    /** Rows per source file in the data files just written. */
    private static Map<String, Long> countByFile(Engine engine, List<DataFile> files, String column) {
        Map<String, Long> counts = new HashMap<>();
        if (files.isEmpty()) {
            return counts;
        }
        String relation = "almanac_counted_files";
        List<String> paths = files.stream()
                .map(file -> LocalPaths.toPath(file.location()).toString())
                .toList();
        try (QueryResult result = engine.query(
                "SELECT " + column + ", count(*) FROM read_parquet(["
                        + String.join(
                                ", ", paths.stream().map(SourceFormat::literal).toList()) + "]) GROUP BY 1",
                List.of())) {
            while (result.next()) {
                counts.put((String) result.value(0), ((Number) result.value(1)).longValue());
            }
        }
        return counts;
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

    private record Planned(FoundFile found, boolean replacing) {}

    /** What loading every unit of one source shares. */
    private record SourceLoad(
            SourceConfig source,
            SourceFormat format,
            Map<String, Planned> planned,
            Table quarantine,
            TableName quarantineName,
            double maxErrorRate,
            Leases.Lease lease) {}

    /**
     * A unit whose files are claimed, with its table, or the failure that kept the table from being
     * created or evolved.
     */
    private record Claimed(
            LoadUnit unit,
            String claim,
            List<SourceFile> files,
            boolean replacing,
            Optional<Table> table,
            Optional<RuntimeException> failure,
            Instant started) {
        long bytes() {
            return files.stream().mapToLong(SourceFile::sizeBytes).sum();
        }
    }

    /** A unit's data files, written and not committed, with its rows and rejects per source file. */
    private record Written(
            List<DataFile> rows,
            List<DataFile> rejects,
            Map<String, LineReader> readers,
            Map<String, Long> rowsByFile,
            Map<String, Long> rejectsByFile) {
        List<DataFile> files() {
            List<DataFile> files = new ArrayList<>(rows);
            files.addAll(rejects);
            return files;
        }
    }
}
