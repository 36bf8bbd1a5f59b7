package dev.almanac.core.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TestTimestamps {
    @Test
    void formatsAsJavaTimeDoesInUtc() {
        DateTimeFormatter tracking = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx", Locale.ROOT)
                .withZone(ZoneOffset.UTC);
        DateTimeFormatter sql =
                DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
        DateTimeFormatter entity = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT)
                .withZone(ZoneOffset.UTC);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            long micros = random.nextLong(-Timestamps.DAY * 365, Timestamps.DAY * 365 * 80);
            Instant instant = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
            assertThat(Timestamps.tracking(micros)).isEqualTo(tracking.format(instant));
            assertThat(Timestamps.sql(micros)).isEqualTo(sql.format(instant));
            assertThat(Timestamps.entity(micros)).isEqualTo(entity.format(instant));
        }
    }

    @Test
    void examples() {
        long micros = Timestamps.startOfDay(LocalDate.of(2024, 1, 2))
                + 10 * Timestamps.HOUR
                + 11 * Timestamps.MINUTE
                + 12 * Timestamps.SECOND
                + 123_456;

        assertThat(Timestamps.tracking(micros)).isEqualTo("2024-01-02T10:11:12.123456+00:00");
        assertThat(Timestamps.sql(micros)).isEqualTo("2024-01-02 10:11:12");
        assertThat(Timestamps.entity(micros)).isEqualTo("2024-01-02T10:11:12.123456Z");
    }
}
