package dev.almanac.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.almanac.core.catalog.TableName;
import dev.almanac.core.control.Leases;
import dev.almanac.core.control.ProvenanceRecord;
import dev.almanac.core.ingest.FileOutcome;
import dev.almanac.core.ingest.JdbcIngest;
import dev.almanac.core.ingest.SourceReport;
import dev.almanac.core.warehouse.SourceConfig;
import dev.almanac.core.warehouse.SourceKind;
import dev.almanac.core.warehouse.WarehouseConfig;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Landing tables and queries of JDBC databases: full loads replace, incremental loads append each
 * row once, the high-water mark survives a run killed between committing and recording it. The
 * source is a SQLite file in the warehouse (and a PostgreSQL schema when one is configured);
 * subclasses choose the control database.
 */
public abstract class AbstractJdbcIngestTest {
    private static final Map<String, String> ENVIRONMENT = Map.of("SHOP_PASSWORD", "hunter2");

    @TempDir
    protected Path temporary;

    private Path directory;
    private String sourceUrl;
    private TestingWarehouse warehouse;

    protected abstract WarehouseConfig config(Path directory);

    @BeforeEach
    void createWarehouseAndSource() throws SQLException {
        directory = temporary.resolve("warehouse");
        warehouse = TestingWarehouse.create(directory, config(directory), "duckdb");
        sourceUrl = "jdbc:sqlite:" + directory.resolve("shop.db");
        source(
                "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT NOT NULL, amount DECIMAL(10,2))",
                "INSERT INTO orders VALUES (1, 'ann', 19.99), (2, 'bob', 5), (3, 'cy', NULL)",
                "CREATE TABLE events (id INTEGER, name TEXT)",
                "INSERT INTO events VALUES (1, 'a'), (2, 'b'), (3, 'c'), (NULL, 'no id')");
    }

    @AfterEach
    void closeWarehouse() {
        if (warehouse != null) {
            warehouse.close();
        }
    }

    @Test
    void aFullLoadReplacesTheTableOnEveryRun() throws SQLException {
        SourceConfig orders = jdbc("orders", "raw.orders", Map.of("url", "jdbc:sqlite:shop.db", "table", "orders"));

        SourceReport first = ingest(orders);

        assertThat(first.skipped()).isEmpty();
        assertThat(first.files())
                .containsExactly(new FileOutcome(
                        sourceUrl + " table orders", FileOutcome.Action.LOADED, 0, 3, 0, Optional.of("full load")));
        assertThat(warehouse.rows("SELECT id, customer, amount FROM raw.orders ORDER BY id"))
                .containsExactly(
                        List.of(1L, "ann", new BigDecimal("19.99")),
                        List.of(2L, "bob", new BigDecimal("5.00")),
                        Arrays.asList(3L, "cy", null));

        source(
                "DELETE FROM orders WHERE id = 1",
                "UPDATE orders SET amount = 7.5 WHERE id = 2",
                "INSERT INTO orders VALUES (4, 'dee', 1.25)");
        SourceReport second = ingest(orders);

        assertThat(second.files())
                .containsExactly(new FileOutcome(
                        sourceUrl + " table orders", FileOutcome.Action.REPLACED, 0, 3, 0, Optional.of("full load")));
        assertThat(warehouse.rows("SELECT id, customer, amount FROM raw.orders ORDER BY id"))
                .containsExactly(
                        List.of(2L, "bob", new BigDecimal("7.50")),
                        Arrays.asList(3L, "cy", null),
                        List.of(4L, "dee", new BigDecimal("1.25")));
        Snapshot current = table("raw.orders").currentSnapshot();
        assertThat(current.operation()).isEqualTo("overwrite");
        assertThat(current.summary())
                .containsEntry(JdbcIngest.SOURCE_PROPERTY, "orders")
                .doesNotContainKey(JdbcIngest.HIGH_WATER_PROPERTY);

        source("DELETE FROM orders");
        assertThat(ingest(orders).rows()).isZero();
        assertThat(warehouse.count("raw.orders")).isZero();
    }

    @Test
    void anIncrementalLoadAppendsOnlyRowsPastTheHighWaterMark() throws SQLException {
        SourceConfig events = incremental("events", "id");

        SourceReport first = ingest(events);

        assertThat(first.files())
                .containsExactly(new FileOutcome(
                        sourceUrl + " table events",
                        FileOutcome.Action.LOADED,
                        0,
                        3,
                        0,
                        Optional.of("incremental, first load: id up to 3")));
        // a row whose incremental column is NULL is never landed
        assertThat(warehouse.rows("SELECT id, name FROM raw.events ORDER BY id"))
                .containsExactly(List.of(1L, "a"), List.of(2L, "b"), List.of(3L, "c"));
        assertThat(highWaterMark("events")).containsExactly("id", "3", snapshotId("raw.events"));

        long snapshots = snapshotCount("raw.events");
        SourceReport nothingNew = ingest(events);

        assertThat(nothingNew.files())
                .containsExactly(new FileOutcome(
                        sourceUrl + " table events",
                        FileOutcome.Action.LOADED,
                        0,
                        0,
                        0,
                        Optional.of("incremental from id > 3: no new rows")));
        assertThat(snapshotCount("raw.events")).isEqualTo(snapshots);

        // a late row equal to the mark is not landed: the column must grow strictly for new rows
        source("INSERT INTO events VALUES (4, 'd'), (5, 'e'), (3, 'late'), (NULL, 'still no id')");
        SourceReport second = ingest(events);

        assertThat(second.files())
                .containsExactly(new FileOutcome(
                        sourceUrl + " table events",
                        FileOutcome.Action.LOADED,
                        0,
                        2,
                        0,
                        Optional.of("incremental from id > 3 up to 5")));
        assertThat(warehouse.rows("SELECT id, name FROM raw.events ORDER BY id"))
                .containsExactly(
                        List.of(1L, "a"), List.of(2L, "b"), List.of(3L, "c"), List.of(4L, "d"), List.of(5L, "e"));
        Snapshot current = table("raw.events").currentSnapshot();
        assertThat(current.operation()).isEqualTo("append");
        assertThat(current.summary())
                .containsEntry(JdbcIngest.SOURCE_PROPERTY, "events")
                .containsEntry(JdbcIngest.HIGH_WATER_PROPERTY, "5")
                .containsEntry(JdbcIngest.HIGH_WATER_COLUMN_PROPERTY, "id");
        assertThat(highWaterMark("events")).containsExactly("id", "5", current.snapshotId());
    }

    @Test
    void theHighWaterMarkIsRecoveredFromTheSnapshotWhenTheControlDatabaseMissedIt() throws SQLException {
        SourceConfig events = incremental("events", "id");
        ingest(events);
        long firstSnapshot = snapshotId("raw.events");
        source("INSERT INTO events VALUES (4, 'd'), (5, 'e')");
        ingest(events);
        long secondSnapshot = snapshotId("raw.events");
        // as if the second run died after its commit, before recording its mark
        control("UPDATE almanac_high_water_marks SET value_text = '3', snapshot_id = " + firstSnapshot
                + " WHERE source_name = 'events'");
        source("INSERT INTO events VALUES (6, 'f')");

        SourceReport recovered = ingest(events);

        assertThat(recovered.files())
                .extracting(FileOutcome::rows, FileOutcome::note)
                .containsExactly(tuple(
                        1L,
                        Optional.of("incremental from id > 5 up to 6; high-water mark recovered from snapshot "
                                + secondSnapshot)));
        assertThat(warehouse.rows("SELECT count(*), count(DISTINCT id), max(id) FROM raw.events"))
                .containsExactly(List.of(6L, 6L, 6L));
        assertThat(highWaterMark("events")).containsExactly("id", "6", snapshotId("raw.events"));

        long thirdSnapshot = snapshotId("raw.events");
        control("DELETE FROM almanac_high_water_marks WHERE source_name = 'events'");
        source("INSERT INTO events VALUES (7, 'g')");

        SourceReport afterDelete = ingest(events);

        assertThat(afterDelete.files())
                .extracting(FileOutcome::note)
                .containsExactly(Optional.of(
                        "incremental from id > 6 up to 7; high-water mark recovered from snapshot " + thirdSnapshot));
        assertThat(warehouse.rows("SELECT count(*), count(DISTINCT id) FROM raw.events"))
                .containsExactly(List.of(7L, 7L));
        assertThat(highWaterMark("events")).containsExactly("id", "7", snapshotId("raw.events"));
    }

    @Test
    void aTimestampColumnServesAsIncrementalColumnComparedAsTheSourceStoresIt() throws SQLException {
        source(
                "CREATE TABLE changes (name TEXT, updated_at DATETIME)",
                "INSERT INTO changes VALUES ('a', '2024-01-02 09:00:00'), ('b', '2024-01-02 10:00:00')");
        SourceConfig changes = incremental("changes", "updated_at");

        assertThat(ingest(changes).files())
                .extracting(FileOutcome::note)
                .containsExactly(Optional.of("incremental, first load: updated_at up to 2024-01-02 10:00:00"));

        source("INSERT INTO changes VALUES ('c', '2024-01-02 10:00:01'), ('too late', '2024-01-02 09:59:59')");
        SourceReport second = ingest(changes);

        assertThat(second.files())
                .extracting(FileOutcome::rows, FileOutcome::note)
                .containsExactly(tuple(
                        1L,
                        Optional.of("incremental from updated_at > 2024-01-02 10:00:00 up to 2024-01-02 10:00:01")));
        assertThat(warehouse.rows("SELECT name, updated_at FROM raw.changes ORDER BY updated_at"))
                .containsExactly(
                        List.of("a", LocalDateTime.parse("2024-01-02T09:00:00")),
                        List.of("b", LocalDateTime.parse("2024-01-02T10:00:00")),
                        List.of("c", LocalDateTime.parse("2024-01-02T10:00:01")));
    }

    @Test
    void columnsLandWithTheirIcebergTypesAndValues() throws SQLException {
        source(
                "CREATE TABLE readings (id INTEGER PRIMARY KEY, small SMALLINT, amount DECIMAL(10,2), huge DECIMAL(50,5),"
                        + " ratio REAL, active BOOLEAN, dt DATE, taken_at DATETIME, seen_at TIMESTAMP WITH TIME ZONE,"
                        + " label VARCHAR(20), anything)",
                "INSERT INTO readings VALUES (1, 7, 19.99, 12345.5, 0.25, 1, '2024-01-02', '2024-01-02 10:30:00',"
                        + " '2024-01-02 10:30:00+02:00', 'ann', 42)",
                "INSERT INTO readings VALUES (2, NULL, '3.456', NULL, NULL, 0, '2024-01-03', '2024-01-03T23:59:59.125',"
                        + " '2024-01-03 00:00:00Z', NULL, 'x')");

        ingest(jdbc("readings", "raw.readings", Map.of("url", "jdbc:sqlite:shop.db", "table", "readings")));

        Table table = table("raw.readings");
        assertThat(table.schema().columns())
                .extracting(column -> column.name() + " " + column.type())
                .containsExactly(
                        "id long",
                        "small long",
                        "amount decimal(10, 2)",
                        "huge double",
                        "ratio double",
                        "active boolean",
                        "dt date",
                        "taken_at timestamp",
                        "seen_at timestamptz",
                        "label string",
                        "anything string");
        assertThat(table.spec().fields())
                .extracting(field -> field.name() + " " + field.transform())
                .containsExactly("dt identity");
        assertThat(warehouse.rows("SELECT * FROM raw.readings ORDER BY id"))
                .containsExactly(
                        List.of(
                                1L,
                                7L,
                                new BigDecimal("19.99"),
                                12345.5,
                                0.25,
                                true,
                                LocalDate.parse("2024-01-02"),
                                LocalDateTime.parse("2024-01-02T10:30:00"),
                                Instant.parse("2024-01-02T08:30:00Z"),
                                "ann",
                                "42"),
                        Arrays.asList(
                                2L,
                                null,
                                new BigDecimal("3.46"),
                                null,
                                null,
                                false,
                                LocalDate.parse("2024-01-03"),
                                LocalDateTime.parse("2024-01-03T23:59:59.125"),
                                Instant.parse("2024-01-03T00:00:00Z"),
                                null,
                                "x"));
    }

    @Test
    void aValueThatDoesNotFitItsColumnFailsTheRunNamingRowAndColumn() throws SQLException {
        source(
                "CREATE TABLE visits (id INTEGER, visited_at DATETIME)",
                "INSERT INTO visits VALUES (1, '2024-01-02 10:00:00'), (2, 'yesterday')");
        SourceConfig visits = jdbc("visits", "raw.visits", Map.of("url", "jdbc:sqlite:shop.db", "table", "visits"));

        assertThatThrownBy(() -> ingest(visits))
                .isInstanceOfSatisfying(
                        AlmanacException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TYPE_MISMATCH))
                .hasMessage("Source 'visits': column 'visited_at' of row 2 of " + sourceUrl + " table visits holds"
                        + " 'yesterday', which is not a TIMESTAMP (yyyy-MM-dd HH:mm:ss); fix the value, or land the column"
                        + " as text with CAST in option 'query'");
        assertThat(table("raw.visits").currentSnapshot()).isNull();
    }

    @Test
    void aQueryLandsItsRowsAndNewSourceColumnsAreAdded() throws SQLException {
        SourceConfig named = jdbc(
                "named",
                "raw.named",
                Map.of(
                        "url",
                        "jdbc:sqlite:shop.db",
                        "query",
                        "SELECT id, upper(name) AS shout FROM events WHERE id IS NOT NULL;\n",
                        "mode",
                        "incremental",
                        "incremental-column",
                        "id"));

        SourceReport first = ingest(named);

        assertThat(first.files())
                .extracting(FileOutcome::path, FileOutcome::rows)
                .containsExactly(tuple(sourceUrl + " query", 3L));
        assertThat(table("raw.named").schema().columns())
                .extracting(column -> column.name() + " " + column.type())
                .containsExactly("id long", "shout string");

        source("ALTER TABLE events ADD COLUMN weight DECIMAL(5,1)", "INSERT INTO events VALUES (4, 'd', 2.5)");
        SourceConfig withWeight = jdbc(
                "named",
                "raw.named",
                Map.of(
                        "url",
                        "jdbc:sqlite:shop.db",
                        "query",
                        "SELECT id, upper(name) AS shout, weight FROM events WHERE id IS NOT NULL",
                        "mode",
                        "incremental",
                        "incremental-column",
                        "id"));
        ingest(withWeight);

        assertThat(warehouse.rows("SELECT id, shout, weight FROM raw.named ORDER BY id"))
                .containsExactly(
                        Arrays.asList(1L, "A", null),
                        Arrays.asList(2L, "B", null),
                        Arrays.asList(3L, "C", null),
                        List.of(4L, "D", new BigDecimal("2.5")));
    }

    @Test
    void provenanceIsRecordedForEveryLoad() throws SQLException {
        ingest(incremental("events", "id"));
        source("INSERT INTO events VALUES (4, 'd'), (5, 'e')");
        ingest(incremental("events", "id"));

        long snapshot = snapshotId("raw.events");
        ProvenanceRecord record =
                warehouse.warehouse().provenance().find("raw.events", snapshot).orElseThrow();

        assertThat(record.operation()).isEqualTo("ingest");
        assertThat(record.principal()).isEqualTo("tester");
        assertThat(record.rowsWritten()).isEqualTo(2);
        assertThat(record.filesWritten()).isEqualTo(1);
        assertThat(record.sql())
                .isEqualTo(
                        "ingest events from " + sourceUrl + " table events:"
                                + " SELECT * FROM (SELECT * FROM \"events\") AS almanac_source WHERE \"id\" > ? AND \"id\" <= ? [3, 5]");
        assertThat(table("raw.events").currentSnapshot().summary())
                .containsEntry("almanac.operation", "ingest")
                .containsEntry("almanac.principal", "tester");
    }

    @Test
    void aSourceBeingIngestedElsewhereIsSkipped() throws SQLException {
        Leases leases = new Leases(warehouse.warehouse().controlDatabase(), Clock.systemUTC(), Duration.ofMinutes(5));
        SourceConfig orders = jdbc("orders", "raw.orders", Map.of("url", "jdbc:sqlite:shop.db", "table", "orders"));
        Leases.Lease held =
                leases.tryAcquire("ingest:orders", "another-process").orElseThrow();
        SourceReport skipped;
        try {
            skipped = ingest(orders);
        } finally {
            held.close();
        }

        assertThat(skipped.files()).isEmpty();
        assertThat(skipped.skipped())
                .hasValueSatisfying(
                        reason -> assertThat(reason).startsWith("being ingested by another-process (until "));
        assertThat(warehouse
                        .warehouse()
                        .catalog()
                        .tableExists(TableName.parse("raw.orders").identifier()))
                .isFalse();
        assertThat(ingest(orders).rows()).isEqualTo(3);
    }

    @Test
    void twoConcurrentIncrementalRunsNeverAppendARowTwice() throws Exception {
        StringBuilder values = new StringBuilder();
        for (int id = 4; id <= 2000; id++) {
            values.append(id == 4 ? "" : ", ")
                    .append("(")
                    .append(id)
                    .append(", 'n")
                    .append(id)
                    .append("')");
        }
        source("INSERT INTO events VALUES " + values);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<SourceReport>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            runs.add(pool.submit(() -> {
                try (TestingWarehouse own = TestingWarehouse.open(directory, "duckdb")) {
                    start.await();
                    return new JdbcIngest(
                                    own.warehouse(), own.session().engine(), "tester", Clock.systemUTC(), ENVIRONMENT)
                            .ingest(incremental("events", "id"));
                }
            }));
        }
        start.countDown();
        long landed = 0;
        for (Future<SourceReport> run : runs) {
            SourceReport report = run.get();
            report.skipped().ifPresent(reason -> assertThat(reason).startsWith("being ingested by "));
            landed += report.rows();
        }
        pool.shutdown();

        assertThat(landed).isEqualTo(2000);
        assertThat(warehouse.rows("SELECT count(*), count(DISTINCT id) FROM raw.events"))
                .containsExactly(List.of(2000L, 2000L));
    }

    @Test
    void badConfigurationIsReportedWithTheFix() {
        assertInvalid(
                jdbc("bad", "raw.bad", Map.of("table", "orders")),
                "Source 'bad' needs option 'url', the JDBC URL of the database to read"
                        + " (e.g. jdbc:postgresql://db.example.org:5432/shop or jdbc:sqlite:shop.db)");
        assertInvalid(
                jdbc("bad", "raw.bad", Map.of("url", "jdbc:sqlite:shop.db", "table", "orders", "query", "SELECT 1")),
                "Source 'bad' has both option 'table' and option 'query'; keep one: 'table' copies a table of the"
                        + " database, 'query' lands the rows of a SELECT");
        assertInvalid(
                jdbc("bad", "raw.bad", Map.of("url", "jdbc:sqlite:shop.db")),
                "Source 'bad' needs option 'table' (a table of the database to copy) or option 'query' (a SELECT whose"
                        + " rows to land)");
        assertInvalid(
                jdbc("bad", "raw.bad", Map.of("url", "jdbc:sqlite:shop.db", "table", "orders", "mode", "append")),
                "Source 'bad': mode 'append' is not one of full, incremental");
        assertInvalid(
                jdbc("bad", "raw.bad", Map.of("url", "jdbc:sqlite:shop.db", "table", "orders", "mode", "incremental")),
                "Source 'bad': mode incremental needs option 'incremental-column', a column whose values only grow"
                        + " (e.g. an id or an updated_at timestamp)");
        assertInvalid(
                jdbc(
                        "bad",
                        "raw.bad",
                        Map.of("url", "jdbc:sqlite:shop.db", "table", "orders", "incremental-column", "id")),
                "Source 'bad': option 'incremental-column' applies only to mode incremental; set mode: incremental or"
                        + " remove it");
        assertInvalid(
                jdbc("bad", "raw.bad", Map.of("url", "jdbc:sqlite:shop.db", "table", "orders", "batch-rows", "lots")),
                "Source 'bad': batch-rows must be a positive whole number, not 'lots'");
        assertInvalid(
                jdbc("bad", "raw.bad", Map.of("url", "jdbc:sqlite:shop.db", "table", "orders", "pasword-env", "X")),
                "Source 'bad' has unknown option 'pasword-env'; jdbc sources take: url, user, password-env, table,"
                        + " query, mode, incremental-column, batch-rows");
        assertInvalid(
                jdbc(
                        "bad",
                        "raw.bad",
                        Map.of("url", "jdbc:sqlite:shop.db", "table", "orders", "password-env", "NOT_SET")),
                "Source 'bad' takes its password from $NOT_SET (option 'password-env'), which is not set");
        assertInvalid(
                jdbc("bad", "raw.bad", Map.of("url", "https://db.example.org/shop?password=secret", "table", "orders")),
                "Source 'bad': url 'https://db.example.org/shop' is not a JDBC URL; write"
                        + " jdbc:postgresql://HOST:PORT/DATABASE or jdbc:sqlite:FILE");
        assertInvalid(
                jdbc("bad", "raw.bad", Map.of("url", "jdbc:sqlite:missing.db", "table", "orders")),
                "Source 'bad': the SQLite database " + directory.resolve("missing.db")
                        + " does not exist; check option 'url' (a relative file is relative to the warehouse)");
        assertInvalid(
                new SourceConfig("bad", SourceKind.JDBC, "", Optional.empty(), Map.of("url", "jdbc:sqlite:shop.db")),
                "Source 'bad' of kind jdbc needs a 'table' to land in (e.g. table: raw.bad)");
        assertInvalid(
                jdbc(
                        "bad",
                        "raw.bad",
                        Map.of("url", "jdbc:mysql://db.example.org/shop?password=secret", "table", "orders")),
                "Source 'bad': no JDBC driver for jdbc:mysql://db.example.org/shop is installed; Almanac includes"
                        + " drivers for jdbc:postgresql: and jdbc:sqlite: URLs");
        assertInvalid(
                jdbc("bad", "raw.bad", Map.of("url", "jdbc:sqlite:shop.db", "table", "ordrs")),
                "Source 'bad': table 'ordrs' does not exist in " + sourceUrl
                        + "; check option 'table' (tables there: events, orders)");
        assertInvalid(
                jdbc(
                        "bad",
                        "raw.bad",
                        Map.of(
                                "url",
                                "jdbc:sqlite:shop.db",
                                "table",
                                "orders",
                                "mode",
                                "incremental",
                                "incremental-column",
                                "created")),
                "Source 'bad': incremental-column 'created' is not a column of table orders (its columns: id, customer,"
                        + " amount)");
        assertInvalid(
                jdbc("bad", "raw.bad", Map.of("url", "jdbc:sqlite:shop.db", "query", "SELECT id FROM nowhere")),
                "Source 'bad': " + sourceUrl + " rejected option 'query': [SQLITE_ERROR] SQL error or missing database"
                        + " (no such table: nowhere); fix the query");
        assertThat(warehouse
                        .warehouse()
                        .catalog()
                        .tableExists(TableName.parse("raw.bad").identifier()))
                .isFalse();
    }

    @Test
    void anUnreachableDatabaseIsReportedWithoutItsPassword() {
        SourceConfig unreachable = jdbc(
                "remote",
                "raw.remote",
                Map.of(
                        "url", "jdbc:postgresql://127.0.0.1:1/shop?password=secret&connectTimeout=5",
                        "user", "shop",
                        "password-env", "SHOP_PASSWORD",
                        "table", "orders"));

        assertThatThrownBy(() -> ingest(unreachable))
                .isInstanceOfSatisfying(
                        AlmanacException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_ERROR))
                .hasMessage("Source 'remote' could not connect to jdbc:postgresql://127.0.0.1:1/shop: Connection to"
                        + " 127.0.0.1:1 refused. Check that the hostname and port are correct and that the postmaster is"
                        + " accepting TCP/IP connections.; check options 'url', 'user' and 'password-env', and that the"
                        + " database accepts connections")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret", "hunter2"));
    }

    @Test
    void aPostgresqlTableLandsTypedAndIncrementally() throws SQLException {
        String url = TestingPostgres.newSchemaUrl();
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute(
                    "CREATE TABLE \"Payments\" (id BIGSERIAL PRIMARY KEY, amount NUMERIC(12,3), score NUMERIC,"
                            + " ratio REAL, settled BOOLEAN, day DATE, booked TIMESTAMP, seen TIMESTAMPTZ, note TEXT, payload JSONB)");
            statement.execute(
                    "INSERT INTO \"Payments\" (amount, score, ratio, settled, day, booked, seen, note, payload) VALUES"
                            + " (12.5, 1.25, 0.5, true, '2024-01-02', '2024-01-02 10:00:00.123456', '2024-01-02 10:00:00+02', 'first', '{\"a\": 1}'),"
                            + " (NULL, NULL, NULL, false, NULL, NULL, '2024-01-02 09:00:00+00', NULL, NULL),"
                            + " (3, 7, 1, NULL, '2024-01-03', '2024-01-03 00:00:00', '2024-01-02 07:59:59+00', 'third', '[]')");
        }
        SourceConfig payments = jdbc(
                "payments",
                "raw.payments",
                Map.of(
                        "url",
                        url,
                        "table",
                        "payments",
                        "mode",
                        "incremental",
                        "incremental-column",
                        "seen",
                        "batch-rows",
                        "2"));
        String redacted = url.substring(0, url.indexOf('?'));

        SourceReport first = ingest(payments);

        assertThat(first.files())
                .containsExactly(new FileOutcome(
                        redacted + " table payments",
                        FileOutcome.Action.LOADED,
                        0,
                        3,
                        0,
                        Optional.of("incremental, first load: seen up to 2024-01-02T09:00Z")));
        assertThat(table("raw.payments").schema().columns())
                .extracting(column -> column.name() + " " + column.type())
                .containsExactly(
                        "id long",
                        "amount decimal(12, 3)",
                        "score double",
                        "ratio double",
                        "settled boolean",
                        "day date",
                        "booked timestamp",
                        "seen timestamptz",
                        "note string",
                        "payload string");
        assertThat(warehouse.rows("SELECT * FROM raw.payments ORDER BY id"))
                .containsExactly(
                        List.of(
                                1L,
                                new BigDecimal("12.500"),
                                1.25,
                                0.5,
                                true,
                                LocalDate.parse("2024-01-02"),
                                LocalDateTime.parse("2024-01-02T10:00:00.123456"),
                                Instant.parse("2024-01-02T08:00:00Z"),
                                "first",
                                "{\"a\": 1}"),
                        Arrays.asList(
                                2L,
                                null,
                                null,
                                null,
                                false,
                                null,
                                null,
                                Instant.parse("2024-01-02T09:00:00Z"),
                                null,
                                null),
                        Arrays.asList(
                                3L,
                                new BigDecimal("3.000"),
                                7.0,
                                1.0,
                                null,
                                LocalDate.parse("2024-01-03"),
                                LocalDateTime.parse("2024-01-03T00:00:00"),
                                Instant.parse("2024-01-02T07:59:59Z"),
                                "third",
                                "[]"));

        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO \"Payments\" (seen, note) VALUES ('2024-01-02 09:00:00.000001+00', 'later'),"
                    + " ('2024-01-02 09:00:00+00', 'equal'), ('2024-01-01 00:00:00+00', 'earlier')");
        }
        SourceReport second = ingest(payments);

        assertThat(second.files())
                .extracting(FileOutcome::rows, FileOutcome::note)
                .containsExactly(tuple(
                        1L,
                        Optional.of("incremental from seen > 2024-01-02T09:00Z up to 2024-01-02T09:00:00.000001Z")));
        assertThat(warehouse.rows("SELECT note FROM raw.payments WHERE id > 3")).containsExactly(List.of("later"));

        // DuckDB names are case-insensitive; SQLite renames a repeated column (id:1), PostgreSQL returns both
        assertInvalid(
                jdbc("bad", "raw.bad", Map.of("url", url, "query", "SELECT id, note AS \"ID\" FROM \"Payments\"")),
                "Source 'bad': option 'query' returns two columns named 'ID'; give each a distinct name with AS in option"
                        + " 'query'");
        assertInvalid(
                jdbc("bad", "raw.bad", Map.of("url", url, "table", "nowhere.payments")),
                "Source 'bad': table 'nowhere.payments' does not exist in " + redacted
                        + "; check option 'table' (it has no tables in schema nowhere)");
    }

    private SourceConfig incremental(String table, String column) {
        return jdbc(
                table,
                "raw." + table,
                Map.of(
                        "url",
                        "jdbc:sqlite:shop.db",
                        "table",
                        table,
                        "mode",
                        "incremental",
                        "incremental-column",
                        column));
    }

    private static SourceConfig jdbc(String name, String target, Map<String, String> options) {
        return new SourceConfig(name, SourceKind.JDBC, "", Optional.of(target), new HashMap<>(options));
    }

    @Test
    void theIngestRunnerLandsDatabaseSourcesDeclaredInTheWarehouse() {
        SourceConfig orders = jdbc("orders", "raw.orders", Map.of("url", "jdbc:sqlite:shop.db", "table", "orders"));
        try (TestingWarehouse declared = TestingWarehouse.open(directory, "duckdb");
                dev.almanac.core.warehouse.Warehouse configured = withSources(declared.warehouse(), List.of(orders))) {
            dev.almanac.core.ingest.IngestRunner runner = new dev.almanac.core.ingest.IngestRunner(
                    configured,
                    declared.session().engine(),
                    "tester",
                    Clock.systemUTC(),
                    dev.almanac.core.ingest.IngestListener.NONE,
                    ENVIRONMENT);
            SourceReport report = runner.run(List.of("orders"), false).get(0);
            assertThat(report.rows()).isEqualTo(3);
            assertThat(runner.run(List.of("orders"), true).get(0).skipped())
                    .contains("a database source has no files to list");
        }
        assertThat(warehouse.count("raw.orders")).isEqualTo(3);
    }

    private static dev.almanac.core.warehouse.Warehouse withSources(
            dev.almanac.core.warehouse.Warehouse warehouse, List<SourceConfig> sources) {
        try {
            java.nio.file.Files.writeString(
                    warehouse.directory().resolve(dev.almanac.core.warehouse.WarehouseConfigParser.FILE_NAME),
                    dev.almanac.core.warehouse.WarehouseConfigParser.format(
                            warehouse.config().withSources(sources)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return dev.almanac.core.warehouse.Warehouse.open(warehouse.directory(), Map.of());
    }

    private SourceReport ingest(SourceConfig source) {
        return new JdbcIngest(
                        warehouse.warehouse(), warehouse.session().engine(), "tester", Clock.systemUTC(), ENVIRONMENT)
                .ingest(source);
    }

    private void assertInvalid(SourceConfig source, String message) {
        assertThatThrownBy(() -> ingest(source))
                .isInstanceOfSatisfying(
                        AlmanacException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                .hasMessage(message);
    }

    private Table table(String name) {
        return warehouse.session().loadTable(TableName.parse(name));
    }

    private long snapshotId(String name) {
        return table(name).currentSnapshot().snapshotId();
    }

    private long snapshotCount(String name) {
        long count = 0;
        for (Snapshot ignored : table(name).snapshots()) {
            count++;
        }
        return count;
    }

    /** The control database's row for the source: column, value and snapshot. */
    private List<Object> highWaterMark(String source) throws SQLException {
        try (Connection connection = warehouse.warehouse().controlDatabase().connect();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT column_name, value_text, snapshot_id FROM almanac_high_water_marks WHERE source_name = ?")) {
            query.setString(1, source);
            try (ResultSet rows = query.executeQuery()) {
                assertThat(rows.next()).as("a high-water mark for " + source).isTrue();
                return List.of(rows.getString(1), rows.getString(2), rows.getLong(3));
            }
        }
    }

    private void control(String sql) throws SQLException {
        try (Connection connection = warehouse.warehouse().controlDatabase().connect();
                Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate(sql)).isEqualTo(1);
        }
    }

    private void source(String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(sourceUrl);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
