package dev.almanac.core.ingest;

import dev.almanac.core.control.ControlDatabase;
import dev.almanac.core.ingest.ManifestEntry.Status;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ingest manifest in the control database: one entry per source file and the data files each
 * load attempt wrote, so that a file is counted once and a changed file replaces what it gave.
 */
public final class FileManifest {
    private final ControlDatabase database;
    private final Clock clock;

    public FileManifest(ControlDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Entries of a source by path. */
    public Map<String, ManifestEntry> entries(String source) {
        String sql = "SELECT source_name, path, size_bytes, modified_at, sha256, status, claim, attempts, rows_loaded,"
                + " rows_quarantined, snapshot_id, error_text FROM almanac_ingested_files WHERE source_name = ? ORDER BY path";
        try (Connection connection = database.connect();
                PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, source);
            Map<String, ManifestEntry> entries = new LinkedHashMap<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    long snapshot = rows.getLong(11);
                    Optional<Long> snapshotId = rows.wasNull() ? Optional.empty() : Optional.of(snapshot);
                    ManifestEntry entry = new ManifestEntry(
                            rows.getString(1),
                            rows.getString(2),
                            rows.getLong(3),
                            Instant.parse(rows.getString(4)),
                            rows.getString(5),
                            Status.valueOf(rows.getString(6)),
                            rows.getString(7),
                            rows.getInt(8),
                            rows.getLong(9),
                            rows.getLong(10),
                            snapshotId,
                            Optional.ofNullable(rows.getString(12)));
                    entries.put(entry.path(), entry);
                }
            }
            return entries;
        } catch (SQLException e) {
            throw database.failure("read the ingest manifest from", e);
        }
    }

    /** Marks a file as being loaded under a new claim. */
    public void claim(String source, SourceFile file, String claim) {
        Instant now = clock.instant();
        try (Connection connection = database.connect()) {
            try (PreparedStatement update =
                    connection.prepareStatement("UPDATE almanac_ingested_files SET size_bytes = ?,"
                            + " modified_at = ?, sha256 = ?, status = ?, claim = ?, attempts = attempts + 1, error_text = NULL,"
                            + " updated_at = ? WHERE source_name = ? AND path = ?")) {
                update.setLong(1, file.sizeBytes());
                update.setString(2, file.modifiedAt().toString());
                update.setString(3, file.sha256());
                update.setString(4, Status.LOADING.name());
                update.setString(5, claim);
                update.setString(6, now.toString());
                update.setString(7, source);
                update.setString(8, file.path());
                if (update.executeUpdate() == 1) {
                    return;
                }
            }
            try (PreparedStatement insert =
                    connection.prepareStatement("INSERT INTO almanac_ingested_files (source_name,"
                            + " path, size_bytes, modified_at, sha256, status, claim, attempts, rows_loaded, rows_quarantined,"
                            + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, 0, 0, ?)")) {
                insert.setString(1, source);
                insert.setString(2, file.path());
                insert.setLong(3, file.sizeBytes());
                insert.setString(4, file.modifiedAt().toString());
                insert.setString(5, file.sha256());
                insert.setString(6, Status.LOADING.name());
                insert.setString(7, claim);
                insert.setString(8, now.toString());
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            throw database.failure("claim " + file.path() + " in", e);
        }
    }

    /** Records the data files a claim wrote, before they are committed. */
    public void recordDataFiles(String claim, String source, String path, String table, List<String> dataFiles) {
        String sql = "INSERT INTO almanac_ingested_data_files (claim, source_name, path, table_name, data_file)"
                + " VALUES (?, ?, ?, ?, ?)";
        try (Connection connection = database.connect();
                PreparedStatement insert = connection.prepareStatement(sql)) {
            connection.setAutoCommit(false);
            for (String dataFile : dataFiles) {
                insert.setString(1, claim);
                insert.setString(2, source);
                insert.setString(3, path);
                insert.setString(4, table);
                insert.setString(5, dataFile);
                insert.addBatch();
            }
            insert.executeBatch();
            connection.commit();
        } catch (SQLException e) {
            throw database.failure("record data files of " + path + " in", e);
        }
    }

    /** Every data file any load of this file wrote into {@code table} (committed or not). */
    public List<String> dataFiles(String source, String path, String table) {
        String sql =
                "SELECT data_file FROM almanac_ingested_data_files WHERE source_name = ? AND path = ? AND table_name = ?";
        try (Connection connection = database.connect();
                PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, source);
            query.setString(2, path);
            query.setString(3, table);
            List<String> files = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    files.add(rows.getString(1));
                }
            }
            return files;
        } catch (SQLException e) {
            throw database.failure("read data files of " + path + " from", e);
        }
    }

    /** The tables a claim wrote data files for. */
    public List<String> claimTables(String claim) {
        try (Connection connection = database.connect();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT DISTINCT table_name FROM almanac_ingested_data_files WHERE claim = ? ORDER BY table_name")) {
            query.setString(1, claim);
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            return tables;
        } catch (SQLException e) {
            throw database.failure("read the tables of claim " + claim + " from", e);
        }
    }

    /** The claim's load is committed: the file now stands for exactly the claim's data files. */
    public void markLoaded(
            String source,
            String path,
            String claim,
            long snapshotId,
            long rows,
            long quarantined,
            Optional<String> note) {
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            try (PreparedStatement update = connection.prepareStatement("UPDATE almanac_ingested_files SET status = ?,"
                            + " snapshot_id = ?, rows_loaded = ?, rows_quarantined = ?, error_text = ?, updated_at = ?"
                            + " WHERE source_name = ? AND path = ? AND claim = ?");
                    PreparedStatement forget = connection.prepareStatement(
                            "DELETE FROM almanac_ingested_data_files WHERE source_name = ? AND path = ? AND claim <> ?")) {
                update.setString(1, Status.LOADED.name());
                update.setLong(2, snapshotId);
                update.setLong(3, rows);
                update.setLong(4, quarantined);
                update.setString(5, note.orElse(null));
                update.setString(6, clock.instant().toString());
                update.setString(7, source);
                update.setString(8, path);
                update.setString(9, claim);
                update.executeUpdate();
                forget.setString(1, source);
                forget.setString(2, path);
                forget.setString(3, claim);
                forget.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            throw database.failure("mark " + path + " loaded in", e);
        }
    }

    public void markFailed(String source, String path, String claim, String error) {
        try (Connection connection = database.connect();
                PreparedStatement update = connection.prepareStatement("UPDATE almanac_ingested_files SET status = ?,"
                        + " error_text = ?, updated_at = ? WHERE source_name = ? AND path = ? AND claim = ?")) {
            update.setString(1, Status.FAILED.name());
            update.setString(2, error);
            update.setString(3, clock.instant().toString());
            update.setString(4, source);
            update.setString(5, path);
            update.setString(6, claim);
            update.executeUpdate();
        } catch (SQLException e) {
            throw database.failure("mark " + path + " failed in", e);
        }
    }

    /** Marks an unchanged file (same content, new modification time) as still loaded. */
    public void touch(String source, SourceFile file) {
        try (Connection connection = database.connect();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE almanac_ingested_files SET modified_at = ?, size_bytes = ?, updated_at = ? WHERE source_name = ? AND path = ?")) {
            update.setString(1, file.modifiedAt().toString());
            update.setLong(2, file.sizeBytes());
            update.setString(3, clock.instant().toString());
            update.setString(4, source);
            update.setString(5, file.path());
            update.executeUpdate();
        } catch (SQLException e) {
            throw database.failure("update " + file.path() + " in", e);
        }
    }
}
