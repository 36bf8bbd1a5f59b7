package dev.almanac.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL server for control-database tests, given by {@code ALMANAC_TEST_POSTGRES_URL}
 * ({@code .ci/postgres.sh} starts one and prints it). Each caller gets a schema of its own. Without
 * the variable the tests are reported as skipped, except under CI, where that is a failure.
 */
public final class TestingPostgres {
    public static final String URL_VARIABLE = "ALMANAC_TEST_POSTGRES_URL";

    private TestingPostgres() {}

    /** A JDBC URL whose default schema is a new, empty one. */
    public static String newSchemaUrl() {
        String url = System.getenv(URL_VARIABLE);
        if (url == null || url.isBlank()) {
            if (System.getenv("CI") != null) {
                fail(URL_VARIABLE + " is not set: CI must start PostgreSQL (bash .ci/postgres.sh)");
            }
            Assumptions.abort(URL_VARIABLE + " is not set; start PostgreSQL with `bash .ci/postgres.sh` and export"
                    + " its output to run the PostgreSQL control-database tests");
        }
        String schema = "almanac_test_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a test schema on " + url.replaceAll("\\?.*", ""), e);
        }
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
}
