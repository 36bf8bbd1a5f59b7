package dev.almanac.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.almanac.core.catalog.TableName;
import dev.almanac.core.control.ProvenanceRecord;
import dev.almanac.core.engine.Engines;
import dev.almanac.core.sql.StatementOutcome;
import dev.almanac.core.sql.StatementOutcome.QueryOutcome;
import dev.almanac.core.sql.StatementOutcome.WriteOutcome;
import dev.almanac.core.warehouse.WarehouseConfig;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.engine.EngineCapability;
import dev.almanac.spi.engine.EngineContext;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warehouse contract: what every combination of control database and engine must do with
 * tables. Subclasses choose the control database and the engine.
 */
public abstract class AbstractWarehouseTest {
    private static final String THIRTY_DAYS = "CREATE TABLE raw.events PARTITIONED BY (dt) AS"
            + " SELECT r.id AS id, 'user' || (r.id % 97) AS username,"
            + " DATE '2024-01-01' + CAST(r.id % 30 AS INTEGER) AS dt, r.id % 7 AS score"
            + " FROM range(30000) AS r(id)";

    @TempDir
    protected Path temporary;

    protected TestingWarehouse warehouse;

    /** The warehouse configuration under test (its control database). */
    protected abstract WarehouseConfig config(Path directory);

    protected String engine() {
        return "duckdb";
    }

    /** The engine of one SQL session; by default a new one of {@link #engine()}'s kind. */
    protected Engine createEngine(EngineContext context) {
        return Engines.create(engine(), context);
    }

    @BeforeEach
    void createWarehouse() {
        Path directory = temporary.resolve("warehouse");
        warehouse = TestingWarehouse.create(directory, config(directory), this::createEngine);
    }

    @AfterEach
    void closeWarehouse() {
        if (warehouse != null) {
            warehouse.close();
        }
    }

    @Test
    void createPartitionedTableAndPruneToOneDay() {
        WriteOutcome created = (WriteOutcome) warehouse.execute(THIRTY_DAYS);
        assertThat(created.rows()).isEqualTo(30000);
        assertThat(created.files()).isEqualTo(30);

        StatementOutcome full = warehouse.session().execute("SELECT count(*) FROM raw.events", Map.of());
        ((QueryOutcome) full).rows().close();
        StatementOutcome oneDay =
                warehouse.session().execute("SELECT count(*) FROM raw.events WHERE dt = '2024-01-02'", Map.of());
        ((QueryOutcome) oneDay).rows().close();

        assertThat(full.read().files()).isEqualTo(30);
        assertThat(oneDay.read().files()).isEqualTo(1);
        assertThat((double) oneDay.read().bytes() / full.read().bytes()).isCloseTo(1.0 / 30, within(0.01));
        assertThat(warehouse.value("SELECT count(*) FROM raw.events WHERE dt = '2024-01-02'"))
                .isEqualTo(1000L);
        assertThat(warehouse.value("SELECT count(*) FROM raw.events WHERE dt BETWEEN '2024-01-02' AND '2024-01-04'"))
                .isEqualTo(3000L);
    }

    @Test
    void tableWithDateColumnDtIsPartitionedByIt() {
        warehouse.execute("CREATE TABLE raw.auto AS SELECT 1 AS id, DATE '2024-03-01' AS dt");
        Table table = loadTable("raw.auto");
        assertThat(table.spec().fields()).hasSize(1);
        assertThat(table.schema().findColumnName(table.spec().fields().get(0).sourceId()))
                .isEqualTo("dt");
    }

    @Test
    void overwritePartitionReplacesOnlyThatDayAndRecordsProvenance() {
        warehouse.execute(THIRTY_DAYS);
        List<List<Object>> before = warehouse.rows(
                "SELECT dt, count(*), sum(score) FROM raw.events WHERE dt <> DATE '2024-01-05' GROUP BY dt ORDER BY dt");
        String overwrite = "INSERT OVERWRITE TABLE raw.events PARTITION (dt='2024-01-05')"
                + " SELECT r.id AS id, 'late' AS username, 100 AS score FROM range(10) AS r(id)";

        WriteOutcome written = (WriteOutcome) warehouse.execute(overwrite);

        assertThat(written.rows()).isEqualTo(10);
        assertThat(warehouse.rows("SELECT count(*), min(username), max(score) FROM raw.events WHERE dt = '2024-01-05'"))
                .containsExactly(List.of(10L, "late", 100L));
        assertThat(
                        warehouse.rows(
                                "SELECT dt, count(*), sum(score) FROM raw.events WHERE dt <> DATE '2024-01-05' GROUP BY dt ORDER BY dt"))
                .isEqualTo(before);
        assertThat(warehouse.count("raw.events")).isEqualTo(29 * 1000 + 10);

        Table table = loadTable("raw.events");
        Snapshot snapshot = table.currentSnapshot();
        assertThat(snapshot.snapshotId()).isEqualTo(written.snapshotId().orElseThrow());
        assertThat(snapshot.summary())
                .containsEntry("almanac.sql", overwrite)
                .containsEntry("almanac.rows-written", "10")
                .containsEntry("almanac.operation", "overwrite-partition")
                .containsEntry("almanac.principal", "tester")
                .containsKey("almanac.duration-ms");
        ProvenanceRecord provenance = warehouse
                .warehouse()
                .provenance()
                .find("raw.events", snapshot.snapshotId())
                .orElseThrow();
        assertThat(provenance.sql()).isEqualTo(overwrite);
        assertThat(provenance.rowsWritten()).isEqualTo(10);
        assertThat(provenance.filesWritten()).isEqualTo(1);
        assertThat(provenance.bytesWritten()).isPositive();
        assertThat(provenance.principal()).isEqualTo("tester");
    }

    @Test
    void provenanceNamesTheSnapshotsOfTablesRead() {
        warehouse.execute(THIRTY_DAYS);
        long input = loadTable("raw.events").currentSnapshot().snapshotId();
        WriteOutcome derived = (WriteOutcome)
                warehouse.execute(
                        "CREATE TABLE agg.daily AS SELECT dt, count(*) AS events FROM raw.events WHERE dt < '2024-01-03' GROUP BY dt");

        ProvenanceRecord provenance = warehouse
                .warehouse()
                .provenance()
                .find("agg.daily", derived.snapshotId().orElseThrow())
                .orElseThrow();
        assertThat(provenance.inputSnapshots()).containsExactly(Map.entry("raw.events", input));
        assertThat(provenance.bytesRead()).isPositive();
        assertThat(provenance.operation()).isEqualTo("create-table-as-select");
        assertThat(warehouse.rows("SELECT dt, events FROM agg.daily ORDER BY dt"))
                .containsExactly(
                        List.of(LocalDate.parse("2024-01-01"), 1000L), List.of(LocalDate.parse("2024-01-02"), 1000L));
    }

    @Test
    void dynamicOverwriteReplacesThePartitionsInTheResult() {
        warehouse.execute(THIRTY_DAYS);
        warehouse.execute("INSERT OVERWRITE TABLE raw.events"
                + " SELECT r.id AS id, 'new' AS username, DATE '2024-01-01' + CAST(r.id % 2 AS INTEGER) AS dt, 0 AS score"
                + " FROM range(4) AS r(id)");

        assertThat(warehouse.rows(
                        "SELECT dt, count(*) FROM raw.events WHERE dt < '2024-01-04' GROUP BY dt ORDER BY dt"))
                .containsExactly(
                        List.of(LocalDate.parse("2024-01-01"), 2L),
                        List.of(LocalDate.parse("2024-01-02"), 2L),
                        List.of(LocalDate.parse("2024-01-03"), 1000L));
    }

    @Test
    void insertIntoAppendsRowsByPosition() {
        warehouse.execute(THIRTY_DAYS);
        warehouse.execute("INSERT INTO raw.events SELECT 1, 'extra', DATE '2024-02-01', 3");
        assertThat(warehouse.rows("SELECT id, username, score FROM raw.events WHERE dt = '2024-02-01'"))
                .containsExactly(List.of(1L, "extra", 3L));
        assertThat(warehouse.count("raw.events")).isEqualTo(30001);
    }

    @Test
    void insertWithWrongColumnCountNamesTheColumns() {
        warehouse.execute(THIRTY_DAYS);
        assertThatThrownBy(() -> warehouse.execute("INSERT INTO raw.events SELECT 1 AS id, 'x' AS username"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("INSERT into raw.events expects 4 columns (id, username, dt, score) but the query returns 2"
                        + " (id, username)")
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.TYPE_MISMATCH);
    }

    @Test
    void unknownTableIsNamed() {
        assertThatThrownBy(() -> warehouse.rows("SELECT * FROM raw.nope"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Table raw.nope does not exist; run `almanac tables` to list tables")
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.TABLE_NOT_FOUND);
    }

    /** The engine's own message for {@code SELECT nope FROM raw.events}. */
    protected String unknownColumnMessage() {
        return "Binder Error: Referenced column \"nope\" not found in FROM clause! Candidate bindings: \"score\"";
    }

    @Test
    void createTableWithDeclaredColumnsThenInsertByPosition() {
        warehouse.execute("CREATE TABLE agg.summary (user STRING, attempts BIGINT, tags ARRAY<STRING>, score"
                + " DECIMAL(6, 2)) PARTITIONED BY (dt DATE)");
        Table table = loadTable("agg.summary");
        assertThat(table.schema().columns().stream().map(Types.NestedField::name))
                .containsExactly("user", "attempts", "tags", "score", "dt");
        assertThat(table.spec().fields())
                .singleElement()
                .satisfies(field -> assertThat(field.name()).isEqualTo("dt"));
        assertThat(table.currentSnapshot()).isNull();

        warehouse.execute("INSERT OVERWRITE TABLE agg.summary PARTITION (dt='2024-01-02')"
                + " SELECT 'ann', 3, split('a,b', ','), 1.5");

        assertThat(warehouse.rows("SELECT user, attempts, tags, score, dt FROM agg.summary"))
                .containsExactly(
                        List.of("ann", 3L, List.of("a", "b"), new BigDecimal("1.50"), LocalDate.parse("2024-01-02")));
        assertThat(((WriteOutcome) warehouse.execute("CREATE TABLE IF NOT EXISTS agg.summary (other INT)"))
                        .snapshotId())
                .isEmpty();
        assertThatThrownBy(() -> warehouse.execute("CREATE TABLE agg.summary (other INT)"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Table agg.summary already exists; DROP TABLE agg.summary first");
    }

    @Test
    void oneTablePartNamesResolveThroughTheSearchPath() {
        warehouse.execute(THIRTY_DAYS);
        assertThatThrownBy(() -> warehouse.rows("SELECT count(*) FROM events"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Table 'events' needs its namespace, e.g. raw.events (run `almanac tables` to list tables;"
                        + " a pipeline can set search_path)");

        warehouse.session().searchPath(List.of("agg", "raw"));
        warehouse.execute("CREATE TABLE Daily AS SELECT dt, count(*) AS n FROM Events WHERE dt = DATE '2024-01-03'"
                + " GROUP BY dt");

        assertThat(warehouse.rows("SELECT n FROM agg.daily")).containsExactly(List.of(1000L));
        assertThat(warehouse.rows("SELECT d.n FROM daily d JOIN raw.events e ON e.dt = d.dt LIMIT 1"))
                .containsExactly(List.of(1000L));
    }

    @Test
    void unknownColumnIsNamed() {
        warehouse.execute(THIRTY_DAYS);
        assertThatThrownBy(() -> warehouse.rows("SELECT nope FROM raw.events"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage(unknownColumnMessage())
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.COLUMN_NOT_FOUND);
    }

    @Test
    void dropTableRemovesIt() {
        warehouse.execute(THIRTY_DAYS);
        warehouse.execute("DROP TABLE raw.events");
        assertThatThrownBy(() -> warehouse.count("raw.events"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Table raw.events does not exist; run `almanac tables` to list tables");
        assertThat(((StatementOutcome.DropOutcome) warehouse.execute("DROP TABLE IF EXISTS raw.events")).dropped())
                .isFalse();
        assertThatThrownBy(() -> warehouse.execute("DROP TABLE raw.events"))
                .hasMessage("Table raw.events does not exist; run `almanac tables` to list tables");
    }

    @Test
    void createExistingTableFails() {
        warehouse.execute(THIRTY_DAYS);
        assertThatThrownBy(() -> warehouse.execute(THIRTY_DAYS))
                .isInstanceOf(AlmanacException.class)
                .hasMessageStartingWith("Table raw.events already exists");
        WriteOutcome skipped =
                (WriteOutcome) warehouse.execute(THIRTY_DAYS.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS"));
        assertThat(skipped.snapshotId()).isEmpty();
    }

    @Test
    void timeTravelReadsOlderSnapshots() {
        warehouse.execute(THIRTY_DAYS);
        Snapshot first = loadTable("raw.events").currentSnapshot();
        warehouse.execute("INSERT INTO raw.events SELECT 1, 'extra', DATE '2024-02-01', 3");

        assertThat(warehouse.value("SELECT count(*) FROM raw.events VERSION AS OF " + first.snapshotId()))
                .isEqualTo(30000L);
        assertThat(warehouse.value("SELECT count(*) FROM raw.events FOR SYSTEM_VERSION AS OF " + first.snapshotId()
                        + " e WHERE e.dt = '2024-01-01'"))
                .isEqualTo(1000L);
        String firstTime = Instant.ofEpochMilli(first.timestampMillis()).toString();
        assertThat(warehouse.value("SELECT count(*) FROM raw.events TIMESTAMP AS OF '" + firstTime + "'"))
                .isEqualTo(30000L);
        assertThat(warehouse.count("raw.events")).isEqualTo(30001);
        assertThatThrownBy(() -> warehouse.value("SELECT count(*) FROM raw.events VERSION AS OF 42"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Table raw.events has no snapshot 42; `almanac describe raw.events` lists its snapshots");
    }

    @Test
    void schemaEvolutionReadsOldFilesByFieldId() {
        warehouse.execute("CREATE TABLE raw.people AS SELECT CAST(1 AS INTEGER) AS age, 'ann' AS name");
        Table table = loadTable("raw.people");
        table.updateSchema()
                .updateColumn("age", Types.LongType.get())
                .renameColumn("name", "full_name")
                .addColumn("country", Types.StringType.get())
                .commit();
        warehouse.execute("INSERT INTO raw.people SELECT 5000000000, 'bob', 'NZ'");

        assertThat(warehouse.rows("SELECT age, full_name, country FROM raw.people ORDER BY age"))
                .containsExactly(java.util.Arrays.asList(1L, "ann", null), List.of(5000000000L, "bob", "NZ"));
    }

    @Test
    void alterTableEvolvesTheSchemaWithoutRewritingData() {
        warehouse.execute("CREATE TABLE raw.people AS SELECT CAST(1 AS INTEGER) AS age, 'ann' AS name, 'x' AS note");
        long files = Long.parseLong(
                loadTable("raw.people").currentSnapshot().summary().get("total-data-files"));
        warehouse.execute("ALTER TABLE raw.people ADD COLUMNS (country STRING, score DECIMAL(10,2))");
        warehouse.execute("ALTER TABLE raw.people ALTER COLUMN age TYPE BIGINT");
        warehouse.execute("ALTER TABLE raw.people RENAME COLUMN name TO full_name");
        warehouse.execute("ALTER TABLE raw.people DROP COLUMN note");
        warehouse.execute("INSERT INTO raw.people SELECT 5000000000, 'bob', 'NZ', 1.5");

        assertThat(warehouse.rows("SELECT age, full_name, country, score FROM raw.people ORDER BY age"))
                .containsExactly(
                        java.util.Arrays.asList(1L, "ann", null, null),
                        List.of(5000000000L, "bob", "NZ", new BigDecimal("1.50")));
        assertThat(Long.parseLong(
                        loadTable("raw.people").currentSnapshot().summary().get("total-data-files")))
                .isEqualTo(files + 1);
        assertThatThrownBy(() -> warehouse.execute("ALTER TABLE raw.people ALTER COLUMN full_name TYPE BIGINT"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Cannot change column full_name of raw.people from string to long without rewriting data;"
                        + " allowed: int to bigint, float to double, decimal(p,s) to decimal(p2,s) with p2 > p");
        assertThatThrownBy(() -> warehouse.execute("ALTER TABLE raw.people RENAME COLUMN nope TO other"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Table raw.people has no column nope; its columns: age, full_name, country, score");
    }

    /**
     * A SELECT list in the engine's SQL dialect giving {@code price} DECIMAL(10,2) 12.34,
     * {@code happened_at} the instant 2024-01-02T03:04:05.123456Z, {@code local_at} the wall-clock
     * time 2024-01-02 03:04:05 without zone, {@code numbers} the list [1, 2, 3] and {@code pair} the
     * struct (a: 1, b: 'x').
     */
    protected String typedLiterals() {
        return "CAST(12.34 AS DECIMAL(10,2)) AS price,"
                + " TIMESTAMPTZ '2024-01-02 03:04:05.123456+00' AS happened_at,"
                + " TIMESTAMP '2024-01-02 03:04:05' AS local_at,"
                + " [1, 2, 3] AS numbers,"
                + " {'a': 1, 'b': 'x'} AS pair";
    }

    private Table createTypedTable() {
        warehouse.execute("CREATE TABLE raw.typed AS SELECT sum(r.id) AS total, " + typedLiterals()
                + ", true AS flag FROM range(10) AS r(id)");
        return loadTable("raw.typed");
    }

    @Test
    void typesAreWrittenAsTheTableSaysAndReadBack() {
        Table table = createTypedTable();
        assertThat(table.schema().findType("total")).isEqualTo(Types.LongType.get());
        assertThat(table.schema().findType("price")).isEqualTo(Types.DecimalType.of(10, 2));
        assertThat(table.schema().findType("happened_at")).isEqualTo(Types.TimestampType.withZone());
        assertThat(table.schema().findType("local_at")).isEqualTo(Types.TimestampType.withoutZone());
        assertThat(table.schema().findType("numbers").isListType()).isTrue();
        assertThat(table.schema().findType("pair").isStructType()).isTrue();

        MessageType physical = ParquetFooters.schema(dataFile(table));
        // a plain INT64 and one annotated as a signed 64-bit integer both read as BIGINT
        assertThat(String.valueOf(physical.getType("total").getLogicalTypeAnnotation()))
                .isIn("null", "INTEGER(64,true)");
        assertThat(List.of("total", "price", "happened_at", "local_at").stream()
                        .map(name -> List.of(
                                physical.getType(name).asPrimitiveType().getPrimitiveTypeName(),
                                name.equals("total")
                                        ? "checked above"
                                        : String.valueOf(physical.getType(name).getLogicalTypeAnnotation()),
                                physical.getType(name).getId().intValue()))
                        .toList())
                .containsExactly(
                        List.of(
                                PrimitiveTypeName.INT64,
                                "checked above",
                                table.schema().findField("total").fieldId()),
                        List.of(
                                PrimitiveTypeName.INT64,
                                "DECIMAL(10,2)",
                                table.schema().findField("price").fieldId()),
                        List.of(
                                PrimitiveTypeName.INT64,
                                "TIMESTAMP(MICROS,true)",
                                table.schema().findField("happened_at").fieldId()),
                        List.of(
                                PrimitiveTypeName.INT64,
                                "TIMESTAMP(MICROS,false)",
                                table.schema().findField("local_at").fieldId()));
        assertThat(physical.getType("pair").asGroupType().getType("b").getId().intValue())
                .isEqualTo(table.schema().findField("pair.b").fieldId());

        List<Object> row = warehouse
                .rows("SELECT total, price, happened_at, local_at, numbers, pair.b, flag FROM raw.typed")
                .get(0);
        assertThat(row)
                .containsExactly(
                        45L,
                        new BigDecimal("12.34"),
                        Instant.parse("2024-01-02T03:04:05.123456Z"),
                        java.time.LocalDateTime.parse("2024-01-02T03:04:05"),
                        List.of(1, 2, 3),
                        "x",
                        true);
    }

    @Test
    void listElementsCarryFieldIds() {
        assumeCapability(EngineCapability.NESTED_FIELD_IDS);
        Table table = createTypedTable();
        MessageType physical = ParquetFooters.schema(dataFile(table));
        assertThat(physical.getType("numbers")
                        .asGroupType()
                        .getType(0)
                        .asGroupType()
                        .getType(0)
                        .getId()
                        .intValue())
                .isEqualTo(table.schema().findType("numbers").asListType().elementId());
    }

    /** Skips a test the engine cannot pass, saying which capability it lacks. */
    protected void assumeCapability(EngineCapability capability) {
        Engine engine = warehouse.session().engine();
        assumeTrue(
                engine.capabilities().contains(capability),
                () -> "the " + engine.name() + " engine lacks " + capability + ": " + capability.description());
    }

    private static Path dataFile(Table table) {
        return dev.almanac.core.table.LocalPaths.toPath(table.currentSnapshot()
                .addedDataFiles(table.io())
                .iterator()
                .next()
                .location());
    }

    @Test
    void nestedNamespaces() {
        warehouse.execute("CREATE TABLE edx.mitx_6002x.person_course AS SELECT 'u1' AS username, 3 AS events");
        assertThat(warehouse.rows("SELECT username, events FROM edx.mitx_6002x.person_course"))
                .containsExactly(List.of("u1", 3));
        assertThat(TableName.parse("edx.mitx_6002x.person_course").namespace()).containsExactly("edx", "mitx_6002x");
    }

    @Test
    void parametersFillPlaceholders() {
        warehouse.execute(THIRTY_DAYS);
        StatementOutcome outcome = warehouse
                .session()
                .execute("SELECT count(*) FROM raw.events WHERE dt = '${day}'", Map.of("day", "2024-01-07"));
        ((QueryOutcome) outcome).rows().close();
        assertThat(outcome.read().files()).isEqualTo(1);
        assertThatThrownBy(() -> warehouse.session().execute("SELECT '${missing}'", Map.of()))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("The SQL uses ${missing}, which has no value: pass --param missing=VALUE");
    }

    @Test
    void concurrentOverwritesOfOnePartitionNeverDuplicate() throws Exception {
        warehouse.execute(THIRTY_DAYS);
        Path directory = warehouse.warehouse().directory();
        int writers = 3;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<String>> results = new ArrayList<>();
        for (int writer = 0; writer < writers; writer++) {
            int id = writer;
            Callable<String> task = () -> {
                try (TestingWarehouse own = TestingWarehouse.open(directory, this::createEngine)) {
                    start.await();
                    own.execute("INSERT OVERWRITE TABLE raw.events PARTITION (dt='2024-01-10')"
                            + " SELECT r.id AS id, 'writer" + id
                            + "' AS username, 0 AS score FROM range(500) AS r(id)");
                    return "ok";
                } catch (AlmanacException e) {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONCURRENT_WRITE);
                    assertThat(e.getMessage()).startsWith("Another writer changed raw.events while this statement ran");
                    return "conflict";
                }
            };
            results.add(pool.submit(task));
        }
        start.countDown();
        List<String> outcomes = new ArrayList<>();
        for (Future<String> result : results) {
            outcomes.add(result.get());
        }
        pool.shutdown();

        assertThat(outcomes).contains("ok");
        assertThat(warehouse.rows("SELECT count(*), count(DISTINCT username) FROM raw.events WHERE dt = '2024-01-10'"))
                .containsExactly(List.of(500L, 1L));
        assertThat(warehouse.count("raw.events")).isEqualTo(29 * 1000 + 500);
    }

    @Test
    void leasesAdmitOneHolderAndExpire() {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000_000);
        java.time.Clock clock = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(now.get());
            }
        };
        dev.almanac.core.control.Leases leases = new dev.almanac.core.control.Leases(
                warehouse.warehouse().controlDatabase(), clock, java.time.Duration.ofHours(1));
        String elsewhere = "1@other-host/a";
        try (dev.almanac.core.control.Leases.Lease first =
                leases.tryAcquire("ingest:x", elsewhere).orElseThrow()) {
            assertThat(leases.tryAcquire("ingest:x", "2@other-host/b")).isEmpty();
            assertThat(leases.holder("ingest:x"))
                    .contains(elsewhere + " (until " + Instant.ofEpochMilli(1_000_000 + 3_600_000) + ")");
            assertThat(leases.tryAcquire("ingest:y", "2@other-host/b"))
                    .isPresent()
                    .get()
                    .satisfies(dev.almanac.core.control.Leases.Lease::close);

            now.addAndGet(3_600_001);
            try (dev.almanac.core.control.Leases.Lease taken =
                    leases.tryAcquire("ingest:x", "2@other-host/b").orElseThrow()) {
                taken.check();
                assertThat(leases.holder("ingest:x"))
                        .hasValueSatisfying(holder -> assertThat(holder).startsWith("2@other-host/b"));
                assertThatThrownBy(first::check)
                        .isInstanceOf(AlmanacException.class)
                        .hasMessage("Lost the lease on 'ingest:x' to another process; stopping without committing");
            }
        }
        assertThat(leases.holder("ingest:x")).isEmpty();
    }

    @Test
    void aLeaseHeldByADeadProcessOfThisHostIsTakenAtOnce() throws Exception {
        dev.almanac.core.control.Leases leases = new dev.almanac.core.control.Leases(
                warehouse.warehouse().controlDatabase(), java.time.Clock.systemUTC(), java.time.Duration.ofHours(1));
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        String host = java.lang.management.ManagementFactory.getRuntimeMXBean()
                .getName()
                .replaceFirst("^[0-9]+@", "");
        leases.tryAcquire("ingest:z", finished.pid() + "@" + host + "/dead").orElseThrow();

        assertThat(leases.tryAcquire("ingest:z", ProcessHandle.current().pid() + "@" + host + "/alive"))
                .isPresent()
                .get()
                .satisfies(dev.almanac.core.control.Leases.Lease::close);
    }

    protected Table loadTable(String name) {
        return warehouse.session().loadTable(TableName.parse(name));
    }
}
