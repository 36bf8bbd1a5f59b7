package dev.almanac.core.table;

import dev.almanac.core.control.ProvenanceRecord;
import dev.almanac.core.control.ProvenanceStore;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.jdbc.UncheckedSQLException;

/**
 * Commits data files to a table in one Iceberg snapshot and records where the snapshot came from:
 * as snapshot summary properties (travelling with the table) and as a row in the control database.
 */
public final class SnapshotCommitter {
    public static final String SUMMARY_PREFIX = "almanac.";
    private static final int MAX_SQL_IN_SUMMARY = 8_192;
    private static final int MAX_LOCKED_ATTEMPTS = 20;

    private final ProvenanceStore provenance;
    private final Clock clock;

    public SnapshotCommitter(ProvenanceStore provenance, Clock clock) {
        this.provenance = provenance;
        this.clock = clock;
    }

    /**
     * Builds the update from the current table state, sets the provenance summary, commits it and
     * records provenance. A commit the control database refused outright because another process
     * held its lock (nothing was written) is rebuilt and tried again; conflicts between the
     * writers are still caught by the update's own validation.
     */
    public CommitResult commit(
            String tableName,
            Table table,
            Function<Table, SnapshotUpdate<?>> build,
            List<DataFile> files,
            CommitContext context) {
        return commit(tableName, table, SnapshotRef.MAIN_BRANCH, build, files, context);
    }

    /** As {@link #commit(String, Table, Function, List, CommitContext)}, on the branch {@code branch}. */
    public CommitResult commit(
            String tableName,
            Table table,
            String branch,
            Function<Table, SnapshotUpdate<?>> build,
            List<DataFile> files,
            CommitContext context) {
        long rows = files.stream().mapToLong(DataFile::recordCount).sum();
        long bytes = files.stream().mapToLong(DataFile::fileSizeInBytes).sum();
        for (int attempt = 1; ; attempt++) {
            SnapshotUpdate<?> update = build.apply(table);
            if (!branch.equals(SnapshotRef.MAIN_BRANCH)) {
                update.toBranch(branch);
            }
            summary(context, rows, bytes, files.size(), clock.instant()).forEach(update::set);
            try {
                update.commit();
                break;
            } catch (ValidationException e) {
                throw new AlmanacException(
                        ErrorCode.CONCURRENT_WRITE,
                        "Another writer changed " + tableName + " while this statement ran (" + e.getMessage()
                                + "); nothing was written. Run the statement again.",
                        e);
            } catch (CommitStateUnknownException e) {
                // the files may be referenced by a committed snapshot: keep them
                throw new AlmanacException(
                        ErrorCode.CONTROL_DATABASE_ERROR,
                        "Could not tell whether the commit to " + tableName + " succeeded: " + e.getMessage()
                                + ". Check `almanac describe " + tableName + "` before running it again.",
                        e);
            } catch (UncheckedSQLException e) {
                if (!lockedOut(e) || attempt >= MAX_LOCKED_ATTEMPTS) {
                    throw e;
                }
                pause(attempt);
                table.refresh();
            }
        }
        table.refresh();
        return record(tableName, table.snapshot(branch).snapshotId(), rows, bytes, files.size(), context);
    }

    private static boolean lockedOut(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (message.contains("SQLITE_BUSY") || message.contains("database is locked")) {
                return true;
            }
        }
        return false;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(1_000, 20L << Math.min(attempt, 6)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AlmanacException(ErrorCode.INTERNAL, "Interrupted while retrying a commit", e);
        }
    }

    /** Records provenance for a snapshot already committed (e.g. inside a create-table transaction). */
    public CommitResult record(
            String tableName, long snapshotId, long rows, long bytes, int files, CommitContext context) {
        Instant committedAt = clock.instant();
        ProvenanceRecord record = new ProvenanceRecord(
                tableName,
                snapshotId,
                context.operation(),
                context.principal(),
                context.startedAt(),
                committedAt,
                rows,
                bytes,
                files,
                context.bytesRead(),
                context.sql(),
                context.inputSnapshots());
        provenance.record(record);
        return new CommitResult(tableName, snapshotId, rows, bytes, files);
    }

    public static Map<String, String> summary(
            CommitContext context, long rows, long bytes, int files, Instant committingAt) {
        Map<String, String> summary = new TreeMap<>();
        summary.put(SUMMARY_PREFIX + "operation", context.operation());
        summary.put(SUMMARY_PREFIX + "principal", context.principal());
        summary.put(SUMMARY_PREFIX + "started-at", context.startedAt().toString());
        summary.put(SUMMARY_PREFIX + "rows-written", Long.toString(rows));
        summary.put(SUMMARY_PREFIX + "bytes-written", Long.toString(bytes));
        summary.put(SUMMARY_PREFIX + "files-written", Integer.toString(files));
        summary.put(SUMMARY_PREFIX + "bytes-read", Long.toString(context.bytesRead()));
        summary.put(
                SUMMARY_PREFIX + "duration-ms",
                Long.toString(
                        Duration.between(context.startedAt(), committingAt).toMillis()));
        String sql = context.sql();
        summary.put(
                SUMMARY_PREFIX + "sql", sql.length() > MAX_SQL_IN_SUMMARY ? sql.substring(0, MAX_SQL_IN_SUMMARY) : sql);
        summary.put(
                SUMMARY_PREFIX + "inputs",
                context.inputSnapshots().entrySet().stream()
                        .map(entry -> entry.getKey() + "@" + entry.getValue())
                        .collect(Collectors.joining(",")));
        return summary;
    }

    public record CommitResult(String table, long snapshotId, long rows, long bytes, int files) {}
}
