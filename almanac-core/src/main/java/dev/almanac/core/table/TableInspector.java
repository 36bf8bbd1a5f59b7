package dev.almanac.core.table;

import static java.util.Objects.requireNonNull;

import dev.almanac.core.catalog.TableName;
import dev.almanac.core.catalog.TypeConversion;
import dev.almanac.core.control.ProvenanceRecord;
import dev.almanac.core.control.ProvenanceStore;
import dev.almanac.spi.type.Field;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;

/** Reads what a user wants to know about tables: schema, partitions, snapshots and provenance. */
public final class TableInspector {
    private TableInspector() {}

    public static List<TableSummary> list(JdbcCatalog catalog) {
        List<TableSummary> tables = new ArrayList<>();
        listNamespace(catalog, Namespace.empty(), tables);
        tables.sort(Comparator.comparing(summary -> summary.name().toString()));
        return tables;
    }

    private static void listNamespace(JdbcCatalog catalog, Namespace namespace, List<TableSummary> tables) {
        if (!namespace.isEmpty()) {
            for (TableIdentifier identifier : catalog.listTables(namespace)) {
                Table table = catalog.loadTable(identifier);
                tables.add(summary(TableName.of(identifier), table));
            }
        }
        for (Namespace child : catalog.listNamespaces(namespace)) {
            listNamespace(catalog, child, tables);
        }
    }

    static TableSummary summary(TableName name, Table table) {
        Snapshot current = table.currentSnapshot();
        Map<String, String> totals = current == null ? Map.of() : current.summary();
        return new TableSummary(
                name,
                partitionColumns(table),
                Long.parseLong(totals.getOrDefault("total-records", "0")),
                Long.parseLong(totals.getOrDefault("total-data-files", "0")),
                Long.parseLong(totals.getOrDefault("total-files-size", "0")),
                Optional.ofNullable(current).map(snapshot -> Instant.ofEpochMilli(snapshot.timestampMillis())));
    }

    private static List<String> partitionColumns(Table table) {
        PartitionSpec spec = table.spec();
        return spec.fields().stream()
                .map(field -> table.schema().findColumnName(field.sourceId()))
                .toList();
    }

    public static TableDescription describe(
            TableName name, Table table, ProvenanceStore provenance, int snapshotLimit) {
        Map<String, PartitionSummary> partitions = new TreeMap<>();
        if (table.currentSnapshot() != null) {
            try (CloseableIterable<FileScanTask> tasks =
                    table.newScan().ignoreResiduals().planFiles()) {
                for (FileScanTask task : tasks) {
                    DataFile file = task.file();
                    String partition =
                            table.spec().isPartitioned() ? table.spec().partitionToPath(file.partition()) : "(all)";
                    partitions.merge(
                            partition,
                            new PartitionSummary(partition, file.recordCount(), 1, file.fileSizeInBytes()),
                            PartitionSummary::plus);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<SnapshotSummary> snapshots = new ArrayList<>();
        List<Snapshot> history = new ArrayList<>();
        table.snapshots().forEach(history::add);
        history.sort(Comparator.comparingLong(Snapshot::timestampMillis).reversed());
        for (Snapshot snapshot : history.subList(0, Math.min(snapshotLimit, history.size()))) {
            snapshots.add(new SnapshotSummary(
                    snapshot.snapshotId(),
                    Instant.ofEpochMilli(snapshot.timestampMillis()),
                    snapshot.operation(),
                    snapshot.summary(),
                    provenance.find(name.toString(), snapshot.snapshotId())));
        }
        return new TableDescription(
                summary(name, table),
                table.location(),
                TypeConversion.toFields(table.schema()),
                List.copyOf(partitions.values()),
                snapshots);
    }

    public record TableSummary(
            TableName name,
            List<String> partitionColumns,
            long rows,
            long files,
            long bytes,
            Optional<Instant> updatedAt) {
        public TableSummary {
            requireNonNull(name, "name is null");
            partitionColumns = List.copyOf(partitionColumns);
            requireNonNull(updatedAt, "updatedAt is null");
        }
    }

    public record PartitionSummary(String partition, long rows, long files, long bytes) {
        PartitionSummary plus(PartitionSummary other) {
            return new PartitionSummary(partition, rows + other.rows, files + other.files, bytes + other.bytes);
        }
    }

    public record SnapshotSummary(
            long snapshotId,
            Instant committedAt,
            String operation,
            Map<String, String> summary,
            Optional<ProvenanceRecord> provenance) {
        public SnapshotSummary {
            summary = Map.copyOf(summary);
            requireNonNull(provenance, "provenance is null");
        }
    }

    public record TableDescription(
            TableSummary summary,
            String location,
            List<Field> columns,
            List<PartitionSummary> partitions,
            List<SnapshotSummary> snapshots) {
        public TableDescription {
            columns = List.copyOf(columns);
            partitions = List.copyOf(partitions);
            snapshots = List.copyOf(snapshots);
        }
    }
}
