package dev.almanac.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestTimeTravel {
    @Test
    void versionAsOf() {
        assertThat(TimeTravel.rewrite("SELECT * FROM raw.events VERSION AS OF 123"))
                .isEqualTo("SELECT * FROM `raw`.`events@version=123` AS `events`");
        assertThat(TimeTravel.rewrite("SELECT * FROM raw.events FOR SYSTEM_VERSION AS OF 123"))
                .isEqualTo("SELECT * FROM `raw`.`events@version=123` AS `events`");
        assertThat(TimeTravel.rewrite("select * from Raw.Events for system_version as of 123"))
                .isEqualTo("select * from `raw`.`events@version=123` AS `events`");
    }

    @Test
    void timestampAsOf() {
        assertThat(TimeTravel.rewrite("SELECT * FROM raw.events TIMESTAMP AS OF '2024-01-02 10:00:00'"))
                .isEqualTo("SELECT * FROM `raw`.`events@timestamp=2024-01-02 10:00:00` AS `events`");
        assertThat(TimeTravel.rewrite("SELECT * FROM raw.events FOR SYSTEM_TIME AS OF '2024-01-02T10:00:00+02:00'"))
                .isEqualTo("SELECT * FROM `raw`.`events@timestamp=2024-01-02T10:00:00+02:00` AS `events`");
    }

    @Test
    void keepsAnAliasThatFollows() {
        assertThat(TimeTravel.rewrite("SELECT e.x FROM raw.events VERSION AS OF 5 e WHERE e.x = 1"))
                .isEqualTo("SELECT e.x FROM `raw`.`events@version=5` e WHERE e.x = 1");
        assertThat(TimeTravel.rewrite("SELECT e.x FROM raw.events VERSION AS OF 5 AS e"))
                .isEqualTo("SELECT e.x FROM `raw`.`events@version=5` AS e");
        assertThat(TimeTravel.rewrite("SELECT e.x FROM raw.events VERSION AS OF 5 \"e\" WHERE e.x = 1"))
                .isEqualTo("SELECT e.x FROM `raw`.`events@version=5` \"e\" WHERE e.x = 1");
    }

    @Test
    void addsTheTableNameAsAliasBeforeKeywords() {
        assertThat(TimeTravel.rewrite("SELECT events.x FROM raw.events VERSION AS OF 5 WHERE events.x = 1"))
                .isEqualTo("SELECT events.x FROM `raw`.`events@version=5` AS `events` WHERE events.x = 1");
        assertThat(TimeTravel.rewrite("SELECT * FROM raw.a VERSION AS OF 5 JOIN raw.b ON a.id = b.id"))
                .isEqualTo("SELECT * FROM `raw`.`a@version=5` AS `a` JOIN raw.b ON a.id = b.id");
        assertThat(TimeTravel.rewrite("SELECT * FROM (SELECT * FROM raw.a VERSION AS OF 5) s"))
                .isEqualTo("SELECT * FROM (SELECT * FROM `raw`.`a@version=5` AS `a`) s");
        assertThat(TimeTravel.rewrite("FROM raw.a VERSION AS OF 5 SELECT a.x"))
                .isEqualTo("FROM `raw`.`a@version=5` AS `a` SELECT a.x");
    }

    @Test
    void quotedNames() {
        assertThat(TimeTravel.rewrite("SELECT * FROM \"Raw\".\"Tracking Log\" VERSION AS OF 7"))
                .isEqualTo("SELECT * FROM `Raw`.`Tracking Log@version=7` AS `Tracking Log`");
        assertThat(TimeTravel.rewrite("SELECT * FROM edx . `a.b` . t VERSION AS OF 7"))
                .isEqualTo("SELECT * FROM `edx`.`a.b`.`t@version=7` AS `t`");
    }

    @Test
    void twoReferences() {
        String sql =
                "SELECT * FROM raw.t VERSION AS OF 1 a JOIN raw.t FOR SYSTEM_TIME AS OF '2024-01-02' b ON a.k = b.k";

        assertThat(TimeTravel.rewrite(sql))
                .isEqualTo("SELECT * FROM `raw`.`t@version=1` a JOIN `raw`.`t@timestamp=2024-01-02` b ON a.k = b.k");
    }

    @Test
    void leavesOtherQueriesAlone() {
        String sql = "SELECT version, CAST(ts AS TIMESTAMP) AS of_day FROM raw.t WHERE ts > TIMESTAMP '2024-01-02'";

        assertThat(TimeTravel.rewrite(sql)).isEqualTo(sql);
    }

    @Test
    void rewrittenNamesArePinned() {
        assertThat(TimeTravel.pin("events@version=123"))
                .contains(new TimeTravel.Pin("events", Optional.of(123L), Optional.empty()));
        assertThat(TimeTravel.pin("events@timestamp=2024-01-02 10:00:00"))
                .contains(new TimeTravel.Pin(
                        "events", Optional.empty(), Optional.of(Instant.parse("2024-01-02T10:00:00Z"))));
        assertThat(TimeTravel.pin("events")).isEmpty();
        assertThat(TimeTravel.pin("events@branch=main")).isEmpty();
    }

    @Test
    void badVersion() {
        assertThatThrownBy(() -> TimeTravel.pin("events@version=abc"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("VERSION AS OF needs a snapshot id, not 'abc'")
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.SYNTAX_ERROR);
    }

    @Test
    void badTimestampThroughRewriteAndPin() {
        String rewritten = TimeTravel.rewrite("SELECT * FROM raw.t TIMESTAMP AS OF 'yesterday'");

        assertThat(rewritten).isEqualTo("SELECT * FROM `raw`.`t@timestamp=yesterday` AS `t`");
        assertThatThrownBy(() -> TimeTravel.pin("t@timestamp=yesterday"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("TIMESTAMP AS OF needs a time like '2024-01-02 10:00:00' (UTC) or"
                        + " '2024-01-02T10:00:00+02:00', not 'yesterday'");
    }

    @Test
    void parseTimestamp() {
        assertThat(TimeTravel.parseTimestamp("2024-01-02T10:00:00+02:00"))
                .isEqualTo(Instant.parse("2024-01-02T08:00:00Z"));
        assertThat(TimeTravel.parseTimestamp("2024-01-02 10:00:00-05:00"))
                .isEqualTo(Instant.parse("2024-01-02T15:00:00Z"));
        assertThat(TimeTravel.parseTimestamp("2024-01-02 10:00:00Z")).isEqualTo(Instant.parse("2024-01-02T10:00:00Z"));
        // without an offset the time is UTC, whatever the JVM's zone (tests run in America/Bahia_Banderas)
        assertThat(TimeTravel.parseTimestamp("2024-01-02 10:00:00")).isEqualTo(Instant.parse("2024-01-02T10:00:00Z"));
        assertThat(TimeTravel.parseTimestamp(" 2024-01-02T10:00:00.123456 "))
                .isEqualTo(Instant.parse("2024-01-02T10:00:00.123456Z"));
        assertThat(TimeTravel.parseTimestamp("2024-01-02")).isEqualTo(Instant.parse("2024-01-02T00:00:00Z"));
    }

    @Test
    void badTimestamps() {
        for (String text : new String[] {"2024-13-01", "2024-01-02 25:00", "1704189600", ""}) {
            assertThatThrownBy(() -> TimeTravel.parseTimestamp(text))
                    .as(text)
                    .isInstanceOf(AlmanacException.class)
                    .hasMessage("TIMESTAMP AS OF needs a time like '2024-01-02 10:00:00' (UTC) or"
                            + " '2024-01-02T10:00:00+02:00', not '" + text + "'");
        }
    }
}
