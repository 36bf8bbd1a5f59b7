package dev.almanac.core.table;

import dev.almanac.core.catalog.TypeConversion;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.engine.TableBinding;
import dev.almanac.spi.engine.TableBinding.DataFileReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;

/** Asks Iceberg which data files of a table a read needs, and binds them for an engine. */
public final class ScanPlanner {
    private ScanPlanner() {}

    /**
     * Plans a read of {@code table} at {@code snapshot} (the current one when empty) restricted by
     * {@code filter}. The files keep the schema of the snapshot read.
     */
    public static PlannedScan plan(
            Table table, List<String> nameParts, Optional<Snapshot> snapshot, Expression filter) {
        Optional<Snapshot> read = snapshot.or(() -> Optional.ofNullable(table.currentSnapshot()));
        Schema schema = read.map(value -> snapshotSchema(table, value)).orElse(table.schema());
        List<DataFileReference> files = new ArrayList<>();
        long totalFiles = 0;
        long totalBytes = 0;
        if (read.isPresent()) {
            TableScan scan = table.newScan()
                    .useSnapshot(read.get().snapshotId())
                    .filter(filter)
                    .ignoreResiduals();
            Set<String> seen = new LinkedHashSet<>();
            try (CloseableIterable<FileScanTask> tasks = scan.planFiles()) {
                for (FileScanTask task : tasks) {
                    if (!task.deletes().isEmpty()) {
                        throw new AlmanacException(
                                ErrorCode.NOT_SUPPORTED,
                                "Table " + String.join(".", nameParts)
                                        + " has row-level delete files, which this engine does not read yet;"
                                        + " rewrite the table with copy-on-write (e.g. INSERT OVERWRITE) first");
                    }
                    DataFile file = task.file();
                    if (seen.add(file.location())) {
                        files.add(new DataFileReference(
                                LocalPaths.toPath(file.location()).toString(),
                                file.fileSizeInBytes(),
                                file.recordCount()));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            totalFiles = Long.parseLong(read.get().summary().getOrDefault("total-data-files", "0"));
            totalBytes = Long.parseLong(read.get().summary().getOrDefault("total-files-size", "0"));
        }
        TableBinding binding = new TableBinding(nameParts, TypeConversion.toFields(schema), files);
        return new PlannedScan(binding, read.map(Snapshot::snapshotId), totalFiles, totalBytes);
    }

    private static Schema snapshotSchema(Table table, Snapshot snapshot) {
        Integer schemaId = snapshot.schemaId();
        if (schemaId == null || !table.schemas().containsKey(schemaId)) {
            return table.schema();
        }
        return table.schemas().get(schemaId);
    }

    /**
     * A planned read: what to bind, the snapshot it reads (empty for a table with no data yet) and
     * how many files and bytes the snapshot holds in all, so callers can show what pruning saved.
     */
    public record PlannedScan(
            TableBinding binding, Optional<Long> snapshotId, long snapshotFiles, long snapshotBytes) {}
}
