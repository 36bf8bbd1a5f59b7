package dev.almanac.core.generate;

import static java.util.Objects.requireNonNull;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * What to generate. Equal options produce byte-identical files.
 *
 * @param out the folder that receives the files
 * @param start the first day (UTC)
 * @param days how many days, one tracking log (or 24 hourly entity dumps) per day
 * @param eventsPerDay good records per day, not counting bad lines
 * @param courses edX: courses; Khan: topics of twelve exercises each
 * @param users learners
 * @param seed the seed of every random choice
 * @param badRate the share of lines that are corrupt, at least 0 and below 1
 */
public record GeneratorOptions(
        Path out, LocalDate start, int days, int eventsPerDay, int courses, int users, long seed, double badRate) {
    private static final LocalDate EARLIEST_START = LocalDate.of(1970, 1, 1);
    private static final LocalDate LATEST_END = LocalDate.of(9999, 12, 1);

    public GeneratorOptions {
        requireNonNull(out, "out is null");
        requireNonNull(start, "start is null");
        requirePositive("Days", days);
        requirePositive("Events per day", eventsPerDay);
        requirePositive("Courses", courses);
        requirePositive("Users", users);
        if (start.isBefore(EARLIEST_START)) {
            throw new AlmanacException(
                    ErrorCode.INVALID_ARGUMENT, "Start must be " + EARLIEST_START + " or later, got " + start);
        }
        if (start.plusDays(days).isAfter(LATEST_END)) {
            throw new AlmanacException(
                    ErrorCode.INVALID_ARGUMENT,
                    "The generated days must end by " + LATEST_END + ", but " + days + " days from " + start
                            + " do not; choose an earlier start or fewer days");
        }
        if (!(badRate >= 0 && badRate < 1)) {
            throw new AlmanacException(
                    ErrorCode.INVALID_ARGUMENT,
                    "Bad-line rate must be at least 0 and below 1 (a share of lines, such as 0.01), got " + badRate);
        }
    }

    /** The generated days in order. */
    public List<LocalDate> dates() {
        List<LocalDate> dates = new ArrayList<>(days);
        for (int day = 0; day < days; day++) {
            dates.add(start.plusDays(day));
        }
        return List.copyOf(dates);
    }

    /** The day after the last generated day. */
    public LocalDate end() {
        return start.plusDays(days);
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new AlmanacException(ErrorCode.INVALID_ARGUMENT, name + " must be at least 1, got " + value);
        }
    }
}
