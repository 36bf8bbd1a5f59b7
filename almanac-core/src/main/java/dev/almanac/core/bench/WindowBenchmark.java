package dev.almanac.core.bench;

import static java.util.Objects.requireNonNull;

import dev.almanac.core.catalog.TableName;
import dev.almanac.core.engine.Engines;
import dev.almanac.core.sql.SqlSession;
import dev.almanac.core.warehouse.Warehouse;
import dev.almanac.core.warehouse.WarehouseConfig;
import dev.almanac.core.window.Aggregate;
import dev.almanac.core.window.Window;
import dev.almanac.core.window.WindowAggregate;
import dev.almanac.core.window.WindowAggregateRunner;
import dev.almanac.core.window.WindowReport;
import dev.almanac.spi.engine.EngineContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Page views per member over the last {@code window} days (views, distinct pages, last visit),
 * computed for each of the days after the first window both incrementally and by a full
 * recompute from the source rows, each measured in process CPU time and wall time.
 */
public final class WindowBenchmark {
    public static final LocalDate FIRST_DAY = LocalDate.of(2024, 1, 1);

    private final Path directory;
    private final Map<String, String> environment;

    public WindowBenchmark(Path directory, Map<String, String> environment) {
        this.directory = requireNonNull(directory, "directory is null");
        this.environment = Map.copyOf(environment);
    }

    public record Options(int days, long eventsPerDay, long members, int window) {
        public Options {
            if (days <= window || eventsPerDay < 1 || members < 1 || window < 1) {
                throw new IllegalArgumentException("need days > window >= 1, events per day >= 1 and members >= 1");
            }
        }
    }

    public record Day(LocalDate date, Measurement incremental, Measurement full, WindowReport report) {}

    public record Result(Measurement generation, Measurement firstWindow, List<Day> days) {
        public double incrementalCpu() {
            return days.stream()
                    .mapToDouble(day -> day.incremental().cpuSeconds())
                    .sum();
        }

        public double fullCpu() {
            return days.stream().mapToDouble(day -> day.full().cpuSeconds()).sum();
        }

        public double incrementalWall() {
            return days.stream()
                    .mapToDouble(day -> day.incremental().wallSeconds())
                    .sum();
        }

        public double fullWall() {
            return days.stream().mapToDouble(day -> day.full().wallSeconds()).sum();
        }
    }

    /** The step measured: its definition is the same for both ways, only the target differs. */
    public static WindowAggregate definition(int window, String target) {
        return new WindowAggregate(
                TableName.parse("raw.page_views"),
                Optional.empty(),
                List.of("member_id"),
                Optional.of("time"),
                List.of(
                        Aggregate.parse("views", "count()"),
                        Aggregate.parse("distinct_pages", "approx_count_distinct(page)"),
                        Aggregate.parse("last_visit", "max(time)")),
                new Window.FixedLength(window, 0),
                TableName.parse(target),
                true);
    }

    public Result run(Options options, Consumer<Day> listener) {
        try (Warehouse warehouse =
                        Warehouse.create(directory.resolve("warehouse"), WarehouseConfig.defaults(), environment);
                SqlSession session = new SqlSession(
                        warehouse,
                        Engines.create("duckdb", new EngineContext(warehouse.temporaryDirectory(), Map.of())),
                        "bench",
                        Clock.systemUTC())) {
            Measurement generation = Measurement.of(() -> generate(session, options));
            WindowAggregateRunner runner = new WindowAggregateRunner(warehouse, session, "bench", Clock.systemUTC());
            WindowAggregate incremental = definition(options.window(), "agg.page_views_incremental");
            WindowAggregate full = definition(options.window(), "agg.page_views_full");
            LocalDate firstRun = FIRST_DAY.plusDays(options.window() - 1L);
            Measurement firstWindow = Measurement.of(() -> runner.run(incremental, firstRun));
            List<Day> days = new ArrayList<>();
            for (LocalDate date = firstRun.plusDays(1);
                    date.isBefore(FIRST_DAY.plusDays(options.days()));
                    date = date.plusDays(1)) {
                LocalDate runDate = date;
                WindowReport[] report = new WindowReport[1];
                Measurement incrementalTime = Measurement.of(() -> report[0] = runner.run(incremental, runDate));
                Measurement fullTime = Measurement.of(() -> runner.recompute(full, runDate));
                Day day = new Day(runDate, incrementalTime, fullTime, report[0]);
                days.add(day);
                listener.accept(day);
            }
            return new Result(generation, firstWindow, days);
        }
    }

    /**
     * Page views straight from SQL: members and pages drawn with skew from hashes of the row
     * number (a few members and pages are far more active than the rest), one partition per day.
     */
    private static void generate(SqlSession session, Options options) {
        long perDay = options.eventsPerDay();
        String sql = "CREATE TABLE raw.page_views PARTITIONED BY (dt) AS SELECT"
                + " CAST(floor(" + options.members()
                + " * pow((hash(range) % 1000003) / 1000003.0, 2)) AS BIGINT) AS member_id,"
                + " 'page-' || CAST(floor(5000 * pow((hash(range * 31 + 7) % 1000003) / 1000003.0, 3)) AS BIGINT) AS page,"
                + " CAST(DATE '" + FIRST_DAY + "' + CAST(range // " + perDay + " AS INTEGER) AS TIMESTAMP)"
                + " + to_seconds(CAST(hash(range * 17 + 3) % 86400 AS BIGINT)) AS time,"
                + " DATE '" + FIRST_DAY + "' + CAST(range // " + perDay + " AS INTEGER) AS dt"
                + " FROM range(" + perDay * options.days() + ")";
        session.execute(sql, Map.of());
    }
}
