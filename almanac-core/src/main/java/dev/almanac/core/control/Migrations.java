package dev.almanac.core.control;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Creates and upgrades the control database schema. Each migration runs in one transaction that
 * first claims its version row, so two processes upgrading at once apply it exactly once.
 */
public final class Migrations {
    static final List<Migration> ALL = List.of(
            new Migration(1, "provenance", "V1__provenance.sql"),
            new Migration(2, "iceberg catalog", "V2__iceberg_catalog.sql"),
            new Migration(3, "ingest manifest", "V3__ingest_manifest.sql"),
            new Migration(4, "jdbc high-water marks", "V4__jdbc_high_water_marks.sql"),
            new Migration(5, "pipeline runs", "V5__pipeline_runs.sql"));

    private final ControlDatabase database;

    public Migrations(ControlDatabase database) {
        this.database = database;
    }

    /** Applies every migration not yet applied; returns how many it applied. */
    public int migrate() {
        try (Connection connection = database.connect()) {
            if (database.dialect() == ControlDatabase.Dialect.SQLITE) {
                // readers never block the writer (and the catalog keeps connections open)
                try (Statement statement = connection.createStatement()) {
                    statement.execute("PRAGMA journal_mode = WAL");
                }
            }
            createVersionTable(connection);
            int applied = 0;
            for (Migration migration : ALL) {
                if (apply(connection, migration)) {
                    applied++;
                }
            }
            return applied;
        } catch (SQLException e) {
            throw database.failure("migrate", e);
        }
    }

    public int currentVersion() {
        try (Connection connection = database.connect()) {
            createVersionTable(connection);
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT max(version) FROM almanac_migrations")) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (SQLException e) {
            throw database.failure("read the schema version of", e);
        }
    }

    public static int latestVersion() {
        return ALL.get(ALL.size() - 1).version();
    }

    private static void createVersionTable(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(
                    "CREATE TABLE IF NOT EXISTS almanac_migrations ("
                            + "version INTEGER PRIMARY KEY, description VARCHAR(200) NOT NULL, applied_at VARCHAR(40) NOT NULL)");
        }
    }

    private boolean apply(Connection connection, Migration migration) throws SQLException {
        if (isApplied(connection, migration.version())) {
            return false;
        }
        connection.setAutoCommit(false);
        try {
            try (PreparedStatement claim = connection.prepareStatement(
                    "INSERT INTO almanac_migrations (version, description, applied_at) VALUES (?, ?, ?)")) {
                claim.setInt(1, migration.version());
                claim.setString(2, migration.description());
                claim.setString(3, Instant.now().toString());
                claim.executeUpdate();
            }
            try (Statement statement = connection.createStatement()) {
                for (String sql : statements(migration)) {
                    statement.execute(sql);
                }
            }
            connection.commit();
            return true;
        } catch (SQLException e) {
            connection.rollback();
            if (isApplied(connection, migration.version())) {
                // another process applied it while we waited for the lock
                return false;
            }
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static boolean isApplied(Connection connection, int version) throws SQLException {
        try (PreparedStatement query =
                connection.prepareStatement("SELECT count(*) FROM almanac_migrations WHERE version = ?")) {
            query.setInt(1, version);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1) > 0;
            }
        }
    }

    static List<String> statements(Migration migration) {
        String text;
        try (InputStream input = Migrations.class.getResourceAsStream("migrations/" + migration.resource())) {
            if (input == null) {
                throw new AlmanacException(ErrorCode.INTERNAL, "Missing migration resource " + migration.resource());
            }
            text = new String(input.readAllBytes(), UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String withoutComments =
                text.lines().filter(line -> !line.strip().startsWith("--")).collect(Collectors.joining("\n"));
        List<String> statements = new ArrayList<>();
        for (String part : withoutComments.split(";")) {
            String sql = part.strip();
            if (!sql.isEmpty()) {
                statements.add(sql);
            }
        }
        return statements;
    }
}
