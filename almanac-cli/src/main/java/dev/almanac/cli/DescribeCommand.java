package dev.almanac.cli;

import dev.almanac.core.catalog.TableName;
import dev.almanac.core.control.ProvenanceRecord;
import dev.almanac.core.sql.SqlSession;
import dev.almanac.core.table.TableInspector;
import dev.almanac.core.table.TableInspector.PartitionSummary;
import dev.almanac.core.table.TableInspector.SnapshotSummary;
import dev.almanac.core.table.TableInspector.TableDescription;
import dev.almanac.core.warehouse.Warehouse;
import dev.almanac.spi.type.Field;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "describe",
        mixinStandardHelpOptions = true,
        description =
                "Show a table's schema, partitions (rows, files, bytes), recent snapshots and where each came from.")
final class DescribeCommand implements Callable<Integer> {
    @ParentCommand
    AlmanacCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TABLE", description = "namespace.table")
    String table;

    @Option(
            names = "--snapshots",
            paramLabel = "N",
            defaultValue = "10",
            description = "How many recent snapshots to show (default: ${DEFAULT-VALUE}).")
    int snapshots;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        TableName name = TableName.parse(table);
        try (Warehouse warehouse = root.openWarehouse();
                SqlSession session = root.openSession(warehouse, Optional.empty())) {
            TableDescription description =
                    TableInspector.describe(name, session.loadTable(name), warehouse.provenance(), snapshots);
            out.println("Table " + name);
            out.println("  location: " + description.location());
            out.println("  rows: " + Sizes.count(description.summary().rows()) + ", files: "
                    + description.summary().files() + ", size: "
                    + Sizes.bytes(description.summary().bytes()));
            out.println();
            out.println("Columns");
            List<List<String>> columns = new ArrayList<>();
            for (Field column : description.columns()) {
                boolean partition = description.summary().partitionColumns().contains(column.name());
                columns.add(List.of(
                        Integer.toString(column.id()),
                        column.name(),
                        column.type().displayName(),
                        partition ? "partition" : ""));
            }
            TextTable.print(out, List.of("id", "name", "type", ""), columns);
            out.println();
            out.println("Partitions");
            List<List<String>> partitions = new ArrayList<>();
            for (PartitionSummary partition : description.partitions()) {
                partitions.add(List.of(
                        partition.partition(),
                        Sizes.count(partition.rows()),
                        Long.toString(partition.files()),
                        Sizes.bytes(partition.bytes())));
            }
            TextTable.print(out, List.of("partition", "rows", "files", "size"), partitions);
            out.println();
            out.println("Snapshots (newest first)");
            for (SnapshotSummary snapshot : description.snapshots()) {
                out.printf("  %d  %s  %s%n", snapshot.snapshotId(), snapshot.committedAt(), snapshot.operation());
                Optional<ProvenanceRecord> provenance = snapshot.provenance();
                if (provenance.isPresent()) {
                    ProvenanceRecord record = provenance.get();
                    out.printf(
                            "      %s by %s: %s rows, %d files, %s written, %s read, %.2f s%n",
                            record.operation(),
                            record.principal(),
                            Sizes.count(record.rowsWritten()),
                            record.filesWritten(),
                            Sizes.bytes(record.bytesWritten()),
                            Sizes.bytes(record.bytesRead()),
                            record.duration().toMillis() / 1000.0);
                    if (!record.inputSnapshots().isEmpty()) {
                        out.println("      inputs: " + record.inputSnapshots());
                    }
                    out.println(
                            "      sql: " + record.sql().replaceAll("\\s+", " ").strip());
                } else if (snapshot.summary().containsKey("almanac.operation")) {
                    // committed, but the process stopped before recording it in the control database
                    Map<String, String> summary = snapshot.summary();
                    out.printf(
                            "      %s by %s: %s rows, %s files, %s bytes written, %s bytes read (from the snapshot summary)%n",
                            summary.get("almanac.operation"),
                            summary.getOrDefault("almanac.principal", "?"),
                            summary.getOrDefault("almanac.rows-written", "?"),
                            summary.getOrDefault("almanac.files-written", "?"),
                            summary.getOrDefault("almanac.bytes-written", "?"),
                            summary.getOrDefault("almanac.bytes-read", "?"));
                    out.println("      sql: "
                            + summary.getOrDefault("almanac.sql", "")
                                    .replaceAll("\\s+", " ")
                                    .strip());
                } else {
                    out.println("      (no provenance recorded: written outside Almanac)");
                }
            }
        }
        return 0;
    }
}
