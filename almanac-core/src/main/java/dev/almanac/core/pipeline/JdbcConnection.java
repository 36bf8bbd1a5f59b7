package dev.almanac.core.pipeline;

import static java.util.Objects.requireNonNull;

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
}
