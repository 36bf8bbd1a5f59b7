package dev.almanac.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.almanac.spi.AlmanacException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestJdbcConnection {
    @Test
    void thePasswordComesFromItsEnvironmentVariable() {
        JdbcConnection connection =
                new JdbcConnection("jdbc:postgresql://db/app", Optional.of("reader"), Optional.of("APP_PASSWORD"));

        assertThat(connection.password(Map.of("APP_PASSWORD", "s3cret"), "extract"))
                .contains("s3cret");
        assertThatThrownBy(() -> connection.password(Map.of(), "extract"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Step extract reads its database password from $APP_PASSWORD, which is not set");
        assertThat(new JdbcConnection("jdbc:sqlite:app.db", Optional.empty(), Optional.empty()).password(Map.of(), "x"))
                .isEmpty();
    }
}
