package dev.almanac.core.ingest;

import static java.util.Objects.requireNonNull;

import dev.almanac.core.catalog.TableName;
import dev.almanac.core.catalog.TypeConversion;
import dev.almanac.core.control.Leases;
import dev.almanac.core.ingest.FileOutcome.Action;
import dev.almanac.core.ingest.ManifestEntry.Status;
import dev.almanac.core.ingest.SourceDiscovery.FoundFile;
import dev.almanac.core.table.CommitContext;
import dev.almanac.core.table.LocalPaths;
import dev.almanac.core.table.SnapshotCommitter;
import dev.almanac.core.table.WrittenFiles;
import dev.almanac.core.warehouse.SourceConfig;
import dev.almanac.core.warehouse.SourceKind;
import dev.almanac.core.warehouse.Warehouse;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.engine.WriteRequest;
import dev.almanac.spi.engine.WriteResult;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
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
    public static final String FILE_PROPERTY = "almanac.ingest.file";
    private static final String REJECTS = "almanac_rejected_lines";
    private static final List<Field> REJECT_COLUMNS = List.of(
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

    public IngestRunner(Warehouse warehouse, Engine engine, String principal, Clock clock, IngestListener listener) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.engine = requireNonNull(engine, "engine is null");
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
            sources.add(warehouse.config().source(name).orElseThrow(() -> new AlmanacException(
                    ErrorCode.INVALID_ARGUMENT,
                    "Unknown source '" + name + "'; almanac.yaml declares: " + String.join(", ",
                            warehouse.config().sources().stream().map(SourceConfig::name).toList()))));
        }
        List<SourceReport> reports = new ArrayList<>();
        for (SourceConfig source : sources) {
            reports.add(ingest(source, dryRun));
        }
        return reports;
    }

    private SourceReport ingest(SourceConfig source, boolean dryRun) {
        Instant started = clock.instant();
        if (source.kind() != SourceKind.EDX_TRACKING_LOG) {
            throw new AlmanacException(
                    ErrorCode.NOT_SUPPORTED,
                    "Source '" + source.name() + "' is of kind " + source.kind().configName()
                            + ", which this version cannot ingest yet (it lands edx-tracking-log)");
        }
        double maxErrorRate = maxErrorRate(source);
        Optional<Leases.Lease> lease = leases.tryAcquire("ingest:" + source.name(), owner);
        if (lease.isEmpty()) {
            String reason = "being ingested by " + leases.holder("ingest:" + source.name()).orElse("another process");
            listener.sourceSkipped(source.name(), reason);
            return new SourceReport(source.name(), List.of(), Duration.ZERO, Optional.of(reason));
        }
        try (Leases.Lease held = lease.get()) {
            TableName mainName = TableName.parse(source.table().or(source.kind()::defaultTable).orElseThrow());
            TableName quarantineName = TableName.of(List.of("quarantine", source.name()));
            Table main = IngestTables.ensure(warehouse.catalog(), mainName, TrackingLogFormat.COLUMNS, Optional.of("dt"));
            Table quarantine =
                    IngestTables.ensure(warehouse.catalog(), quarantineName, IngestTables.QUARANTINE_COLUMNS, Optional.empty());
            Map<String, ManifestEntry> entries = reconcile(source.name(), main, quarantine);
            List<Planned> planned = plan(source, entries);
            listener.sourceStarted(
                    source.name(), planned.size(), planned.stream().mapToLong(file -> file.found().sizeBytes()).sum());
            List<FileOutcome> outcomes = new ArrayList<>();
            for (Planned file : planned) {
                FileOutcome outcome;
                if (dryRun) {
                    outcome = new FileOutcome(file.found().path().toString(), Action.PENDING, file.found().sizeBytes(), 0, 0,
                            Optional.of(file.replacing() ? "changed since its last load" : "new"));
                } else {
                    listener.fileStarted(source.name(), file.found().path().toString(), file.found().sizeBytes());
                    outcome = load(source, file, main, mainName, quarantine, quarantineName, maxErrorRate, held);
                }
                listener.fileFinished(source.name(), outcome);
                outcomes.add(outcome);
            }
            return new SourceReport(source.name(), outcomes, Duration.between(started, clock.instant()), Optional.empty());
        }
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
     * Settles entries left LOADING by a run that died: committed (its claim is in the table's
     * history) means loaded; otherwise the file is loaded again.
     */
    private Map<String, ManifestEntry> reconcile(String source, Table main, Table quarantine) {
        Map<String, ManifestEntry> entries = manifest.entries(source);
        boolean changed = false;
        for (ManifestEntry entry : entries.values()) {
            if (entry.status() != Status.LOADING) {
                continue;
            }
            Optional<Snapshot> committed = snapshotWithClaim(main, entry.claim());
            if (committed.isPresent()) {
                long rows = Long.parseLong(committed.get().summary().getOrDefault("almanac.rows-written", "0"));
                long quarantined = snapshotWithClaim(quarantine, entry.claim())
                        .map(snapshot -> Long.parseLong(snapshot.summary().getOrDefault("almanac.rows-written", "0")))
                        .orElse(0L);
                manifest.markLoaded(source, entry.path(), entry.claim(), committed.get().snapshotId(), rows, quarantined,
                        Optional.of("recovered after an interrupted run"));
                changed = true;
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

    private List<Planned> plan(SourceConfig source, Map<String, ManifestEntry> entries) {
        List<Planned> planned = new ArrayList<>();
        for (FoundFile found : SourceDiscovery.find(warehouse.directory(), source.location())) {
            ManifestEntry entry = entries.get(found.path().toString());
            if (entry == null) {
                planned.add(new Planned(found, false));
                continue;
            }
            boolean sameStamp = entry.sizeBytes() == found.sizeBytes() && entry.modifiedAt().equals(found.modifiedAt());
            if (entry.status() == Status.LOADED && sameStamp) {
                continue;
            }
            if (entry.status() == Status.LOADED) {
                SourceFile fingerprint = found.fingerprint();
                if (fingerprint.sha256().equals(entry.sha256())) {
                    manifest.touch(source.name(), fingerprint);
                    continue;
                }
            }
            planned.add(new Planned(found, entry.snapshotId().isPresent()));
        }
        return planned;
    }

    private FileOutcome load(
            SourceConfig source,
            Planned planned,
            Table main,
            TableName mainName,
            Table quarantine,
            TableName quarantineName,
            double maxErrorRate,
            Leases.Lease lease) {
        Instant started = clock.instant();
        SourceFile file = planned.found().fingerprint();
        String claim = UUID.randomUUID().toString();
        manifest.claim(source.name(), file, claim);
        List<DataFile> written = new ArrayList<>();
        boolean committed = false;
        try {
            StagedLines lines = new StagedLines(Path.of(file.path()));
            engine.stage(TrackingLogFormat.LINES, TrackingLogFormat.STAGED, lines);
            LineReader reader = lines.reader();
            List<List<Object>> rejected = new ArrayList<>();
            for (LineReader.RejectedLine line : reader.rejected()) {
                rejected.add(List.of(line.number(), line.text(), line.reason()));
            }
            engine.stage(REJECTS, REJECT_COLUMNS, rejected.iterator());

            main.refresh();
            quarantine.refresh();
            List<DataFile> rows = write(main, TrackingLogFormat.rows(file.path()), List.of("dt"));
            written.addAll(rows);
            List<DataFile> rejects = write(quarantine, TrackingLogFormat.rejects(file.path(), REJECTS), List.of());
            written.addAll(rejects);
            long rowCount = rows.stream().mapToLong(DataFile::recordCount).sum();
            long rejectCount = rejects.stream().mapToLong(DataFile::recordCount).sum();
            long total = rowCount + rejectCount;
            if (total > 0 && (double) rejectCount / total > maxErrorRate) {
                String error = String.format(java.util.Locale.ROOT,
                        "%d of %d lines are bad (%.2f%%), above max-error-rate %s; fix the file or raise the limit",
                        rejectCount, total, 100.0 * rejectCount / total, maxErrorRate);
                deleteQuietly(written);
                manifest.markFailed(source.name(), file.path(), claim, error);
                return new FileOutcome(file.path(), Action.FAILED, file.sizeBytes(), 0, rejectCount, Optional.of(error));
            }
            manifest.recordDataFiles(claim, source.name(), file.path(), quarantineName.toString(), locations(rejects));
            manifest.recordDataFiles(claim, source.name(), file.path(), mainName.toString(), locations(rows));
            lease.check();
            CommitContext context = new CommitContext(
                    "ingest", principal, "ingest " + source.name() + " " + file.path(), started, file.sizeBytes(), Map.of());
            List<DataFile> replacedRejects = committedDataFiles(quarantine, manifest.dataFiles(source.name(), file.path(),
                    quarantineName.toString()), rejects);
            if (!rejects.isEmpty() || !replacedRejects.isEmpty()) {
                replace(quarantineName, quarantine, replacedRejects, rejects, claim, file, context);
            }
            List<DataFile> replacedRows =
                    committedDataFiles(main, manifest.dataFiles(source.name(), file.path(), mainName.toString()), rows);
            long snapshot = replace(mainName, main, replacedRows, rows, claim, file, context);
            committed = true;
            manifest.markLoaded(source.name(), file.path(), claim, snapshot, rowCount, rejectCount, reader.breakage());
            Action action = planned.replacing() ? Action.REPLACED : Action.LOADED;
            return new FileOutcome(file.path(), action, file.sizeBytes(), rowCount, rejectCount, reader.breakage());
        } catch (AlmanacException | UncheckedIOException e) {
            if (!committed) {
                deleteQuietly(written);
            }
            String error = e.getMessage();
            manifest.markFailed(source.name(), file.path(), claim, error);
            return new FileOutcome(file.path(), Action.FAILED, file.sizeBytes(), 0, 0, Optional.of(error));
        } finally {
            engine.dropStaged(TrackingLogFormat.LINES);
            engine.dropStaged(REJECTS);
        }
    }

    private List<DataFile> write(Table table, String query, List<String> partitionColumns) {
        Path directory = LocalPaths.toPath(table.location()).resolve("data");
        WriteResult result = engine.write(query, List.of(),
                new WriteRequest(directory, TypeConversion.toFields(table.schema()), partitionColumns, Map.of()));
        return WrittenFiles.toDataFiles(table, table.spec(), result.files());
    }

    private long replace(
            TableName name, Table table, List<DataFile> removed, List<DataFile> added, String claim, SourceFile file,
            CommitContext context) {
        return committer.commit(name.toString(), table, current -> {
            OverwriteFiles overwrite = current.newOverwrite();
            removed.forEach(overwrite::deleteFile);
            added.forEach(overwrite::addFile);
            overwrite.set(CLAIM_PROPERTY, claim);
            overwrite.set(FILE_PROPERTY, file.path());
            return overwrite;
        }, added, context).snapshotId();
    }

    /** The recorded data files that the table's current snapshot holds, except the ones just written. */
    private static List<DataFile> committedDataFiles(Table table, List<String> recorded, List<DataFile> justWritten) {
        Set<String> wanted = new HashSet<>(recorded);
        justWritten.forEach(file -> wanted.remove(file.location()));
        if (wanted.isEmpty() || table.currentSnapshot() == null) {
            return List.of();
        }
        Map<String, DataFile> present = new HashMap<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().ignoreResiduals().planFiles()) {
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
}
