package dev.almanac.core.ingest;

import static java.util.Objects.requireNonNull;

import dev.almanac.core.control.ControlDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

/**
 * The high-water mark of each incremental JDBC source in the control database. The summary of the
 * snapshot that landed the rows up to a mark carries it too; this table is what a run reads first,
 * and what it repairs when a run died between committing and recording here.
 */
final class HighWaterMarks {
    private final ControlDatabase database;
    private final Clock clock;

    HighWaterMarks(ControlDatabase database, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    Optional<HighWaterMark> find(String source) {
        try (Connection connection = database.connect();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT column_name, value_text, snapshot_id FROM almanac_high_water_marks WHERE source_name = ?")) {
            query.setString(1, source);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new HighWaterMark(rows.getString(1), rows.getString(2), rows.getLong(3)));
            }
        } catch (SQLException e) {
            throw database.failure("read the high-water mark of source '" + source + "' from", e);
        }
    }

    /** Records the mark; callers hold the source's lease, so nobody else writes its row meanwhile. */
    void record(String source, HighWaterMark mark) {
        String now = clock.instant().toString();
        try (Connection connection = database.connect()) {
            try (PreparedStatement update = connection.prepareStatement("UPDATE almanac_high_water_marks"
                    + " SET column_name = ?, value_text = ?, snapshot_id = ?, updated_at = ? WHERE source_name = ?")) {
                update.setString(1, mark.column());
                update.setString(2, mark.value());
                update.setLong(3, mark.snapshotId());
                update.setString(4, now);
                update.setString(5, source);
                if (update.executeUpdate() == 1) {
                    return;
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO almanac_high_water_marks"
                    + " (source_name, column_name, value_text, snapshot_id, updated_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, source);
                insert.setString(2, mark.column());
                insert.setString(3, mark.value());
                insert.setLong(4, mark.snapshotId());
                insert.setString(5, now);
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            throw database.failure("record the high-water mark of source '" + source + "' in", e);
        }
    }

    void clear(String source) {
        try (Connection connection = database.connect();
                PreparedStatement delete =
                        connection.prepareStatement("DELETE FROM almanac_high_water_marks WHERE source_name = ?")) {
            delete.setString(1, source);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw database.failure("clear the high-water mark of source '" + source + "' in", e);
        }
    }

    /** The largest value of {@code column} landed so far (as text), and the snapshot that landed it. */
    record HighWaterMark(String column, String value, long snapshotId) {
        HighWaterMark {
            requireNonNull(column, "column is null");
            requireNonNull(value, "value is null");
        }
    }
}
