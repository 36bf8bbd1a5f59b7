package dev.almanac.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.almanac.core.catalog.TableName;
import dev.almanac.core.ingest.FileManifest;
import dev.almanac.core.ingest.FileOutcome;
import dev.almanac.core.ingest.IngestListener;
import dev.almanac.core.ingest.IngestRunner;
import dev.almanac.core.ingest.ManifestEntry;
import dev.almanac.core.ingest.SourceReport;
import dev.almanac.core.warehouse.SourceConfig;
import dev.almanac.core.warehouse.SourceKind;
import dev.almanac.core.warehouse.Warehouse;
import dev.almanac.core.warehouse.WarehouseConfig;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingestion contract: every good line counted once, every bad one quarantined with its reason. */
public abstract class AbstractIngestTest {
    private static final String COURSE = "course-v1:MITx+6.002x+2024";

    @TempDir
    protected Path temporary;

    private Path directory;
    private TestingWarehouse warehouse;

    protected abstract WarehouseConfig config(Path directory);

    @BeforeEach
    void createWarehouse() {
        directory = temporary.resolve("warehouse");
        SourceConfig tracking = trackingSource(Map.of("max-error-rate", "0.5"));
        SourceConfig problems = new SourceConfig(
                "khan", SourceKind.ENTITY_DUMP, "entity_store/ProblemLog/*/*.gz", Optional.empty(), Map.of());
        SourceConfig exports = new SourceConfig(
                "exports",
                SourceKind.EDX_SQL_EXPORT,
                "exports/*/*-analytics.sql",
                Optional.empty(),
                Map.of("max-error-rate", "0.5"));
        SourceConfig surveys = new SourceConfig(
                "surveys",
                SourceKind.CSV,
                "surveys/*.csv",
                Optional.of("raw.surveys"),
                Map.of("max-error-rate", "0.5"));
        warehouse = TestingWarehouse.create(
                directory, config(directory).withSources(List.of(tracking, problems, exports, surveys)), "duckdb");
    }

    @AfterEach
    void closeWarehouse() {
        if (warehouse != null) {
            warehouse.close();
        }
    }

    @Test
    void goodLinesLoadOnceAndBadLinesAreQuarantinedWithReasons() throws Exception {
        List<String> lines = new ArrayList<>(dayOfEvents("2024-01-02", 100));
        lines.add(3, "{\"username\": \"dan\", \"time\": \"2024-01-02T");
        lines.add(7, "[1, 2]");
        lines.add(9, "{\"username\": \"eve\", \"event_type\": \"x\"}");
        lines.add(11, "{\"username\": \"fay\", \"time\": \"yesterday\"}");
        lines.add(13, "");
        TrackingLogs.writeGzip(directory.resolve("incoming/tracking.log-20240102.gz"), lines);
        Files.write(
                directory.resolve("incoming/tracking.log-20240103"),
                concat(
                        event("ann", "2024-01-03T01:00:00Z").getBytes(StandardCharsets.UTF_8),
                        new byte[] {'\n', (byte) 0xff, 'x', '\n'}));

        SourceReport first = ingest();
        assertThat(first.files()).extracting(FileOutcome::action).containsOnly(FileOutcome.Action.LOADED);
        assertThat(first.rows()).isEqualTo(101);
        assertThat(first.quarantined()).isEqualTo(6);
        assertThat(warehouse.count("raw.tracking_log")).isEqualTo(101);
        assertThat(warehouse.rows(
                        "SELECT line_number, reason FROM quarantine.tracking ORDER BY source_file, line_number"))
                .containsExactly(
                        List.of(4L, "invalid JSON"),
                        List.of(8L, "not a JSON object"),
                        List.of(10L, "missing time"),
                        List.of(12L, "time is not an ISO-8601 timestamp"),
                        List.of(14L, "empty line"),
                        List.of(2L, "invalid UTF-8"));

        SourceReport second = ingest();
        assertThat(second.files()).isEmpty();
        assertThat(warehouse.count("raw.tracking_log")).isEqualTo(101);
        assertThat(warehouse.count("quarantine.tracking")).isEqualTo(6);
    }

    @Test
    void eventsLandInTheUtcDayOfTheirTimeWithNormalizedCourseAndEvent() {
        String browser =
                "{\"username\": \"ann\", \"event_type\": \"play_video\", \"time\": \"2024-01-02T23:30:00.5-02:00\","
                        + " \"event_source\": \"browser\", \"context\": {\"user_id\": \"\"},"
                        + " \"page\": \"https://courses.edx.org/courses/MITx/6.002x/2013_Spring/courseware/ch1/\","
                        + " \"event\": \"{\\\"id\\\": \\\"v1\\\", \\\"currentTime\\\": 12.5}\"}";
        TrackingLogs.writePlain(directory.resolve("incoming/tracking.log-20240102"), List.of(browser));
        ingest();
        assertThat(warehouse.rows("SELECT dt, course_id, org_id, user_id, json_extract_string(event, '$.id'),"
                        + " CAST(json_extract(event, '$.currentTime') AS DOUBLE) FROM raw.tracking_log"))
                .containsExactly(java.util.Arrays.asList(
                        java.time.LocalDate.parse("2024-01-03"), "MITx/6.002x/2013_Spring", "MITx", null, "v1", 12.5));
    }

    @Test
    void aFieldNoEventHadBeforeIsQueryableAfterTheNextIngest() {
        TrackingLogs.writePlain(directory.resolve("incoming/tracking.log-20240102"), dayOfEvents("2024-01-02", 3));
        ingest();
        String withNewField =
                "{\"username\": \"zed\", \"event_type\": \"problem_check\", \"time\": \"2024-01-03T10:00:00+00:00\","
                        + " \"context\": {\"course_id\": \"" + COURSE
                        + "\", \"cohort\": \"blue\"}, \"event\": {\"hint_mode\": \"on_request\"},"
                        + " \"brand_new_top_level\": 1}";
        TrackingLogs.writePlain(directory.resolve("incoming/tracking.log-20240103"), List.of(withNewField));
        ingest();
        assertThat(warehouse.rows(
                        "SELECT json_extract_string(event, '$.hint_mode'), json_extract_string(context, '$.cohort')"
                                + " FROM raw.tracking_log WHERE username = 'zed'"))
                .containsExactly(List.of("on_request", "blue"));
    }

    @Test
    void aRewrittenFileReplacesExactlyItsRows() {
        TrackingLogs.writePlain(directory.resolve("incoming/tracking.log-20240102"), dayOfEvents("2024-01-02", 50));
        TrackingLogs.writePlain(directory.resolve("incoming/tracking.log-20240103"), dayOfEvents("2024-01-03", 40));
        ingest();
        List<String> rewritten = new ArrayList<>(dayOfEvents("2024-01-02", 20));
        rewritten.add("not json");
        TrackingLogs.writePlain(directory.resolve("incoming/tracking.log-20240102"), rewritten);

        SourceReport report = ingest();

        assertThat(report.files()).extracting(FileOutcome::action).containsExactly(FileOutcome.Action.REPLACED);
        assertThat(warehouse.rows("SELECT dt, count(*) FROM raw.tracking_log GROUP BY dt ORDER BY dt"))
                .containsExactly(
                        List.of(java.time.LocalDate.parse("2024-01-02"), 20L),
                        List.of(java.time.LocalDate.parse("2024-01-03"), 40L));
        assertThat(warehouse.count("quarantine.tracking")).isEqualTo(1);
        assertThat(ingest().files()).isEmpty();
    }

    @Test
    void aTruncatedGzipKeepsTheLinesBeforeTheBreak() {
        List<String> lines = dayOfEvents("2024-01-02", 5000);
        TrackingLogs.writeTruncatedGzip(directory.resolve("incoming/tracking.log-20240102.gz"), lines, 0.5);

        SourceReport report = ingest();

        FileOutcome outcome = report.files().get(0);
        assertThat(outcome.action()).isEqualTo(FileOutcome.Action.LOADED);
        assertThat(outcome.note())
                .hasValueSatisfying(note -> assertThat(note).startsWith("compressed stream breaks off after line "));
        long loaded = warehouse.count("raw.tracking_log");
        assertThat(loaded).isBetween(1000L, 4999L);
        List<List<Object>> reasons =
                warehouse.rows("SELECT reason FROM quarantine.tracking WHERE reason LIKE 'truncated gzip%'");
        assertThat(reasons).hasSize(1);
        assertThat(loaded + warehouse.count("quarantine.tracking")).isLessThanOrEqualTo(5001);
        assertThat(warehouse.rows("SELECT count(DISTINCT source_line) = count(*) FROM raw.tracking_log"))
                .containsExactly(List.of(true));
    }

    @Test
    void everyRowKeepsTheNumberOfItsLineInLargeFiles() {
        // enough lines that the engine reads the file in many parts; each username names its line
        List<String> lines = new ArrayList<>();
        Instant start = Instant.parse("2024-01-02T00:00:00Z");
        for (int line = 1; line <= 60_000; line++) {
            lines.add(line == 30_000 ? "" : TrackingLogs.event("line" + line, COURSE, start.plusSeconds(line)));
        }
        TrackingLogs.writeGzip(directory.resolve("incoming/tracking.log-20240102.gz"), lines);

        SourceReport report = ingest();

        assertThat(report.rows()).isEqualTo(59_999);
        assertThat(warehouse.rows("SELECT count(*) FROM raw.tracking_log WHERE username <> 'line' || source_line"))
                .containsExactly(List.of(0L));
        assertThat(warehouse.rows("SELECT line_number, raw_text, reason FROM quarantine.tracking"))
                .containsExactly(List.of(30_000L, "", "empty line"));
    }

    @Test
    void windowsLineEndingsAndBlankLinesLoadLikeUnixOnes() throws Exception {
        String first = event("ann", "2024-01-02T01:00:00Z");
        String second = event("bob", "2024-01-02T02:00:00Z");
        Files.createDirectories(directory.resolve("incoming"));
        Files.writeString(directory.resolve("incoming/tracking.log-20240102"), first + "\r\n \t\r\n" + second + "\r\n");

        SourceReport report = ingest();

        assertThat(report.rows()).isEqualTo(2);
        assertThat(warehouse.rows("SELECT username, source_line FROM raw.tracking_log ORDER BY source_line"))
                .containsExactly(List.of("ann", 1L), List.of("bob", 3L));
        assertThat(warehouse.rows("SELECT line_number, reason FROM quarantine.tracking"))
                .containsExactly(List.of(2L, "empty line"));
    }

    @Test
    void aFileAboveTheErrorRateFailsCleanlyAndLoadsOnceFixed() {
        List<String> lines = new ArrayList<>(dayOfEvents("2024-01-02", 2));
        lines.add("bad");
        lines.add("bad");
        lines.add("bad");
        Path file = directory.resolve("incoming/tracking.log-20240102");
        TrackingLogs.writePlain(file, lines);

        SourceReport failed = ingest();

        assertThat(failed.files()).extracting(FileOutcome::action).containsExactly(FileOutcome.Action.FAILED);
        assertThat(failed.files().get(0).note())
                .contains("3 of 5 lines are bad (60.00%), above max-error-rate 0.5; fix the file or raise the limit");
        assertThat(warehouse.count("raw.tracking_log")).isZero();
        assertThat(warehouse.count("quarantine.tracking")).isZero();
        assertThat(manifest().get(file.toString()).status()).isEqualTo(ManifestEntry.Status.FAILED);

        TrackingLogs.writePlain(file, dayOfEvents("2024-01-02", 2));
        assertThat(ingest().files()).extracting(FileOutcome::action).containsExactly(FileOutcome.Action.LOADED);
        assertThat(warehouse.count("raw.tracking_log")).isEqualTo(2);
    }

    @Test
    void aRunKilledAfterCommittingIsRecognisedByItsClaim() throws Exception {
        Path file = directory.resolve("incoming/tracking.log-20240102");
        TrackingLogs.writePlain(file, dayOfEvents("2024-01-02", 30));
        ingest();
        // as if the process died after the commit, before recording it: the entry is still LOADING
        setStatus(file, ManifestEntry.Status.LOADING);

        SourceReport rerun = ingest();

        assertThat(rerun.files()).isEmpty();
        assertThat(warehouse.count("raw.tracking_log")).isEqualTo(30);
        ManifestEntry entry = manifest().get(file.toString());
        assertThat(entry.status()).isEqualTo(ManifestEntry.Status.LOADED);
        assertThat(entry.rowsLoaded()).isEqualTo(30);
        assertThat(entry.error()).contains("recovered after an interrupted run");
    }

    @Test
    void aRunKilledBeforeCommittingLoadsTheFileOnceOnTheNextRun() throws Exception {
        Path file = directory.resolve("incoming/tracking.log-20240102");
        TrackingLogs.writePlain(file, dayOfEvents("2024-01-02", 30));
        FileManifest manifest = new FileManifest(warehouse.warehouse().controlDatabase(), Clock.systemUTC());
        // as if a process claimed the file, wrote data files and died before committing them
        manifest.claim(
                "tracking",
                new dev.almanac.core.ingest.SourceFile(
                        file.toString(),
                        Files.size(file),
                        Files.getLastModifiedTime(file).toInstant(),
                        "0"),
                "dead-claim");
        manifest.recordDataFiles(
                "dead-claim",
                "tracking",
                file.toString(),
                "raw.tracking_log",
                List.of("file:" + directory.resolve("data/raw/tracking_log/data/never-committed.parquet")));

        SourceReport rerun = ingest();

        assertThat(rerun.files()).extracting(FileOutcome::action).containsExactly(FileOutcome.Action.LOADED);
        assertThat(warehouse.count("raw.tracking_log")).isEqualTo(30);
        assertThat(ingest().files()).isEmpty();
    }

    @Test
    void twoConcurrentIngestsNeverDoubleCount() throws Exception {
        for (int day = 1; day <= 6; day++) {
            String date = String.format(java.util.Locale.ROOT, "2024-01-%02d", day);
            TrackingLogs.writeGzip(
                    directory.resolve(
                            "incoming/tracking.log-202401" + String.format(java.util.Locale.ROOT, "%02d", day) + ".gz"),
                    dayOfEvents(date, 500));
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<SourceReport>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            runs.add(pool.submit(() -> {
                try (TestingWarehouse own = TestingWarehouse.open(directory, "duckdb")) {
                    start.await();
                    return runner(own).run(List.of("tracking"), false).get(0);
                }
            }));
        }
        start.countDown();
        long loadedFiles = 0;
        for (Future<SourceReport> run : runs) {
            SourceReport report = run.get();
            report.skipped().ifPresent(reason -> assertThat(reason).startsWith("being ingested by "));
            loadedFiles += report.files().size();
        }
        pool.shutdown();
        SourceReport last = ingest();
        loadedFiles += last.files().size();

        assertThat(loadedFiles).isEqualTo(6);
        assertThat(warehouse.count("raw.tracking_log")).isEqualTo(3000);
        assertThat(warehouse.rows("SELECT count(DISTINCT source_file || ':' || source_line) FROM raw.tracking_log"))
                .containsExactly(List.of(3000L));
    }

    @Test
    void filesLoadedSideBySideGiveTheSameRowsAsFilesLoadedOneAfterAnother() throws Exception {
        List<List<List<Object>>> tables = new ArrayList<>();
        List<List<List<Object>>> quarantines = new ArrayList<>();
        List<List<Object>> snapshots = new ArrayList<>();
        for (String parallelism : List.of("1", "3")) {
            Path own = temporary.resolve("parallelism-" + parallelism);
            for (int day = 1; day <= 5; day++) {
                List<String> lines =
                        new ArrayList<>(dayOfEvents(String.format(java.util.Locale.ROOT, "2024-01-%02d", day), 400));
                lines.add(day * 10, "{\"username\": \"broken");
                lines.add(day * 20, "");
                TrackingLogs.writeGzip(
                        own.resolve(String.format(java.util.Locale.ROOT, "incoming/tracking.log-202401%02d.gz", day)),
                        lines);
            }
            SourceConfig tracking = trackingSource(Map.of("parallelism", parallelism));
            try (TestingWarehouse loaded =
                    TestingWarehouse.create(own, config(own).withSources(List.of(tracking)), "duckdb")) {
                SourceReport report =
                        runner(loaded).run(List.of("tracking"), false).get(0);
                assertThat(report.files())
                        .hasSize(5)
                        .extracting(FileOutcome::action)
                        .containsOnly(FileOutcome.Action.LOADED);
                assertThat(report.rows()).isEqualTo(2000);
                assertThat(report.quarantined()).isEqualTo(10);
                tables.add(loaded.rows("SELECT regexp_extract(source_file, '([^/]+)$', 1), count(*), min(source_line),"
                        + " max(source_line), count(DISTINCT source_line), count(DISTINCT username),"
                        + " max(time), count(DISTINCT dt) FROM raw.tracking_log GROUP BY 1 ORDER BY 1"));
                quarantines.add(
                        loaded.rows("SELECT regexp_extract(source_file, '([^/]+)$', 1), line_number, raw_text, reason"
                                + " FROM quarantine.tracking ORDER BY 1, 2"));
                // one commit per file, however many were read at once
                List<Object> commits = new ArrayList<>();
                loaded.warehouse()
                        .catalog()
                        .loadTable(TableName.parse("raw.tracking_log").identifier())
                        .snapshots()
                        .forEach(snapshot -> commits.add(snapshot.summary().get("added-records")));
                snapshots.add(commits);
                assertThat(loaded.rows("SELECT source_line FROM raw.tracking_log WHERE source_file LIKE '%20240103.gz'"
                                + " AND username = 'user5' ORDER BY source_line LIMIT 2"))
                        .containsExactly(List.of(6L), List.of(23L));
            }
        }
        assertThat(tables.get(1)).isEqualTo(tables.get(0));
        assertThat(quarantines.get(1)).isEqualTo(quarantines.get(0));
        assertThat(quarantines.get(0))
                .hasSize(10)
                .contains(
                        List.of("tracking.log-20240101.gz", 11L, "{\"username\": \"broken", "invalid JSON"),
                        List.of("tracking.log-20240101.gz", 21L, "", "empty line"));
        assertThat(snapshots.get(0)).containsExactly("400", "400", "400", "400", "400");
        assertThat(snapshots.get(1)).isEqualTo(snapshots.get(0));
    }

    @Test
    void aParallelismThatIsNotAPositiveNumberIsRefusedWithTheSource() {
        Path own = temporary.resolve("bad-parallelism");
        SourceConfig tracking = trackingSource(Map.of("parallelism", "0"));
        try (TestingWarehouse loaded =
                TestingWarehouse.create(own, config(own).withSources(List.of(tracking)), "duckdb")) {
            assertThatThrownBy(() -> runner(loaded).run(List.of("tracking"), false))
                    .isInstanceOf(AlmanacException.class)
                    .hasMessage("Source 'tracking': parallelism must be a whole number of at least 1, not '0'");
        }
    }

    @Test
    void theWarehousesDuckDbSettingsReachTheLandingSessions() {
        try (TestingWarehouse refused =
                twoDaysWithDuckDb("refused", Map.of("memory_limit", "1GiB", "no_such_setting", "1"))) {
            assertThatThrownBy(() -> runner(refused).run(List.of("tracking"), false))
                    .isInstanceOf(AlmanacException.class)
                    .hasMessageStartingWith("DuckDB refused the setting no_such_setting = '1': ")
                    .satisfies(
                            e -> assertThat(((AlmanacException) e).code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION));
        }
        try (TestingWarehouse accepted = twoDaysWithDuckDb("accepted", Map.of("memory_limit", "1GiB"))) {
            assertThat(runner(accepted).run(List.of("tracking"), false).get(0).rows())
                    .isEqualTo(20);
        }
    }

    /** A warehouse of its own with the given DuckDB settings and two days of tracking logs, landed two at once. */
    private TestingWarehouse twoDaysWithDuckDb(String name, Map<String, String> duckdb) {
        Path own = temporary.resolve("duckdb-settings-" + name);
        for (int day = 1; day <= 2; day++) {
            TrackingLogs.writeGzip(
                    own.resolve("incoming/tracking.log-2024010" + day + ".gz"), dayOfEvents("2024-01-0" + day, 10));
        }
        SourceConfig tracking = trackingSource(Map.of("parallelism", "2"));
        return TestingWarehouse.create(
                own, config(own).withSources(List.of(tracking)).withDuckdb(duckdb), "duckdb");
    }

    @Test
    void hourlyEntityDumpsLandAsOneCompactedPartitionPerDayWithLatestState() {
        writeHour("2024-01-02", 0, List.of(problem("k1", 1), problem("k2", 1)));
        writeHour("2024-01-02", 5, List.of(problem("k1", 2), "no tab here", "k3\t{not json"));
        writeHour("2024-01-03", 1, List.of(problem("k2", 3), problem("k4", 1)));

        SourceReport report = ingestKhan();

        assertThat(report.files()).hasSize(3).extracting(FileOutcome::action).containsOnly(FileOutcome.Action.LOADED);
        assertThat(report.rows()).isEqualTo(5);
        assertThat(report.quarantined()).isEqualTo(2);
        assertThat(warehouse.rows("SELECT dt, count(*) FROM raw.problemlog GROUP BY dt ORDER BY dt"))
                .containsExactly(
                        List.of(java.time.LocalDate.parse("2024-01-02"), 3L),
                        List.of(java.time.LocalDate.parse("2024-01-03"), 2L));
        assertThat(warehouse.rows("SELECT count(*) FROM raw.problemlog WHERE dt = '2024-01-02'"))
                .containsExactly(List.of(3L));
        org.apache.iceberg.Table table =
                warehouse.session().loadTable(dev.almanac.core.catalog.TableName.parse("raw.problemlog"));
        assertThat(Long.parseLong(table.currentSnapshot().summary().get("total-data-files")))
                .isEqualTo(2);
        assertThat(warehouse.rows("SELECT key, CAST(json_extract(json, '$.count_attempts') AS INTEGER), dt, hour"
                        + " FROM raw.problemlog_latest ORDER BY key"))
                .containsExactly(
                        List.of("k1", 2, java.time.LocalDate.parse("2024-01-02"), 5),
                        List.of("k2", 3, java.time.LocalDate.parse("2024-01-03"), 1),
                        List.of("k4", 1, java.time.LocalDate.parse("2024-01-03"), 1));
        assertThat(warehouse.rows("SELECT reason FROM quarantine.khan ORDER BY reason"))
                .containsExactly(List.of("invalid JSON"), List.of("no tab between key and JSON"));
        assertThat(ingestKhan().files()).isEmpty();
    }

    @Test
    void aLateHourRebuildsItsDayWithoutDuplicates() {
        writeHour("2024-01-02", 0, List.of(problem("k1", 1), problem("k2", 1)));
        writeHour("2024-01-03", 0, List.of(problem("k1", 5)));
        ingestKhan();

        writeHour("2024-01-02", 23, List.of(problem("k2", 7), problem("k9", 1)));
        SourceReport late = ingestKhan();

        assertThat(late.files())
                .extracting(FileOutcome::path)
                .containsExactlyInAnyOrder(
                        hourFile("2024-01-02", 0).toString(),
                        hourFile("2024-01-02", 23).toString());
        assertThat(warehouse.rows("SELECT dt, count(*) FROM raw.problemlog GROUP BY dt ORDER BY dt"))
                .containsExactly(
                        List.of(java.time.LocalDate.parse("2024-01-02"), 4L),
                        List.of(java.time.LocalDate.parse("2024-01-03"), 1L));
        assertThat(
                        warehouse.rows(
                                "SELECT key, CAST(json_extract(json, '$.count_attempts') AS INTEGER) FROM raw.problemlog_latest ORDER BY key"))
                .containsExactly(List.of("k1", 5), List.of("k2", 7), List.of("k9", 1));
    }

    @Test
    void sqlExportsLandTypedWithCourseIdAndQuarantineRowsThatDoNotFit() throws Exception {
        String course = "MITx-6.002x-2013_Spring";
        writeExport(
                "2024-01-07",
                course,
                "student_courseenrollment",
                List.of(
                        "id\tuser_id\tcourse_id\tcreated\tis_active\tmode",
                        "1\t10\tMITx/6.002x/2013_Spring\t2024-01-01 10:00:00\t1\taudit",
                        "2\t11\tMITx/6.002x/2013_Spring\t2024-01-02 11:00:00\t0\tverified",
                        "x3\t12\tMITx/6.002x/2013_Spring\t2024-01-03 12:00:00\t1\taudit",
                        "4\t13\tMITx/6.002x/2013_Spring\tNULL\t1"));
        writeExport(
                "2024-01-07",
                course,
                "auth_user",
                List.of(
                        "id\tusername\temail\tis_staff\tis_active\tlast_login\tdate_joined\tfavourite_colour",
                        "10\tann\tann@example.org\t0\t1\tNULL\t2023-12-01 09:00:00\tblue"));

        SourceReport report = runner(warehouse).run(List.of("exports"), false).get(0);

        assertThat(report.rows()).isEqualTo(3);
        assertThat(report.quarantined()).isEqualTo(2);
        assertThat(warehouse.rows(
                        "SELECT dt, course_id, id, is_active, created FROM raw.student_courseenrollment ORDER BY id"))
                .containsExactly(
                        List.of(
                                java.time.LocalDate.parse("2024-01-07"),
                                "MITx/6.002x/2013_Spring",
                                1L,
                                true,
                                java.time.LocalDateTime.parse("2024-01-01T10:00:00")),
                        List.of(
                                java.time.LocalDate.parse("2024-01-07"),
                                "MITx/6.002x/2013_Spring",
                                2L,
                                false,
                                java.time.LocalDateTime.parse("2024-01-02T11:00:00")));
        assertThat(warehouse.rows("SELECT line_number, reason FROM quarantine.exports ORDER BY line_number"))
                .containsExactly(
                        List.of(4L, "column id: 'x3' is not BIGINT"),
                        List.of(5L, "expected 6 tab-separated fields, found 5"));
        assertThat(warehouse.rows("SELECT username, course_id, first_name, favourite_colour FROM raw.auth_user"))
                .containsExactly(java.util.Arrays.asList("ann", "MITx/6.002x/2013_Spring", null, "blue"));
        assertThat(report.files())
                .filteredOn(file -> file.path().contains("auth_user"))
                .singleElement()
                .satisfies(
                        file -> assertThat(file.note())
                                .contains(
                                        "missing columns (NULL): first_name, last_name, password, is_superuser; extra columns (kept as text): favourite_colour"));

        writeExport(
                "2024-01-14",
                course,
                "student_courseenrollment",
                List.of(
                        "id\tuser_id\tcourse_id\tcreated\tis_active\tmode",
                        "1\t10\tMITx/6.002x/2013_Spring\t2024-01-01 10:00:00\t0\taudit"));
        runner(warehouse).run(List.of("exports"), false);
        assertThat(warehouse.rows("SELECT dt, count(*) FROM raw.student_courseenrollment GROUP BY dt ORDER BY dt"))
                .containsExactly(
                        List.of(java.time.LocalDate.parse("2024-01-07"), 2L),
                        List.of(java.time.LocalDate.parse("2024-01-14"), 1L));
        assertThat(warehouse.rows("SELECT dt, id, is_active FROM raw.student_courseenrollment_latest"))
                .containsExactly(List.of(java.time.LocalDate.parse("2024-01-14"), 1L, false));
    }

    @Test
    void surveysWithDifferingColumnsEvolveTheTableByName() throws Exception {
        writeSurvey(
                "mitx-survey-1.csv",
                List.of(
                        "User ID,submitted_at,Age Range,motivation",
                        "1,2024-01-02 10:00:00,18-25,\"career, change\"",
                        "2,2024-01-03 11:00:00,26-35",
                        "3,2024-01-04 12:00:00,36-45,fun"));
        writeSurvey(
                "mitx-survey-2.csv",
                List.of(
                        "user_id,submitted_at,prior_experience,motivation",
                        "4,2024-02-01 09:00:00,true,\"multi",
                        "line\"",
                        "five,2024-02-02 09:00:00,false,curious"));

        SourceReport report = runner(warehouse).run(List.of("surveys"), false).get(0);

        assertThat(report.rows()).isEqualTo(3);
        assertThat(report.quarantined()).isEqualTo(2);
        assertThat(warehouse.rows(
                        "SELECT user_id, age_range, prior_experience, motivation FROM raw.surveys ORDER BY user_id"))
                .containsExactly(
                        java.util.Arrays.asList(1L, "18-25", null, "career, change"),
                        java.util.Arrays.asList(3L, "36-45", null, "fun"),
                        java.util.Arrays.asList(4L, null, true, "multi\nline"));
        assertThat(warehouse.rows("SELECT reason FROM quarantine.surveys ORDER BY reason"))
                .containsExactly(
                        List.of("Expected Number of Columns: 4 Found: 3"),
                        List.of("column user_id: 'five' is not BIGINT"));
        org.apache.iceberg.Table table =
                warehouse.session().loadTable(dev.almanac.core.catalog.TableName.parse("raw.surveys"));
        assertThat(table.schema().findType("submitted_at"))
                .isEqualTo(org.apache.iceberg.types.Types.TimestampType.withoutZone());
        assertThat(runner(warehouse).run(List.of("surveys"), false).get(0).files())
                .isEmpty();
    }

    private void writeSurvey(String name, List<String> lines) throws Exception {
        Path file = directory.resolve("surveys/" + name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    private void writeExport(String snapshot, String course, String table, List<String> lines) throws Exception {
        Path file = directory.resolve("exports/" + snapshot + "/" + course + "-" + table + "-prod-analytics.sql");
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    private SourceReport ingestKhan() {
        return runner(warehouse).run(List.of("khan"), false).get(0);
    }

    private Path hourFile(String date, int hour) {
        return directory.resolve(String.format(
                java.util.Locale.ROOT, "entity_store/ProblemLog/%s/ProblemLog-%s-%02d.gz", date, date, hour));
    }

    private void writeHour(String date, int hour, List<String> lines) {
        TrackingLogs.writeGzip(hourFile(date, hour), lines);
    }

    private static String problem(String key, int attempts) {
        return key + "\t{\"user\": \"u-" + key
                + "\", \"exercise\": \"addition_1\", \"correct\": true, \"count_attempts\": " + attempts + "}";
    }

    private static SourceConfig trackingSource(Map<String, String> options) {
        return new SourceConfig(
                "tracking", SourceKind.EDX_TRACKING_LOG, "incoming/tracking.log-*", Optional.empty(), options);
    }

    protected SourceReport ingest() {
        return runner(warehouse).run(List.of("tracking"), false).get(0);
    }

    private static IngestRunner runner(TestingWarehouse target) {
        return new IngestRunner(
                target.warehouse(), target.session().engine(), "tester", Clock.systemUTC(), IngestListener.NONE);
    }

    private Map<String, ManifestEntry> manifest() {
        return new FileManifest(warehouse.warehouse().controlDatabase(), Clock.systemUTC()).entries("tracking");
    }

    private void setStatus(Path file, ManifestEntry.Status status) throws Exception {
        Warehouse opened = warehouse.warehouse();
        try (Connection connection = opened.controlDatabase().connect();
                PreparedStatement update =
                        connection.prepareStatement("UPDATE almanac_ingested_files SET status = ? WHERE path = ?")) {
            update.setString(1, status.name());
            update.setString(2, file.toString());
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private static List<String> dayOfEvents(String date, int count) {
        List<String> lines = new ArrayList<>();
        Instant start = Instant.parse(date + "T00:00:00Z");
        for (int i = 0; i < count; i++) {
            lines.add(TrackingLogs.event("user" + (i % 17), COURSE, start.plusSeconds(i * 7L % 86_000)));
        }
        return lines;
    }

    private static String event(String username, String time) {
        return TrackingLogs.event(username, COURSE, Instant.parse(time));
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] result = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, result, first.length, second.length);
        return result;
    }
}
