package dev.almanac.core.pipeline;

import static java.util.Objects.requireNonNull;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * A five-field cron expression, {@code minute hour day-of-month month day-of-week}, read in UTC.
 * Each field is {@code *}, a value, a range {@code a-b}, a step {@code *}{@code /n}, {@code a/n} or
 * {@code a-b/n}, or a comma-separated list of these; months and days of the week may be written
 * as names ({@code JAN}, {@code MON}); Sunday is 0 or 7. As in Vixie cron, when both day fields are
 * restricted (neither starts with {@code *}) a day matches if either matches.
 */
public record CronExpression(String text) {
    private static final String FORM =
            "a cron expression has five fields: minute hour day-of-month month day-of-week, e.g. 30 2 * * *";
    private static final List<String> MONTH_NAMES =
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAY_NAMES = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    // a day-of-month that exists only on 29 February comes back within eight years
    private static final int SEARCH_DAYS = 366 * 9;

    public CronExpression {
        requireNonNull(text, "text is null");
        text = String.join(" ", text.strip().split("\\s+"));
        Fields.parse(text);
    }

    /** The first minute strictly after {@code instant} at which the expression fires. */
    public Instant nextAfter(Instant instant) {
        Fields fields = Fields.parse(text);
        LocalDateTime start = LocalDateTime.ofInstant(instant, ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.MINUTES)
                .plusMinutes(1);
        LocalDate date = start.toLocalDate();
        int fromMinute = start.getHour() * 60 + start.getMinute();
        for (int day = 0; day < SEARCH_DAYS; day++) {
            if (fields.matches(date)) {
                for (int hour = fromMinute / 60; hour < 24; hour++) {
                    if (!bit(fields.hours, hour)) {
                        continue;
                    }
                    for (int minute = 0; minute < 60; minute++) {
                        if (bit(fields.minutes, minute) && hour * 60 + minute >= fromMinute) {
                            return date.atTime(hour, minute).toInstant(ZoneOffset.UTC);
                        }
                    }
                }
            }
            date = date.plusDays(1);
            fromMinute = 0;
        }
        throw new IllegalStateException("cron expression " + text + " does not fire within " + SEARCH_DAYS + " days");
    }

    @Override
    public String toString() {
        return text;
    }

    private static boolean bit(long bits, int index) {
        return (bits & (1L << index)) != 0;
    }

    private record Fields(
            long minutes,
            long hours,
            long daysOfMonth,
            long months,
            long daysOfWeek,
            boolean dayOfMonthRestricted,
            boolean dayOfWeekRestricted) {
        static Fields parse(String text) {
            String[] fields = text.isEmpty() ? new String[0] : text.split(" ");
            if (fields.length != 5) {
                throw invalid(
                        text, "it has " + fields.length + " field" + (fields.length == 1 ? "" : "s") + "; " + FORM);
            }
            long daysOfWeek = field(text, fields[4], "day-of-week", 0, 7, DAY_NAMES, 0);
            if (bit(daysOfWeek, 7)) {
                daysOfWeek = (daysOfWeek | 1L) & ~(1L << 7);
            }
            Fields parsed = new Fields(
                    field(text, fields[0], "minute", 0, 59, List.of(), 0),
                    field(text, fields[1], "hour", 0, 23, List.of(), 0),
                    field(text, fields[2], "day-of-month", 1, 31, List.of(), 0),
                    field(text, fields[3], "month", 1, 12, MONTH_NAMES, 1),
                    daysOfWeek,
                    !fields[2].startsWith("*"),
                    !fields[4].startsWith("*"));
            if (parsed.dayOfMonthRestricted && !parsed.dayOfWeekRestricted && !parsed.someMonthHasOneOfTheDays()) {
                throw invalid(text, "it never fires: none of its months has any of its days of the month");
            }
            return parsed;
        }

        boolean matches(LocalDate date) {
            if (!bit(months, date.getMonthValue())) {
                return false;
            }
            boolean dayOfMonth = bit(daysOfMonth, date.getDayOfMonth());
            boolean dayOfWeek = bit(daysOfWeek, date.getDayOfWeek().getValue() % 7);
            if (dayOfMonthRestricted && dayOfWeekRestricted) {
                return dayOfMonth || dayOfWeek;
            }
            return dayOfMonth && dayOfWeek;
        }

        private boolean someMonthHasOneOfTheDays() {
            for (Month month : Month.values()) {
                if (bit(months, month.getValue())) {
                    for (int day = 1; day <= month.maxLength(); day++) {
                        if (bit(daysOfMonth, day)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        private static long field(
                String text, String field, String what, int min, int max, List<String> names, int firstName) {
            long bits = 0;
            for (String item : field.split(",", -1)) {
                String range = item;
                int step = 1;
                int slash = item.indexOf('/');
                if (slash >= 0) {
                    range = item.substring(0, slash);
                    step = number(text, item.substring(slash + 1), what, 1, max - min + 1, "step", List.of(), 0);
                }
                int low;
                int high;
                if (range.equals("*")) {
                    low = min;
                    high = max;
                } else {
                    int dash = range.indexOf('-');
                    low = number(
                            text, dash < 0 ? range : range.substring(0, dash), what, min, max, what, names, firstName);
                    high = dash < 0
                            ? (slash >= 0 ? max : low)
                            : number(text, range.substring(dash + 1), what, min, max, what, names, firstName);
                    if (low > high) {
                        throw invalid(
                                text,
                                "the " + what + " range " + range + " runs backwards; write the lower value first");
                    }
                }
                for (int value = low; value <= high; value += step) {
                    bits |= 1L << value;
                }
            }
            return bits;
        }

        private static int number(
                String text,
                String value,
                String field,
                int min,
                int max,
                String what,
                List<String> names,
                int firstName) {
            int index = names.indexOf(value.toUpperCase(Locale.ROOT));
            if (index >= 0) {
                return index + firstName;
            }
            if (!value.matches("[0-9]{1,2}")) {
                String hint = names.isEmpty() ? "" : " or a name such as " + names.get(0);
                throw invalid(text, "'" + value + "' in the " + field + " field is not a number" + hint + "; " + FORM);
            }
            int number = Integer.parseInt(value);
            if (number < min || number > max) {
                throw invalid(text, "the " + what + " " + number + " is out of range " + min + "-" + max);
            }
            return number;
        }

        private static AlmanacException invalid(String text, String reason) {
            return new AlmanacException(
                    ErrorCode.INVALID_CONFIGURATION, "Invalid cron expression '" + text + "': " + reason);
        }
    }
}
