package dev.almanac.core.control;

import static java.util.Objects.requireNonNull;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * The transactional home of all warehouse state: the Iceberg catalog, provenance and (later) file
 * manifests and pipeline runs. SQLite for one machine, PostgreSQL when several share a warehouse.
 */
public final class ControlDatabase {
    private final String url;
    private final Optional<String> user;
    private final Optional<String> password;
    private final Dialect dialect;

    public ControlDatabase(String url, Optional<String> user, Optional<String> password) {
        this.dialect = Dialect.of(requireNonNull(url, "url is null"));
        this.url = dialect == Dialect.SQLITE ? withSqliteSettings(url) : url;
        this.user = requireNonNull(user, "user is null");
        this.password = requireNonNull(password, "password is null");
    }

    /**
     * Every SQLite connection, ours and the catalog's, waits for locks instead of failing, and opens
     * write transactions with BEGIN IMMEDIATE: a transaction that starts by reading and then writes
     * would otherwise fail outright (SQLITE_BUSY_SNAPSHOT) whenever another process wrote meanwhile.
     */
    private static String withSqliteSettings(String url) {
        StringBuilder result = new StringBuilder(url);
        char separator = url.contains("?") ? '&' : '?';
        if (!url.contains("transaction_mode=")) {
            result.append(separator).append("transaction_mode=IMMEDIATE");
            separator = '&';
        }
        if (!url.contains("busy_timeout=")) {
            result.append(separator).append("busy_timeout=").append(Dialect.SQLITE_BUSY_TIMEOUT_MILLIS);
        }
        return result.toString();
    }

    public String url() {
        return url;
    }

    public Optional<String> user() {
        return user;
    }

    public Optional<String> password() {
        return password;
    }

    public Dialect dialect() {
        return dialect;
    }

    public Connection connect() {
        Properties properties = new Properties();
        user.ifPresent(value -> properties.setProperty("user", value));
        password.ifPresent(value -> properties.setProperty("password", value));
        try {
            return DriverManager.getConnection(url, properties);
        } catch (SQLException e) {
            throw failure("connect to", e);
        }
    }

    public AlmanacException failure(String action, SQLException cause) {
        return new AlmanacException(
                ErrorCode.CONTROL_DATABASE_ERROR,
                "Could not " + action + " the control database " + redactedUrl() + ": " + cause.getMessage(),
                cause);
    }

    /** The URL without query parameters, which may hold credentials. */
    public String redactedUrl() {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    public enum Dialect {
        SQLITE,
        POSTGRESQL;

        static final int SQLITE_BUSY_TIMEOUT_MILLIS = 60_000;

        static Dialect of(String url) {
            String lower = url.toLowerCase(Locale.ROOT);
            if (lower.startsWith("jdbc:sqlite:")) {
                return SQLITE;
            }
            if (lower.startsWith("jdbc:postgresql:")) {
                return POSTGRESQL;
            }
            throw new AlmanacException(
                    ErrorCode.INVALID_CONFIGURATION,
                    "Unsupported control database URL '" + url
                            + "': use jdbc:sqlite:FILE or jdbc:postgresql://HOST/DATABASE");
        }
    }
}
