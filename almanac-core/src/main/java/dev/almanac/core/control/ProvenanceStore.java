package dev.almanac.core.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads and writes provenance rows in the control database. */
public final class ProvenanceStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Long>> SNAPSHOT_MAP = new TypeReference<>() {};

    private final ControlDatabase database;

    public ProvenanceStore(ControlDatabase database) {
        this.database = database;
    }

    public void record(ProvenanceRecord record) {
        String sql = "INSERT INTO almanac_provenance (table_name, snapshot_id, operation, principal, started_at,"
                + " committed_at, duration_millis, rows_written, bytes_written, files_written, bytes_read, sql_text,"
                + " input_snapshots) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection connection = database.connect();
                PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setString(1, record.table());
            insert.setLong(2, record.snapshotId());
            insert.setString(3, record.operation());
            insert.setString(4, record.principal());
            insert.setString(5, record.startedAt().toString());
            insert.setString(6, record.committedAt().toString());
            insert.setLong(7, record.duration().toMillis());
            insert.setLong(8, record.rowsWritten());
            insert.setLong(9, record.bytesWritten());
            insert.setLong(10, record.filesWritten());
            insert.setLong(11, record.bytesRead());
            insert.setString(12, record.sql());
            insert.setString(13, toJson(record.inputSnapshots()));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw database.failure("record provenance in", e);
        }
    }

    public Optional<ProvenanceRecord> find(String table, long snapshotId) {
        List<ProvenanceRecord> found = select("WHERE table_name = ? AND snapshot_id = ?", table, snapshotId);
        return found.stream().findFirst();
    }

    /** Newest first. */
    public List<ProvenanceRecord> history(String table, int limit) {
        List<ProvenanceRecord> all = select("WHERE table_name = ? ORDER BY committed_at DESC", table);
        return all.subList(0, Math.min(limit, all.size()));
    }

    private List<ProvenanceRecord> select(String condition, Object... arguments) {
        String sql = "SELECT table_name, snapshot_id, operation, principal, started_at, committed_at, rows_written,"
                + " bytes_written, files_written, bytes_read, sql_text, input_snapshots FROM almanac_provenance "
                + condition;
        try (Connection connection = database.connect();
                PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < arguments.length; i++) {
                query.setObject(i + 1, arguments[i]);
            }
            List<ProvenanceRecord> records = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    records.add(new ProvenanceRecord(
                            rows.getString(1),
                            rows.getLong(2),
                            rows.getString(3),
                            rows.getString(4),
                            Instant.parse(rows.getString(5)),
                            Instant.parse(rows.getString(6)),
                            rows.getLong(7),
                            rows.getLong(8),
                            rows.getLong(9),
                            rows.getLong(10),
                            rows.getString(11),
                            fromJson(rows.getString(12))));
                }
            }
            return records;
        } catch (SQLException e) {
            throw database.failure("read provenance from", e);
        }
    }

    static String toJson(Map<String, Long> snapshots) {
        try {
            return JSON.writeValueAsString(snapshots);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Long> fromJson(String json) {
        try {
            return JSON.readValue(json, SNAPSHOT_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable provenance inputs: " + json, e);
        }
    }
}
