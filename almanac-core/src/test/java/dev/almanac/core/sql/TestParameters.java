package dev.almanac.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestParameters {
    @Test
    void substitutesEveryOccurrence() {
        String sql = "INSERT OVERWRITE TABLE agg.daily PARTITION (dt='${dt}') SELECT * FROM raw.t WHERE dt = '${dt}'"
                + " AND course = '${course.id}' AND run = ${run-number}";

        assertThat(Parameters.substitute(sql, Map.of("dt", "2024-01-02", "course.id", "6.002x", "run-number", "3")))
                .isEqualTo("INSERT OVERWRITE TABLE agg.daily PARTITION (dt='2024-01-02') SELECT * FROM raw.t"
                        + " WHERE dt = '2024-01-02' AND course = '6.002x' AND run = 3");
    }

    @Test
    void valuesAreInsertedLiterally() {
        // $ and \ are special in Matcher replacements
        assertThat(Parameters.substitute(
                        "SELECT '${price}', '${path}', '${ref}'",
                        Map.of("price", "$5", "path", "C:\\data", "ref", "${price}")))
                .isEqualTo("SELECT '$5', 'C:\\data', '${price}'");
    }

    @Test
    void textWithoutPlaceholders() {
        assertThat(Parameters.substitute("SELECT '$x', '{y}', 5 $ 2", Map.of("x", "1")))
                .isEqualTo("SELECT '$x', '{y}', 5 $ 2");
    }

    @Test
    void unknownName() {
        assertThatThrownBy(() -> Parameters.substitute("SELECT * FROM raw.t WHERE dt = '${dt}'", Map.of("day", "x")))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("The SQL uses ${dt}, which has no value: pass --param dt=VALUE")
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void namesAreCaseSensitive() {
        assertThatThrownBy(() -> Parameters.substitute("SELECT ${DT}", Map.of("dt", "x")))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("The SQL uses ${DT}, which has no value: pass --param DT=VALUE");
    }

    @Test
    void malformedPlaceholderIsNotLeftInPlace() {
        for (String placeholder : new String[] {"${ dt }", "${}", "${1day}", "${dt day}"}) {
            assertThatThrownBy(() -> Parameters.substitute("SELECT '" + placeholder + "'", Map.of("dt", "x")))
                    .as(placeholder)
                    .isInstanceOf(AlmanacException.class)
                    .hasMessage("Invalid parameter " + placeholder + ": a name starts with a letter or _ and has"
                            + " only letters, digits, _, . and -, e.g. ${dt}")
                    .extracting(e -> ((AlmanacException) e).code())
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        }
    }
}
