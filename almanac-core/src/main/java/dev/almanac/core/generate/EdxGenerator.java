package dev.almanac.core.generate;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates edX research data: daily tracking logs ({@code tracking/tracking.log-YYYYMMDD.gz}),
 * weekly database exports ({@code sql/YYYY-MM-DD/<org>-<course>-<run>-<table>-prod-analytics.sql})
 * and course surveys ({@code surveys/<org>-<course>-<run>-survey-<n>.csv}).
 *
 * <p>The exports agree with the logs: a snapshot dated D holds the state at the end of D (UTC), from
 * every event before then, whichever file it is in. Snapshots are taken every seven days from the
 * first day.
 */
public final class EdxGenerator {
    private static final DateTimeFormatter FILE_DATE = DateTimeFormatter.ofPattern("uuuuMMdd", Locale.ROOT);
    private static final int SNAPSHOT_INTERVAL_DAYS = 7;

    public EdxGenerator() {}

    public GenerationSummary generate(GeneratorOptions options) {
        requireNonNull(options, "options is null");
        Path out = options.out();
        OutputFolders.requireEmpty(out, List.of("tracking", "sql", "surveys"));
        long seed = options.seed();
        List<Course> courses = CourseCatalog.create(options.courses(), stream(seed, 1));
        List<Learner> learners = Population.create(options.users(), courses.size(), options.start(), stream(seed, 2));
        Map<Long, Learner> learnersById = new LinkedHashMap<>();
        for (Learner learner : learners) {
            learnersById.put(learner.id(), learner);
        }
        ExportState export = new ExportState(courses.size());
        SessionPlanner planner = new SessionPlanner(learners, courses.size(), stream(seed, 3));
        SessionSimulator simulator =
                new SessionSimulator(courses, new GenerationState(courses.size()), export, stream(seed, 4));
        BadLines badLines = new TrackingBadLines();
        Tally tally = new Tally();
        SqlExportWriter sql = new SqlExportWriter(out.resolve("sql"), courses, learnersById, export, seed, tally);

        List<LocalDate> snapshots = snapshotDates(options);
        int nextSnapshot = 0;
        try (WriteBehind writer = new WriteBehind()) {
            for (LocalDate day : options.dates()) {
                List<LogLine> lines = new ArrayList<>(options.eventsPerDay());
                for (PlannedSession session : planner.plan(day, options.eventsPerDay())) {
                    simulator.simulate(session, lines);
                }
                lines.sort(Comparator.comparingLong(LogLine::micros));
                Path file = out.resolve("tracking").resolve("tracking.log-" + FILE_DATE.format(day) + ".gz");
                SplittableRandom badRandom = new SplittableRandom(StableHash.of(seed, 5, day.toEpochDay()));
                writer.submit(() -> {
                    long bad = GzipLines.write(file, lines, badLines, options.badRate(), badRandom);
                    tally.add(file, lines.size(), bad);
                });
                // Every event before the end of a snapshot day is known once the next day's file is
                // made: only that file holds sessions that start before midnight.
                while (nextSnapshot < snapshots.size()
                        && snapshots.get(nextSnapshot).isBefore(day)) {
                    writeSnapshot(sql, export, snapshots.get(nextSnapshot++));
                }
            }
        }
        while (nextSnapshot < snapshots.size()) {
            writeSnapshot(sql, export, snapshots.get(nextSnapshot++));
        }
        long end = Timestamps.startOfDay(options.end());
        export.advanceTo(end);
        new SurveyWriter(out.resolve("surveys"), learnersById, export, end, tally).write(courses, stream(seed, 6));
        return tally.summary();
    }

    private static void writeSnapshot(SqlExportWriter sql, ExportState export, LocalDate snapshot) {
        long cutoff = Timestamps.startOfDay(snapshot.plusDays(1));
        export.advanceTo(cutoff);
        sql.write(snapshot, cutoff);
    }

    /** Every seventh day from the first, within the range; there is always at least the first. */
    static List<LocalDate> snapshotDates(GeneratorOptions options) {
        List<LocalDate> dates = new ArrayList<>();
        for (int day = 0; day < options.days(); day += SNAPSHOT_INTERVAL_DAYS) {
            dates.add(options.start().plusDays(day));
        }
        return dates;
    }

    private static SplittableRandom stream(long seed, long purpose) {
        return new SplittableRandom(StableHash.of(seed, purpose));
    }
}
