package dev.almanac.core.pipeline;

import dev.almanac.core.control.ControlDatabase;
import dev.almanac.core.pipeline.StepRun.Status;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The record of every (step, run date) of every pipeline, in the control database. */
public final class StepRuns {
    private final ControlDatabase database;
    private final Clock clock;

    public StepRuns(ControlDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    public void started(String pipeline, String step, LocalDate date) {
        String now = clock.instant().toString();
        try (Connection connection = database.connect()) {
            try (PreparedStatement update = connection.prepareStatement("UPDATE almanac_step_runs SET status = ?,"
                    + " attempts = attempts + 1, started_at = ?, finished_at = NULL, rows_written = NULL, snapshot_id = NULL,"
                    + " error_text = NULL WHERE pipeline_name = ? AND step_name = ? AND run_date = ?")) {
                update.setString(1, Status.RUNNING.name());
                update.setString(2, now);
                update.setString(3, pipeline);
                update.setString(4, step);
                update.setString(5, date.toString());
                if (update.executeUpdate() == 1) {
                    return;
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO almanac_step_runs (pipeline_name,"
                    + " step_name, run_date, status, attempts, started_at) VALUES (?, ?, ?, ?, 1, ?)")) {
                insert.setString(1, pipeline);
                insert.setString(2, step);
                insert.setString(3, date.toString());
                insert.setString(4, Status.RUNNING.name());
                insert.setString(5, now);
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            throw database.failure("record the start of " + pipeline + "." + step + " in", e);
        }
    }

    public void finished(String pipeline, String step, LocalDate date, Optional<Long> rows, Optional<Long> snapshotId) {
        finish(pipeline, step, date, Status.SUCCEEDED, rows, snapshotId, Optional.empty());
    }

    public void failed(String pipeline, String step, LocalDate date, String error) {
        finish(pipeline, step, date, Status.FAILED, Optional.empty(), Optional.empty(), Optional.of(error));
    }

    private void finish(
            String pipeline,
            String step,
            LocalDate date,
            Status status,
            Optional<Long> rows,
            Optional<Long> snapshotId,
            Optional<String> error) {
        try (Connection connection = database.connect();
                PreparedStatement update = connection.prepareStatement("UPDATE almanac_step_runs SET status = ?,"
                        + " finished_at = ?, rows_written = ?, snapshot_id = ?, error_text = ?"
                        + " WHERE pipeline_name = ? AND step_name = ? AND run_date = ?")) {
            update.setString(1, status.name());
            update.setString(2, clock.instant().toString());
            update.setObject(3, rows.orElse(null));
            update.setObject(4, snapshotId.orElse(null));
            update.setString(5, error.orElse(null));
            update.setString(6, pipeline);
            update.setString(7, step);
            update.setString(8, date.toString());
            update.executeUpdate();
        } catch (SQLException e) {
            throw database.failure("record the end of " + pipeline + "." + step + " in", e);
        }
    }

    /** Every recorded (step, date) of a pipeline, newest date first. */
    public List<StepRun> history(String pipeline) {
        return select(pipeline, "WHERE pipeline_name = ? ORDER BY run_date DESC, started_at", pipeline);
    }

    public Optional<StepRun> find(String pipeline, String step, LocalDate date) {
        return select(
                        pipeline,
                        "WHERE pipeline_name = ? AND step_name = ? AND run_date = ?",
                        pipeline,
                        step,
                        date.toString())
                .stream()
                .findFirst();
    }

    private List<StepRun> select(String pipeline, String condition, String... arguments) {
        String sql =
                "SELECT pipeline_name, step_name, run_date, status, attempts, started_at, finished_at, rows_written,"
                        + " snapshot_id, error_text FROM almanac_step_runs " + condition;
        try (Connection connection = database.connect();
                PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < arguments.length; i++) {
                query.setString(i + 1, arguments[i]);
            }
            List<StepRun> runs = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    long written = rows.getLong(8);
                    Optional<Long> rowCount = rows.wasNull() ? Optional.empty() : Optional.of(written);
                    long snapshot = rows.getLong(9);
                    Optional<Long> snapshotId = rows.wasNull() ? Optional.empty() : Optional.of(snapshot);
                    runs.add(new StepRun(
                            rows.getString(1),
                            rows.getString(2),
                            LocalDate.parse(rows.getString(3)),
                            Status.valueOf(rows.getString(4)),
                            rows.getInt(5),
                            Instant.parse(rows.getString(6)),
                            Optional.ofNullable(rows.getString(7)).map(Instant::parse),
                            rowCount,
                            snapshotId,
                            Optional.ofNullable(rows.getString(10))));
                }
            }
            return runs;
        } catch (SQLException e) {
            throw database.failure("read the runs of " + pipeline + " from", e);
        }
    }
}
