package dev.almanac.core.sql;

import static java.util.Objects.requireNonNull;

import dev.almanac.core.catalog.TableName;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A statement Almanac runs: a query the engine answers, or a write Almanac commits to a table. */
public sealed interface SqlStatement {
    /** SELECT, WITH, VALUES …: answered by the engine over planned table files. */
    record Query(String sql) implements SqlStatement {
        public Query {
            requireNonNull(sql, "sql is null");
        }
    }

    /** {@code CREATE TABLE [IF NOT EXISTS] t [PARTITIONED BY (c)] AS query}. */
    record CreateTableAs(TableName table, boolean ifNotExists, List<String> partitionColumns, String query)
            implements SqlStatement {
        public CreateTableAs {
            requireNonNull(table, "table is null");
            partitionColumns = List.copyOf(partitionColumns);
            requireNonNull(query, "query is null");
        }
    }

    /**
     * {@code CREATE TABLE [IF NOT EXISTS] t (c type, …) [PARTITIONED BY (…)]}: an empty table with
     * declared columns. Partition columns are listed by name (Spark) or declared with a type after
     * the other columns (Hive); {@code columns} holds them all, in table order.
     */
    record CreateTable(
            TableName table, boolean ifNotExists, List<ColumnDefinition> columns, List<String> partitionColumns)
            implements SqlStatement {
        public CreateTable {
            requireNonNull(table, "table is null");
            columns = List.copyOf(columns);
            partitionColumns = List.copyOf(partitionColumns);
        }
    }

    /**
     * {@code INSERT INTO t query}, {@code INSERT OVERWRITE TABLE t [PARTITION (c='v')] query}. Columns
     * are matched by position, as in Hive and Spark; static partition columns are not in the query.
     */
    record Insert(TableName table, boolean overwrite, Map<String, String> staticPartition, String query)
            implements SqlStatement {
        public Insert {
            requireNonNull(table, "table is null");
            staticPartition = Collections.unmodifiableMap(new LinkedHashMap<>(staticPartition));
            requireNonNull(query, "query is null");
        }
    }

    /** {@code DROP TABLE [IF EXISTS] t}. */
    record DropTable(TableName table, boolean ifExists) implements SqlStatement {
        public DropTable {
            requireNonNull(table, "table is null");
        }
    }

    /** {@code ALTER TABLE t ADD COLUMNS / ALTER COLUMN … TYPE / RENAME COLUMN / DROP COLUMN}: schema evolution, no data rewritten. */
    record AlterTable(TableName table, SchemaChange change) implements SqlStatement {
        public AlterTable {
            requireNonNull(table, "table is null");
            requireNonNull(change, "change is null");
        }
    }

    /** One schema change; types are SQL type names, resolved when the change is applied. */
    sealed interface SchemaChange {
        record AddColumns(List<ColumnDefinition> columns) implements SchemaChange {
            public AddColumns {
                columns = List.copyOf(columns);
            }
        }

        record ChangeType(String column, String type) implements SchemaChange {}

        record RenameColumn(String from, String to) implements SchemaChange {}

        record DropColumn(String column) implements SchemaChange {}
    }

    record ColumnDefinition(String name, String type) {
        public ColumnDefinition {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
        }
    }
}
