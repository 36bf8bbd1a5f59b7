package dev.almanac.core.generate;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generates Khan Academy entity-change dumps: for each hour, the ProblemLog entities changed in it,
 * as {@code entity_store/ProblemLog/YYYY-MM-DD/ProblemLog-YYYY-MM-DD-HH.gz} with lines
 * {@code key<TAB>json}. {@code courses} counts topics of twelve exercises each.
 */
public final class KhanGenerator {
    private static final String KIND = "ProblemLog";

    public KhanGenerator() {}

    public GenerationSummary generate(GeneratorOptions options) {
        requireNonNull(options, "options is null");
        Path root = options.out().resolve("entity_store").resolve(KIND);
        OutputFolders.requireEmpty(options.out(), List.of("entity_store/" + KIND));
        long seed = options.seed();
        ProblemLogSimulator simulator = new ProblemLogSimulator(
                options.users(), options.courses(), new SplittableRandom(StableHash.of(seed, 11)));
        BadLines badLines = new ProblemLogBadLines();
        int[] perHour = DailyRhythm.split(options.eventsPerDay());
        Tally tally = new Tally();
        int hourIndex = 0;
        try (WriteBehind writer = new WriteBehind()) {
            for (LocalDate day : options.dates()) {
                long dayStart = Timestamps.startOfDay(day);
                for (int hour = 0; hour < 24; hour++, hourIndex++) {
                    List<LogLine> lines = simulator.hour(hourIndex, dayStart + hour * Timestamps.HOUR, perHour[hour]);
                    String name = String.format(Locale.ROOT, "%s-%s-%02d.gz", KIND, day, hour);
                    Path file = root.resolve(day.toString()).resolve(name);
                    SplittableRandom badRandom = new SplittableRandom(StableHash.of(seed, 12, hourIndex));
                    writer.submit(() -> {
                        long bad = GzipLines.write(file, lines, badLines, options.badRate(), badRandom);
                        tally.add(file, lines.size(), bad);
                    });
                }
            }
        }
        return tally.summary();
    }
}
