package dev.almanac.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.almanac.core.catalog.TableName;
import dev.almanac.core.sql.SqlStatement.AlterTable;
import dev.almanac.core.sql.SqlStatement.ColumnDefinition;
import dev.almanac.core.sql.SqlStatement.SchemaChange;
import dev.almanac.spi.AlmanacException;
import java.util.List;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class TestAlterTableParser {
    @Test
    void addColumnsInSparkAndSingleColumnForm() {
        assertThat(SqlStatementParser.parse("ALTER TABLE raw.t ADD COLUMNS (a STRING, \"B c\" DECIMAL(10, 2))"))
                .isEqualTo(new AlterTable(
                        TableName.parse("raw.t"),
                        new SchemaChange.AddColumns(List.of(
                                new ColumnDefinition("a", "STRING"), new ColumnDefinition("B c", "DECIMAL(10, 2)")))));
        assertThat(SqlStatementParser.parse("alter table raw.t add column Country varchar;"))
                .isEqualTo(new AlterTable(
                        TableName.parse("raw.t"),
                        new SchemaChange.AddColumns(List.of(new ColumnDefinition("country", "varchar")))));
    }

    @Test
    void changeRenameAndDrop() {
        assertThat(SqlStatementParser.parse("ALTER TABLE raw.t ALTER COLUMN age TYPE BIGINT"))
                .isEqualTo(new AlterTable(TableName.parse("raw.t"), new SchemaChange.ChangeType("age", "BIGINT")));
        assertThat(SqlStatementParser.parse("ALTER TABLE raw.t ALTER COLUMN age SET DATA TYPE BIGINT"))
                .isEqualTo(new AlterTable(TableName.parse("raw.t"), new SchemaChange.ChangeType("age", "BIGINT")));
        assertThat(SqlStatementParser.parse("ALTER TABLE raw.t RENAME COLUMN a TO b"))
                .isEqualTo(new AlterTable(TableName.parse("raw.t"), new SchemaChange.RenameColumn("a", "b")));
        assertThat(SqlStatementParser.parse("ALTER TABLE raw.t DROP COLUMN a"))
                .isEqualTo(new AlterTable(TableName.parse("raw.t"), new SchemaChange.DropColumn("a")));
    }

    @Test
    void unsupportedAlterationsAndBadDefinitionsAreNamed() {
        assertThatThrownBy(() -> SqlStatementParser.parse("ALTER TABLE raw.t SET TBLPROPERTIES ('a' = 'b')"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage(
                        "ALTER TABLE supports ADD COLUMNS (name type, …), ALTER COLUMN name TYPE type, RENAME COLUMN a"
                                + " TO b and DROP COLUMN name; not: ALTER TABLE raw.t SET TBLPROPERTIES ('a' = 'b')");
        assertThatThrownBy(() -> SqlStatementParser.parse("ALTER TABLE raw.t ADD COLUMNS (a)"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Expected 'name type' in ADD COLUMNS of: ALTER TABLE raw.t ADD COLUMNS (a)");
    }

    @Test
    void typeNames() {
        assertThat(SqlTypes.parse("bigint")).isEqualTo(Types.LongType.get());
        assertThat(SqlTypes.parse("TIMESTAMP")).isEqualTo(Types.TimestampType.withoutZone());
        assertThat(SqlTypes.parse("timestamp with time zone")).isEqualTo(Types.TimestampType.withZone());
        assertThat(SqlTypes.parse("numeric(12, 3)")).isEqualTo(Types.DecimalType.of(12, 3));
        assertThatThrownBy(() -> SqlTypes.parse("interval"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage(
                        "Unknown column type 'interval'; use BOOLEAN, INT, BIGINT, FLOAT, DOUBLE, DECIMAL(p,s), DATE,"
                                + " TIMESTAMP, TIMESTAMPTZ, STRING, BINARY, ARRAY<t>, MAP<k, v> or STRUCT<name: t, …>");
        assertThat(SqlTypes.parse("array<struct<a: int, `B`: map<string, date>>>")
                        .toString())
                .isEqualTo("list<struct<1001: a: optional int, 1002: b: optional map<string, date>>>");
        assertThatThrownBy(() -> SqlTypes.parse("map<int>"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Invalid column type 'map<int>'; nested types are written ARRAY<t>, MAP<k, v> or"
                        + " STRUCT<name: t, …>");
    }
}
