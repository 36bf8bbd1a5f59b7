package dev.almanac.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.almanac.core.catalog.TableName;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestSqlStatementParser {
    @Test
    void createTableAs() {
        assertThat(SqlStatementParser.parse("CREATE TABLE raw.events AS SELECT 1 AS x"))
                .isEqualTo(new SqlStatement.CreateTableAs(
                        TableName.parse("raw.events"), false, List.of(), "SELECT 1 AS x"));
    }

    @Test
    void createTableIfNotExistsPartitioned() {
        SqlStatement statement = SqlStatementParser.parse(
                "create table if not exists Raw.Events partitioned by (DT, \"Kind\") as\n  select 1 as dt");

        assertThat(statement)
                .isEqualTo(new SqlStatement.CreateTableAs(
                        TableName.parse("raw.events"), true, List.of("dt", "Kind"), "select 1 as dt"));
    }

    @Test
    void createTableAsKeepsTheWholeQuery() {
        String query = "WITH x AS (SELECT 1 AS a) SELECT a FROM x WHERE a = 'AS'";

        SqlStatement statement = SqlStatementParser.parse("CREATE TABLE raw.t AS " + query + ";");

        assertThat(((SqlStatement.CreateTableAs) statement).query()).isEqualTo(query);
    }

    @Test
    void createTableNeedsTheAsKeyword() {
        // a name ending in "as" must not be split into a shorter name and AS
        assertThatThrownBy(() -> SqlStatementParser.parse("CREATE TABLE raw.bias SELECT 1"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Expected CREATE TABLE name (column type, …) [PARTITIONED BY (…)] or CREATE TABLE name"
                        + " [PARTITIONED BY (column)] AS SELECT …, in: CREATE TABLE raw.bias SELECT 1")
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.NOT_SUPPORTED);
        assertThat(SqlStatementParser.parse("CREATE TABLE raw.bias AS SELECT 1"))
                .isEqualTo(new SqlStatement.CreateTableAs(TableName.parse("raw.bias"), false, List.of(), "SELECT 1"));
    }

    @Test
    void createTableWithColumnsTheSparkWay() {
        SqlStatement statement = SqlStatementParser.parse("CREATE TABLE IF NOT EXISTS agg.t (a INT COMMENT 'the, a',"
                + " `Money` DECIMAL(10, 2) NOT NULL, tags MAP<STRING, ARRAY<INT>>, dt DATE) USING iceberg"
                + " PARTITIONED BY (dt)");

        assertThat(statement)
                .isEqualTo(new SqlStatement.CreateTable(
                        TableName.parse("agg.t"),
                        true,
                        List.of(
                                new SqlStatement.ColumnDefinition("a", "INT"),
                                new SqlStatement.ColumnDefinition("Money", "DECIMAL(10, 2)"),
                                new SqlStatement.ColumnDefinition("tags", "MAP<STRING, ARRAY<INT>>"),
                                new SqlStatement.ColumnDefinition("dt", "DATE")),
                        List.of("dt")));
    }

    @Test
    void createTableWithTypedPartitionColumnsTheHiveWay() {
        SqlStatement statement = SqlStatementParser.parse(
                "CREATE TABLE summary (user STRING, n BIGINT) COMMENT 'daily' PARTITIONED BY (dt STRING) STORED AS"
                        + " PARQUET",
                parts -> new TableName(List.of("agg"), parts.get(0)));

        assertThat(statement)
                .isEqualTo(new SqlStatement.CreateTable(
                        TableName.parse("agg.summary"),
                        false,
                        List.of(
                                new SqlStatement.ColumnDefinition("user", "STRING"),
                                new SqlStatement.ColumnDefinition("n", "BIGINT"),
                                new SqlStatement.ColumnDefinition("dt", "STRING")),
                        List.of("dt")));
    }

    @Test
    void createTableRefusesClausesThatPlaceTheTableElsewhere() {
        assertThatThrownBy(() -> SqlStatementParser.parse("CREATE TABLE raw.t (a INT) LOCATION 's3://bucket/t'"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("CREATE TABLE does not support 'LOCATION 's3://bucket/t'': tables live in the warehouse as"
                        + " Iceberg tables of Parquet files; allowed after the columns: COMMENT, PARTITIONED BY (…),"
                        + " USING iceberg, STORED AS PARQUET");
        assertThatThrownBy(() -> SqlStatementParser.parse("CREATE TABLE raw.t (a INT) PARTITIONED BY (b)"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("PARTITIONED BY names b, which is not a column of raw.t; declare it in the column list or"
                        + " give its type in PARTITIONED BY");
        assertThatThrownBy(() -> SqlStatementParser.parse("CREATE TABLE raw.t (a INT, a STRING)"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Table raw.t declares column a twice");
        assertThatThrownBy(() -> SqlStatementParser.parse("CREATE TABLE raw.t (a)"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Expected 'name type' for each column, found 'a' in: CREATE TABLE raw.t (a)");
    }

    @Test
    void oneTablePartNeedsANamespaceUnlessResolved() {
        assertThatThrownBy(() -> SqlStatementParser.parse("INSERT INTO events SELECT 1"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Table name 'events' has no namespace: write namespace.table, e.g. raw.events");
        assertThat(SqlStatementParser.parse(
                        "INSERT INTO `Events` SELECT 1", parts -> TableName.of(List.of("raw", parts.get(0)))))
                .isEqualTo(
                        new SqlStatement.Insert(new TableName(List.of("raw"), "Events"), false, Map.of(), "SELECT 1"));
    }

    @Test
    void createOrReplaceIsNotSupported() {
        assertThatThrownBy(() -> SqlStatementParser.parse("CREATE OR REPLACE TABLE raw.t AS SELECT 1"))
                .isInstanceOf(AlmanacException.class)
                .hasMessageStartingWith("Expected CREATE TABLE name (column type, …)");
    }

    @Test
    void createTableAsWithoutQuery() {
        assertThatThrownBy(() -> SqlStatementParser.parse("CREATE TABLE raw.t AS DELETE FROM raw.u"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Expected a query (SELECT …) in: CREATE TABLE raw.t AS DELETE FROM raw.u")
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.SYNTAX_ERROR);
    }

    @Test
    void emptyPartitionColumn() {
        assertThatThrownBy(() -> SqlStatementParser.parse("CREATE TABLE raw.t PARTITIONED BY (dt, ) AS SELECT 1"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Empty column name in PARTITIONED BY (dt, )");
        assertThatThrownBy(() -> SqlStatementParser.parse("CREATE TABLE raw.t PARTITIONED BY (dt,) AS SELECT 1"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Empty column name in PARTITIONED BY (dt,)");
        assertThatThrownBy(() -> SqlStatementParser.parse("CREATE TABLE raw.t PARTITIONED BY () AS SELECT 1"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Empty column name in PARTITIONED BY ()");
    }

    @Test
    void insertInto() {
        assertThat(SqlStatementParser.parse("INSERT INTO raw.events SELECT * FROM staging.events"))
                .isEqualTo(new SqlStatement.Insert(
                        TableName.parse("raw.events"), false, Map.of(), "SELECT * FROM staging.events"));
        assertThat(SqlStatementParser.parse("insert into table raw.events values (1, 'a')"))
                .isEqualTo(new SqlStatement.Insert(TableName.parse("raw.events"), false, Map.of(), "values (1, 'a')"));
    }

    @Test
    void insertIntoParenthesizedQuery() {
        assertThat(SqlStatementParser.parse("INSERT INTO raw.t (SELECT 1)"))
                .isEqualTo(new SqlStatement.Insert(TableName.parse("raw.t"), false, Map.of(), "(SELECT 1)"));
        assertThat(SqlStatementParser.parse("INSERT INTO raw.t ( SELECT 1 )"))
                .isEqualTo(new SqlStatement.Insert(TableName.parse("raw.t"), false, Map.of(), "( SELECT 1 )"));
        assertThat(SqlStatementParser.parse("INSERT INTO raw.t(SELECT 1)"))
                .isEqualTo(new SqlStatement.Insert(TableName.parse("raw.t"), false, Map.of(), "(SELECT 1)"));
    }

    @Test
    void commentBetweenHeadAndQuery() {
        SqlStatement statement = SqlStatementParser.parse(
                "INSERT OVERWRITE TABLE agg.daily PARTITION (dt='2024-01-02')\n-- the day's rows\nSELECT 1");

        assertThat(statement)
                .isEqualTo(new SqlStatement.Insert(
                        TableName.parse("agg.daily"), true, Map.of("dt", "2024-01-02"), "SELECT 1"));
    }

    @Test
    void doubleQuotedPartitionValueIsAHiveString() {
        SqlStatement statement = SqlStatementParser.parse(
                "INSERT OVERWRITE TABLE agg.daily PARTITION (dt=\"2024-01-02\", kind=\"a)\\\"b\") SELECT 1");

        assertThat(statement)
                .isEqualTo(new SqlStatement.Insert(
                        TableName.parse("agg.daily"), true, Map.of("dt", "2024-01-02", "kind", "a)\"b"), "SELECT 1"));
    }

    @Test
    void insertWithoutQuery() {
        assertThatThrownBy(() -> SqlStatementParser.parse("INSERT INTO raw.t DEFAULT VALUES"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Expected a query (SELECT …) in: INSERT INTO raw.t DEFAULT VALUES");
    }

    @Test
    void insertOverwrite() {
        assertThat(SqlStatementParser.parse("INSERT OVERWRITE TABLE raw.events SELECT 1"))
                .isEqualTo(new SqlStatement.Insert(TableName.parse("raw.events"), true, Map.of(), "SELECT 1"));
        assertThat(SqlStatementParser.parse("insert overwrite raw.events select 1"))
                .isEqualTo(new SqlStatement.Insert(TableName.parse("raw.events"), true, Map.of(), "select 1"));
    }

    @Test
    void insertOverwritePartition() {
        SqlStatement.Insert insert = (SqlStatement.Insert) SqlStatementParser.parse(
                "INSERT OVERWRITE TABLE agg.daily PARTITION (DT = '2024-01-02', hour=7, kind='it''s') SELECT 1");

        assertThat(insert.table()).isEqualTo(TableName.parse("agg.daily"));
        assertThat(insert.overwrite()).isTrue();
        assertThat(insert.staticPartition())
                .containsExactly(Map.entry("dt", "2024-01-02"), Map.entry("hour", "7"), Map.entry("kind", "it's"));
        assertThat(insert.query()).isEqualTo("SELECT 1");
    }

    @Test
    void partitionValueWithCommaOrParenthesis() {
        SqlStatement.Insert insert = (SqlStatement.Insert)
                SqlStatementParser.parse("INSERT OVERWRITE TABLE raw.t PARTITION (course='a,b', name='x)y') SELECT 1");

        assertThat(insert.staticPartition()).containsExactly(Map.entry("course", "a,b"), Map.entry("name", "x)y"));
        assertThat(insert.query()).isEqualTo("SELECT 1");
    }

    @Test
    void malformedPartitionClause() {
        assertThatThrownBy(() -> SqlStatementParser.parse("INSERT OVERWRITE TABLE raw.t PARTITION (dt) SELECT 1"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Expected column='value' in PARTITION (dt), e.g. PARTITION (dt='2024-01-02')")
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.SYNTAX_ERROR);
        assertThatThrownBy(() -> SqlStatementParser.parse("INSERT OVERWRITE TABLE raw.t PARTITION () SELECT 1"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Expected column='value' in PARTITION (), e.g. PARTITION (dt='2024-01-02')");
        assertThatThrownBy(() -> SqlStatementParser.parse("INSERT OVERWRITE TABLE raw.t PARTITION (dt='a',) SELECT 1"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Expected column='value' in PARTITION (dt='a',), e.g. PARTITION (dt='2024-01-02')");
        assertThatThrownBy(() -> SqlStatementParser.parse("INSERT OVERWRITE TABLE raw.t PARTITION (dt=a b) SELECT 1"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Expected column='value' in PARTITION (dt=a b), e.g. PARTITION (dt='2024-01-02')");
        assertThatThrownBy(() -> SqlStatementParser.parse("INSERT OVERWRITE TABLE raw.t PARTITION (dt='x) SELECT 1"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Expected PARTITION (column='value', …) in: INSERT OVERWRITE TABLE raw.t PARTITION (dt='x)"
                        + " SELECT 1");
    }

    @Test
    void duplicatePartitionColumn() {
        assertThatThrownBy(() ->
                        SqlStatementParser.parse("INSERT OVERWRITE TABLE raw.t PARTITION (dt='a', DT='b') SELECT 1"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Column dt appears twice in PARTITION (dt='a', DT='b')");
    }

    @Test
    void dropTable() {
        assertThat(SqlStatementParser.parse("DROP TABLE raw.events"))
                .isEqualTo(new SqlStatement.DropTable(TableName.parse("raw.events"), false));
        assertThat(SqlStatementParser.parse("drop table if exists raw.events;"))
                .isEqualTo(new SqlStatement.DropTable(TableName.parse("raw.events"), true));
    }

    @Test
    void queries() {
        assertThat(SqlStatementParser.parse("SELECT 42")).isEqualTo(new SqlStatement.Query("SELECT 42"));
        assertThat(SqlStatementParser.parse("WITH a AS (SELECT 1) SELECT * FROM a"))
                .isEqualTo(new SqlStatement.Query("WITH a AS (SELECT 1) SELECT * FROM a"));
        assertThat(SqlStatementParser.parse("FROM raw.events")).isEqualTo(new SqlStatement.Query("FROM raw.events"));
        assertThat(SqlStatementParser.parse("(SELECT 1) UNION (SELECT 2)"))
                .isEqualTo(new SqlStatement.Query("(SELECT 1) UNION (SELECT 2)"));
        // not a write statement Almanac knows: the engine decides what it is
        assertThat(SqlStatementParser.parse("DESCRIBE raw.events"))
                .isEqualTo(new SqlStatement.Query("DESCRIBE raw.events"));
    }

    @Test
    void leadingCommentsAndTrailingSemicolons() {
        String sql = "-- daily rollup\n/* owner: data team\n   reviewed */\n  -- another\nSELECT 1 ;;\n";

        assertThat(SqlStatementParser.parse(sql)).isEqualTo(new SqlStatement.Query("SELECT 1"));
        assertThat(SqlStatementParser.parse("/* c */ DROP TABLE raw.t;"))
                .isEqualTo(new SqlStatement.DropTable(TableName.parse("raw.t"), false));
    }

    @Test
    void emptyStatement() {
        for (String sql : List.of("", "   ", ";", "-- only a comment", "/* unterminated", "-- a\n;\n")) {
            assertThatThrownBy(() -> SqlStatementParser.parse(sql))
                    .as(sql)
                    .isInstanceOf(AlmanacException.class)
                    .hasMessage("Empty SQL statement")
                    .extracting(e -> ((AlmanacException) e).code())
                    .isEqualTo(ErrorCode.SYNTAX_ERROR);
        }
    }

    @Test
    void unsupportedStatements() {
        assertThatThrownBy(() -> SqlStatementParser.parse("UPDATE raw.t SET a = 1"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("UPDATE statements are not supported. Almanac runs queries and CREATE TABLE … AS SELECT,"
                        + " INSERT INTO, INSERT OVERWRITE TABLE … [PARTITION (…)], ALTER TABLE and DROP TABLE.")
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.NOT_SUPPORTED);
        assertThatThrownBy(() -> SqlStatementParser.parse("delete from raw.t"))
                .isInstanceOf(AlmanacException.class)
                .hasMessageStartingWith("DELETE statements are not supported.");
        assertThatThrownBy(() -> SqlStatementParser.parse("CREATE VIEW raw.v AS SELECT 1"))
                .isInstanceOf(AlmanacException.class)
                .hasMessageStartingWith("CREATE statements are not supported.");
        assertThatThrownBy(() -> SqlStatementParser.parse("DROP TABLE raw.t CASCADE"))
                .isInstanceOf(AlmanacException.class)
                .hasMessageStartingWith("DROP statements are not supported.");
        assertThatThrownBy(() -> SqlStatementParser.parse("-- set up\nATTACH 'x.db'"))
                .isInstanceOf(AlmanacException.class)
                .hasMessageStartingWith("ATTACH statements are not supported.");
    }

    @Test
    void quotedIdentifiers() {
        assertThat(SqlStatementParser.parse("INSERT INTO \"Raw\".\"Tracking Log\" SELECT 1"))
                .isEqualTo(new SqlStatement.Insert(
                        new TableName(List.of("Raw"), "Tracking Log"), false, Map.of(), "SELECT 1"));
        assertThat(SqlStatementParser.parse("CREATE TABLE edx . \"Mit.x\" . t AS SELECT 1"))
                .isEqualTo(new SqlStatement.CreateTableAs(
                        new TableName(List.of("edx", "Mit.x"), "t"), false, List.of(), "SELECT 1"));
        assertThat(SqlStatementParser.parse("DROP TABLE raw . \"T\""))
                .isEqualTo(new SqlStatement.DropTable(new TableName(List.of("raw"), "T"), false));
    }

    @Test
    void tableWithoutNamespace() {
        assertThatThrownBy(() -> SqlStatementParser.parse("DROP TABLE events"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Table name 'events' has no namespace: write namespace.table, e.g. raw.events");
    }

    @Test
    void abbreviatesLongStatements() {
        String sql = "CREATE TABLE raw.t AS DELETE FROM raw.u WHERE " + "a = 1 AND ".repeat(20) + "b = 2";

        assertThatThrownBy(() -> SqlStatementParser.parse(sql))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Expected a query (SELECT …) in: " + sql.substring(0, 117) + "...");
    }
}
