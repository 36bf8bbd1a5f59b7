package dev.almanac.core.ingest;

import dev.almanac.core.catalog.TableName;
import dev.almanac.core.catalog.TypeConversion;
import dev.almanac.spi.type.Field;
import dev.almanac.spi.type.PrimitiveType;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.jdbc.JdbcCatalog;

/** Creates the tables ingestion lands in, and adds columns a newer format brings. */
final class IngestTables {
    static final List<Field> QUARANTINE_COLUMNS = List.of(
            Field.of("source_file", PrimitiveType.STRING),
            Field.of("line_number", PrimitiveType.BIGINT),
            Field.of("raw_text", PrimitiveType.STRING),
            Field.of("reason", PrimitiveType.STRING));

    private IngestTables() {}

    static Table ensure(JdbcCatalog catalog, TableName name, List<Field> columns, Optional<String> partitionColumn) {
        if (catalog.tableExists(name.identifier())) {
            Table table = catalog.loadTable(name.identifier());
            addMissingColumns(table, columns);
            return table;
        }
        Namespace namespace = name.identifier().namespace();
        if (!catalog.namespaceExists(namespace)) {
            try {
                catalog.createNamespace(namespace);
            } catch (AlreadyExistsException e) {
                // created meanwhile by another process: what we wanted
            }
        }
        Schema schema = TypeConversion.toSchema(columns);
        PartitionSpec.Builder spec = PartitionSpec.builderFor(schema);
        partitionColumn.ifPresent(spec::identity);
        try {
            return catalog.buildTable(name.identifier(), schema)
                    .withPartitionSpec(spec.build())
                    .withProperty("format-version", "2")
                    .create();
        } catch (AlreadyExistsException e) {
            return catalog.loadTable(name.identifier());
        }
    }

    private static void addMissingColumns(Table table, List<Field> columns) {
        Schema schema = TypeConversion.toSchema(columns);
        UpdateSchema update = null;
        for (var column : schema.columns()) {
            if (table.schema().findField(column.name()) == null) {
                update = update == null ? table.updateSchema() : update;
                update.addColumn(column.name(), column.type());
            }
        }
        if (update != null) {
            update.commit();
            table.refresh();
        }
    }
}
