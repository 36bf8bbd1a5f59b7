package dev.almanac.cli;

import dev.almanac.core.table.TableInspector;
import dev.almanac.core.table.TableInspector.TableSummary;
import dev.almanac.core.warehouse.Warehouse;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "tables", mixinStandardHelpOptions = true, description = "List the warehouse's tables with their size.")
final class TablesCommand implements Callable<Integer> {
    @ParentCommand
    AlmanacCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Warehouse warehouse = root.openWarehouse()) {
            List<TableSummary> tables = TableInspector.list(warehouse.catalog());
            if (tables.isEmpty()) {
                out.println("No tables yet. Create one with: almanac sql \"CREATE TABLE raw.t AS SELECT …\"");
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (TableSummary table : tables) {
                rows.add(List.of(
                        table.name().toString(),
                        table.partitionColumns().isEmpty() ? "-" : String.join(",", table.partitionColumns()),
                        Sizes.count(table.rows()),
                        Long.toString(table.files()),
                        Sizes.bytes(table.bytes()),
                        table.updatedAt().map(Object::toString).orElse("-")));
            }
            TextTable.print(out, List.of("table", "partitioned by", "rows", "files", "size", "updated (UTC)"), rows);
        }
        return 0;
    }
}
