package dev.almanac.core.pipeline;

import static java.util.Objects.requireNonNull;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a pipeline is due, as written in its file ({@code hourly}, {@code daily at HH:MM}, a cron
 * expression, or {@code none} for a pipeline run only by hand), in UTC. Every form but
 * {@code none} is kept as the cron expression it means.
 */
public record Schedule(String text, Optional<CronExpression> cron) {
    private static final Pattern DAILY = Pattern.compile("daily\\s+at\\s+([0-9]{1,2}):([0-9]{2})");
    private static final String FORMS = "expected hourly, daily at HH:MM (UTC), none, or a cron expression";

    public Schedule {
        requireNonNull(text, "text is null");
        requireNonNull(cron, "cron is null");
    }

    public static Schedule none() {
        return new Schedule("none", Optional.empty());
    }

    public static Schedule hourly() {
        return new Schedule("hourly", Optional.of(new CronExpression("0 * * * *")));
    }

    public static Schedule dailyAt(LocalTime time) {
        return new Schedule(
                String.format(Locale.ROOT, "daily at %02d:%02d", time.getHour(), time.getMinute()),
                Optional.of(new CronExpression(time.getMinute() + " " + time.getHour() + " * * *")));
    }

    public static Schedule cron(String expression) {
        CronExpression cron = new CronExpression(expression);
        return new Schedule(cron.text(), Optional.of(cron));
    }

    public static Schedule parse(String text) {
        String trimmed = text.strip();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.equals("none")) {
            return none();
        }
        if (lower.equals("hourly")) {
            return hourly();
        }
        if (lower.startsWith("daily")) {
            Matcher matcher = DAILY.matcher(lower);
            int hour = matcher.matches() ? Integer.parseInt(matcher.group(1)) : -1;
            int minute = matcher.matches() ? Integer.parseInt(matcher.group(2)) : -1;
            if (hour < 0 || hour > 23 || minute > 59) {
                throw new AlmanacException(
                        ErrorCode.INVALID_CONFIGURATION,
                        "Invalid schedule '" + trimmed + "': write daily at HH:MM with a UTC time from 00:00 to 23:59,"
                                + " e.g. daily at 02:30");
            }
            return dailyAt(LocalTime.of(hour, minute));
        }
        if (!trimmed.isEmpty() && !Character.isDigit(trimmed.charAt(0)) && trimmed.charAt(0) != '*') {
            throw new AlmanacException(
                    ErrorCode.INVALID_CONFIGURATION,
                    "Invalid schedule '" + trimmed + "': " + FORMS
                            + " (minute hour day-of-month month day-of-week), e.g. 30 2 * * 1-5");
        }
        return cron(trimmed);
    }

    /** When the pipeline is next due strictly after {@code instant}; empty for {@code none}. */
    public Optional<Instant> nextAfter(Instant instant) {
        requireNonNull(instant, "instant is null");
        return cron.map(expression -> expression.nextAfter(instant));
    }

    @Override
    public String toString() {
        return text;
    }
}
