package dev.almanac.core.pipeline;

import static java.util.Objects.requireNonNull;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.util.Map;
import java.util.Optional;

/**
 * A database reached over JDBC. The password is never written in a pipeline file: it is read at run
 * time from the environment variable {@code passwordVariable}.
 */
public record JdbcConnection(String url, Optional<String> user, Optional<String> passwordVariable) {
    public JdbcConnection {
        requireNonNull(url, "url is null");
        requireNonNull(user, "user is null");
        requireNonNull(passwordVariable, "passwordVariable is null");
    }

    /** The password from the environment, if the connection has one; a variable that is not set is an error. */
    Optional<String> password(Map<String, String> environment, String step) {
        return passwordVariable.map(variable -> {
            String value = environment.get(variable);
            if (value == null) {
                throw new AlmanacException(
                        ErrorCode.INVALID_CONFIGURATION,
                        "Step " + step + " reads its database password from $" + variable + ", which is not set");
            }
            return value;
        });
    }
}
