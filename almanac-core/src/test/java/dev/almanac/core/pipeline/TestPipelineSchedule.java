package dev.almanac.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.almanac.spi.AlmanacException;
import java.time.Instant;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class TestPipelineSchedule {
    @Test
    void dailyAt() {
        Schedule schedule = Schedule.parse("daily at 02:30");

        assertThat(schedule).isEqualTo(Schedule.dailyAt(LocalTime.of(2, 30)));
        assertThat(schedule.text()).isEqualTo("daily at 02:30");
        assertNext(schedule, "2024-03-09T00:00:00Z", "2024-03-09T02:30:00Z");
        assertNext(schedule, "2024-03-09T02:29:59.999Z", "2024-03-09T02:30:00Z");
        // strictly after: a run due now is not due again until tomorrow
        assertNext(schedule, "2024-03-09T02:30:00Z", "2024-03-10T02:30:00Z");
        assertNext(schedule, "2024-03-09T02:30:01Z", "2024-03-10T02:30:00Z");
        assertNext(schedule, "2024-12-31T23:59:00Z", "2025-01-01T02:30:00Z");
        assertNext(schedule, "2024-02-28T12:00:00Z", "2024-02-29T02:30:00Z");
    }

    @Test
    void hourly() {
        Schedule schedule = Schedule.parse("hourly");

        assertNext(schedule, "2024-03-09T10:00:00Z", "2024-03-09T11:00:00Z");
        assertNext(schedule, "2024-03-09T10:59:59Z", "2024-03-09T11:00:00Z");
        assertNext(schedule, "2024-03-09T23:15:00Z", "2024-03-10T00:00:00Z");
    }

    @Test
    void cron() {
        // every 15 minutes from 09:00 to 17:45 on weekdays; 2024-03-08 is a Friday
        Schedule schedule = Schedule.parse("*/15 9-17 * * MON-FRI");

        assertNext(schedule, "2024-03-08T09:00:00Z", "2024-03-08T09:15:00Z");
        assertNext(schedule, "2024-03-08T08:01:00Z", "2024-03-08T09:00:00Z");
        assertNext(schedule, "2024-03-08T17:45:00Z", "2024-03-11T09:00:00Z");
        assertNext(Schedule.parse("30 2 * * *"), "2024-03-09T02:00:00Z", "2024-03-09T02:30:00Z");
        assertNext(Schedule.parse("0 6,18 1 jan,jul *"), "2024-01-01T07:00:00Z", "2024-01-01T18:00:00Z");
        assertNext(Schedule.parse("0 6,18 1 jan,jul *"), "2024-01-01T18:00:00Z", "2024-07-01T06:00:00Z");
        assertNext(Schedule.parse("5/20 * * * *"), "2024-01-01T00:46:00Z", "2024-01-01T01:05:00Z");
        assertNext(Schedule.parse("0 0 * * 7"), "2024-03-08T00:00:00Z", "2024-03-10T00:00:00Z");
        assertNext(Schedule.parse("0 0 * * 5-7"), "2024-03-11T00:00:00Z", "2024-03-15T00:00:00Z");
    }

    @Test
    void cronDaysOfMonthOrWeek() {
        // both restricted: either matches (the 13th, or any Friday)
        Schedule schedule = Schedule.parse("0 0 13 * 5");

        assertNext(schedule, "2024-03-01T00:00:00Z", "2024-03-08T00:00:00Z");
        assertNext(schedule, "2024-03-08T00:00:00Z", "2024-03-13T00:00:00Z");
        // day of month restricted, day of week not: only the day of month
        assertNext(Schedule.parse("0 0 13 * *"), "2024-03-01T00:00:00Z", "2024-03-13T00:00:00Z");
    }

    @Test
    void cronLeapDay() {
        assertNext(Schedule.parse("0 12 29 2 *"), "2024-03-01T00:00:00Z", "2028-02-29T12:00:00Z");
        assertNext(Schedule.parse("0 12 29 2 *"), "2096-03-01T00:00:00Z", "2104-02-29T12:00:00Z");
    }

    @Test
    void none() {
        assertThat(Schedule.parse("none")).isEqualTo(Schedule.none());
        assertThat(Schedule.none().nextAfter(Instant.parse("2024-03-09T00:00:00Z")))
                .isEmpty();
    }

    @Test
    void cronIsNormalized() {
        assertThat(Schedule.parse("  0   3 * * * ").text()).isEqualTo("0 3 * * *");
        assertThat(new CronExpression("0\t3 * * *").toString()).isEqualTo("0 3 * * *");
    }

    @Test
    void invalidCron() {
        assertInvalid(
                "* * * * * *",
                "Invalid cron expression '* * * * * *': it has 6 fields; a cron expression has five"
                        + " fields: minute hour day-of-month month day-of-week, e.g. 30 2 * * *");
        assertInvalid("0 24 * * *", "Invalid cron expression '0 24 * * *': the hour 24 is out of range 0-23");
        assertInvalid("0 0 0 * *", "Invalid cron expression '0 0 0 * *': the day-of-month 0 is out of range 1-31");
        assertInvalid("0 0 * 13 *", "Invalid cron expression '0 0 * 13 *': the month 13 is out of range 1-12");
        assertInvalid("0 0 * * 8", "Invalid cron expression '0 0 * * 8': the day-of-week 8 is out of range 0-7");
        assertInvalid(
                "0 0 * * FUN",
                "Invalid cron expression '0 0 * * FUN': 'FUN' in the day-of-week field is not a"
                        + " number or a name such as SUN; a cron expression has five fields: minute hour day-of-month month"
                        + " day-of-week, e.g. 30 2 * * *");
        assertInvalid(
                "30-10 * * * *",
                "Invalid cron expression '30-10 * * * *': the minute range 30-10 runs backwards;"
                        + " write the lower value first");
        assertInvalid("*/0 * * * *", "Invalid cron expression '*/0 * * * *': the step 0 is out of range 1-60");
        assertInvalid(
                "0 0 31 4,6 *",
                "Invalid cron expression '0 0 31 4,6 *': it never fires: none of its months has"
                        + " any of its days of the month");
        assertInvalid(
                "1,,2 * * * *",
                "Invalid cron expression '1,,2 * * * *': '' in the minute field is not a number;"
                        + " a cron expression has five fields: minute hour day-of-month month day-of-week, e.g. 30 2 * * *");
    }

    @Test
    void invalidSchedule() {
        assertInvalid(
                "daily",
                "Invalid schedule 'daily': write daily at HH:MM with a UTC time from 00:00 to 23:59,"
                        + " e.g. daily at 02:30");
        assertInvalid(
                "daily at 12:60",
                "Invalid schedule 'daily at 12:60': write daily at HH:MM with a UTC time from"
                        + " 00:00 to 23:59, e.g. daily at 02:30");
        assertInvalid(
                "@daily",
                "Invalid schedule '@daily': expected hourly, daily at HH:MM (UTC), none, or a cron"
                        + " expression (minute hour day-of-month month day-of-week), e.g. 30 2 * * 1-5");
    }

    @Test
    void retryBackoffGrowsExponentially() {
        Retry retry = new Retry(4, java.time.Duration.ofSeconds(10), 3);

        assertThat(retry.backoff(1)).hasSeconds(10);
        assertThat(retry.backoff(2)).hasSeconds(30);
        assertThat(retry.backoff(3)).hasSeconds(90);
        assertThat(retry.backoff(4)).hasSeconds(270);
        assertThatThrownBy(() -> retry.backoff(5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("retry must be between 1 and 4: 5");
    }

    private static void assertNext(Schedule schedule, String after, String expected) {
        assertThat(schedule.nextAfter(Instant.parse(after)))
                .as(schedule + " after " + after)
                .contains(Instant.parse(expected));
    }

    private static void assertInvalid(String text, String message) {
        assertThatThrownBy(() -> Schedule.parse(text))
                .isInstanceOf(AlmanacException.class)
                .hasMessage(message);
    }
}
