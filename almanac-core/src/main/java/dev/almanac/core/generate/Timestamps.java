package dev.almanac.core.generate;

import java.time.LocalDate;

/**
 * Times as microseconds since the epoch, written in UTC in the formats of each source. Formatting
 * is hand-written because it runs for every generated line.
 */
final class Timestamps {
    static final long SECOND = 1_000_000L;
    static final long MINUTE = 60 * SECOND;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;

    private Timestamps() {}

    static long startOfDay(LocalDate day) {
        return day.toEpochDay() * DAY;
    }

    /** edX tracking logs: {@code 2024-01-02T10:11:12.123456+00:00}. */
    static String tracking(long micros) {
        StringBuilder text = new StringBuilder(32);
        dateTime(text, micros, 'T');
        text.append('.');
        digits(text, Math.floorMod(micros, SECOND), 6);
        return text.append("+00:00").toString();
    }

    /** Database exports and surveys: {@code 2024-01-02 10:11:12}. */
    static String sql(long micros) {
        StringBuilder text = new StringBuilder(19);
        dateTime(text, micros, ' ');
        return text.toString();
    }

    /** Khan entity dumps: {@code 2024-01-02T10:11:12.123456Z}. */
    static String entity(long micros) {
        StringBuilder text = new StringBuilder(27);
        dateTime(text, micros, 'T');
        text.append('.');
        digits(text, Math.floorMod(micros, SECOND), 6);
        return text.append('Z').toString();
    }

    private static void dateTime(StringBuilder text, long micros, char separator) {
        long seconds = Math.floorDiv(micros, SECOND);
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        long secondOfDay = Math.floorMod(seconds, 86_400);
        if (date.getYear() < 0 || date.getYear() > 9999) {
            throw new IllegalArgumentException("Year outside 0000-9999: " + date);
        }
        digits(text, date.getYear(), 4);
        text.append('-');
        digits(text, date.getMonthValue(), 2);
        text.append('-');
        digits(text, date.getDayOfMonth(), 2);
        text.append(separator);
        digits(text, secondOfDay / 3600, 2);
        text.append(':');
        digits(text, secondOfDay / 60 % 60, 2);
        text.append(':');
        digits(text, secondOfDay % 60, 2);
    }

    private static void digits(StringBuilder text, long value, int width) {
        String number = Long.toString(value);
        for (int pad = number.length(); pad < width; pad++) {
            text.append('0');
        }
        text.append(number);
    }
}
