package dev.almanac.core.pipeline;

import static java.util.Objects.requireNonNull;

import dev.almanac.core.catalog.TableName;
import dev.almanac.core.control.Leases;
import dev.almanac.core.ingest.IngestListener;
import dev.almanac.core.ingest.IngestRunner;
import dev.almanac.core.ingest.SourceReport;
import dev.almanac.core.sql.Parameters;
import dev.almanac.core.sql.SqlSession;
import dev.almanac.core.sql.StatementOutcome;
import dev.almanac.core.warehouse.Warehouse;
import dev.almanac.core.window.WindowAggregateRunner;
import dev.almanac.core.window.WindowReport;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.engine.FileFormat;
import dev.almanac.spi.engine.QueryResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.iceberg.Table;

/**
 * Runs a pipeline for one date or a range, oldest date first, steps in graph order. Each (step,
 * date) is recorded in the control database with status, rows, timings and error; {@code resume}
 * skips what already succeeded. One process at a time runs a pipeline for a given date (a lease);
 * another finds the date busy and says so.
 *
 * <p>Runnable step types so far: {@code sql}, {@code check} and {@code ingest}. Outputs are
 * published as each step commits; staging outputs until the checks pass (write-audit-publish) is
 * not done yet.
 */
public final class PipelineRunner {
    private final Warehouse warehouse;
    private final SqlSession session;
    private final String principal;
    private final Clock clock;
    private final Map<String, String> environment;
    private final Consumer<StepOutcome> listener;
    private final StepRuns runs;
    private final Leases leases;
    private final String owner;

    public PipelineRunner(
            Warehouse warehouse,
            SqlSession session,
            String principal,
            Clock clock,
            Map<String, String> environment,
            Consumer<StepOutcome> listener) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.session = requireNonNull(session, "session is null");
        this.principal = requireNonNull(principal, "principal is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.environment = Map.copyOf(environment);
        this.listener = requireNonNull(listener, "listener is null");
        this.runs = new StepRuns(warehouse.controlDatabase(), clock);
        this.leases = new Leases(warehouse.controlDatabase(), clock, Duration.ofSeconds(30));
        this.owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
    }

    public StepRuns runs() {
        return runs;
    }

    public List<StepOutcome> run(Pipeline pipeline, List<LocalDate> dates, boolean resume) {
        PipelineGraph graph = PipelineGraph.of(pipeline);
        List<Step> order = graph.order();
        List<StepOutcome> outcomes = new ArrayList<>();
        for (LocalDate date : dates.stream().sorted().toList()) {
            String leaseName = "pipeline:" + pipeline.name() + ":" + date;
            Optional<Leases.Lease> lease = leases.tryAcquire(leaseName, owner);
            if (lease.isEmpty()) {
                String holder = leases.holder(leaseName).orElse("another process");
                for (Step step : order) {
                    record(
                            outcomes,
                            new StepOutcome(
                                    step.name(),
                                    date,
                                    StepOutcome.Result.BUSY,
                                    Optional.empty(),
                                    pipeline.name() + " is running for " + date + " in " + holder));
                }
                continue;
            }
            try (Leases.Lease held = lease.get()) {
                Set<String> notDone = new HashSet<>();
                for (Step step : order) {
                    Optional<String> blocker = graph.upstream(step.name()).stream()
                            .filter(notDone::contains)
                            .findFirst();
                    if (blocker.isPresent()) {
                        notDone.add(step.name());
                        record(
                                outcomes,
                                new StepOutcome(
                                        step.name(),
                                        date,
                                        StepOutcome.Result.BLOCKED,
                                        Optional.empty(),
                                        "not run: " + blocker.get() + " did not succeed"));
                        continue;
                    }
                    Optional<StepRun> previous = runs.find(pipeline.name(), step.name(), date);
                    if (resume && previous.isPresent() && previous.get().status() == StepRun.Status.SUCCEEDED) {
                        record(
                                outcomes,
                                new StepOutcome(
                                        step.name(),
                                        date,
                                        StepOutcome.Result.ALREADY_DONE,
                                        previous.get().rows(),
                                        "done in an earlier run"));
                        continue;
                    }
                    held.check();
                    StepOutcome outcome = runWithRetries(pipeline, step, date, previous);
                    if (outcome.result() != StepOutcome.Result.SUCCEEDED) {
                        notDone.add(step.name());
                    }
                    record(outcomes, outcome);
                }
            }
        }
        return outcomes;
    }

    private void record(List<StepOutcome> outcomes, StepOutcome outcome) {
        outcomes.add(outcome);
        listener.accept(outcome);
    }

    private StepOutcome runWithRetries(Pipeline pipeline, Step step, LocalDate date, Optional<StepRun> previous) {
        runs.started(pipeline.name(), step.name(), date);
        for (int attempt = 0; ; attempt++) {
            try {
                StepOutcome outcome = runOnce(pipeline, step, date, previous);
                if (outcome.result() == StepOutcome.Result.SUCCEEDED) {
                    runs.finished(pipeline.name(), step.name(), date, outcome.rows(), Optional.empty());
                } else {
                    runs.failed(pipeline.name(), step.name(), date, outcome.message());
                }
                return outcome;
            } catch (AlmanacException e) {
                if (attempt >= step.retry().count() || e.kind() == dev.almanac.spi.ErrorKind.USER_ERROR) {
                    runs.failed(pipeline.name(), step.name(), date, e.getMessage());
                    return new StepOutcome(
                            step.name(), date, StepOutcome.Result.FAILED, Optional.empty(), e.getMessage());
                }
                pause(step.retry().backoff(attempt + 1));
            }
        }
    }

    private static void pause(Duration backoff) {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AlmanacException(ErrorCode.INTERNAL, "Interrupted while waiting to retry a step", e);
        }
    }

    private StepOutcome runOnce(Pipeline pipeline, Step step, LocalDate date, Optional<StepRun> previous) {
        Map<String, String> parameters = new HashMap<>(pipeline.params());
        parameters.put("dt", date.toString());
        parameters.put("start", date.toString());
        parameters.put("end", date.toString());
        StepSettings settings = step.settings();
        if (settings instanceof SqlStep sql) {
            return sql(step, sql, date, parameters, previous);
        }
        if (settings instanceof CheckStep check) {
            return new CheckRunner(session, parameters).run(step, check, date);
        }
        if (settings instanceof IngestStep ingest) {
            IngestRunner runner =
                    new IngestRunner(warehouse, session.engine(), principal, clock, IngestListener.NONE, environment);
            List<SourceReport> reports = runner.run(ingest.sources(), false);
            long rows = reports.stream().mapToLong(SourceReport::rows).sum();
            long failed = reports.stream().mapToLong(SourceReport::failed).sum();
            String message = reports.stream()
                    .map(report ->
                            report.source() + ": " + report.files().size() + " files, " + report.rows() + " rows")
                    .reduce((left, right) -> left + "; " + right)
                    .orElse("no sources");
            return new StepOutcome(
                    step.name(),
                    date,
                    failed > 0 ? StepOutcome.Result.FAILED : StepOutcome.Result.SUCCEEDED,
                    Optional.of(rows),
                    failed > 0 ? failed + " files failed (" + message + ")" : message);
        }
        if (settings instanceof WindowAggregateStep window) {
            WindowReport report =
                    new WindowAggregateRunner(warehouse, session, principal, clock).run(window.aggregate(), date);
            return new StepOutcome(
                    step.name(),
                    date,
                    StepOutcome.Result.SUCCEEDED,
                    Optional.of(report.rowsWritten()),
                    report.summary());
        }
        if (settings instanceof ExportStep export && export.destination() instanceof ExportStep.Files files) {
            return exportFiles(step, export, files, date, parameters);
        }
        throw new AlmanacException(
                ErrorCode.NOT_SUPPORTED,
                "Step " + step.name() + " is of type " + step.type()
                        + (settings instanceof ExportStep ? " to a database" : "")
                        + ", which pipelines cannot run yet (runnable: sql, check, ingest, export to files, window-aggregate) ("
                        + step.location() + ")");
    }

    /**
     * Writes the rows as one file in the step's folder (relative to the warehouse), replacing the
     * file an earlier run wrote there: the new file is written aside and moved into place.
     */
    private StepOutcome exportFiles(
            Step step, ExportStep export, ExportStep.Files files, LocalDate date, Map<String, String> parameters) {
        String query =
                export.query().orElseGet(() -> "SELECT * FROM " + export.table().orElseThrow());
        Path folder = warehouse
                .directory()
                .resolve(Parameters.substitute(files.path(), parameters))
                .normalize();
        String extension = files.format().name().toLowerCase(Locale.ROOT);
        Path target = folder.resolve("part-0." + extension);
        Path written = folder.resolve(".part-0." + extension + "." + UUID.randomUUID());
        try {
            Files.createDirectories(folder);
            session.export(query, parameters, FileFormat.valueOf(files.format().name()), written);
            Files.move(written, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            removePartial(written, e);
            if (e instanceof IOException) {
                throw new AlmanacException(
                        ErrorCode.STORAGE_ERROR, "Could not write " + target + ": " + e.getMessage(), e);
            }
            throw (RuntimeException) e;
        }
        return new StepOutcome(step.name(), date, StepOutcome.Result.SUCCEEDED, Optional.empty(), "wrote " + target);
    }

    private StepOutcome sql(
            Step step, SqlStep sql, LocalDate date, Map<String, String> parameters, Optional<StepRun> previous) {
        if (sql.target().isEmpty()) {
            StatementOutcome outcome = session.execute(sql.sql(), parameters);
            closeRows(outcome);
            return new StepOutcome(step.name(), date, StepOutcome.Result.SUCCEEDED, rows(outcome), "ran");
        }
        TableWrite target = sql.target().get();
        TableName table = target.table();
        String query = sql.sql().strip().replaceAll(";\\s*$", "");
        boolean exists = warehouse.catalog().tableExists(table.identifier());
        String statement;
        if (!exists) {
            statement = "CREATE TABLE " + table + " AS " + query;
        } else {
            statement = switch (target.mode()) {
                case APPEND -> {
                    if (previous.isPresent() && previous.get().status() == StepRun.Status.SUCCEEDED) {
                        throw new AlmanacException(
                                ErrorCode.INVALID_QUERY,
                                "Step " + step.name() + " already appended its rows for " + date
                                        + "; an append step does"
                                        + " not run twice for a date (use --resume, or mode partition) ("
                                        + step.location() + ")");
                    }
                    yield "INSERT INTO " + table + " " + query;
                }
                case PARTITION -> partitionOverwrite(step, table, query, date);
                case REPLACE -> {
                    Table current = session.loadTable(table);
                    if (current.spec().isPartitioned()) {
                        throw new AlmanacException(
                                ErrorCode.NOT_SUPPORTED,
                                "Mode replace on the partitioned table " + table + " is not supported yet; use mode"
                                        + " partition (" + step.location() + ")");
                    }
                    yield "INSERT OVERWRITE TABLE " + table + " " + query;
                }
                case MERGE ->
                    throw new AlmanacException(
                            ErrorCode.NOT_SUPPORTED, "Mode merge is not supported yet (" + step.location() + ")");
            };
        }
        StatementOutcome outcome = session.execute(statement, parameters);
        return new StepOutcome(step.name(), date, StepOutcome.Result.SUCCEEDED, rows(outcome), "wrote " + table);
    }

    /**
     * Replaces the run date's partition with the query's rows; a row for another date fails the
     * step rather than landing in the wrong partition.
     */
    private String partitionOverwrite(Step step, TableName table, String query, LocalDate date) {
        Table current = session.loadTable(table);
        boolean byDt = current.spec().fields().size() == 1
                && "dt"
                        .equals(current.schema()
                                .findColumnName(current.spec().fields().get(0).sourceId()));
        if (!byDt) {
            throw new AlmanacException(
                    ErrorCode.INVALID_QUERY,
                    "Mode partition needs " + table + " to be partitioned by dt (" + step.location() + ")");
        }
        return "INSERT OVERWRITE TABLE " + table + " PARTITION (dt='" + date + "') SELECT * EXCLUDE (dt) FROM (" + query
                + "\n) AS step_rows WHERE CASE WHEN dt = DATE '" + date + "' THEN true ELSE error('step " + step.name()
                + " returned a row for dt ' || coalesce(CAST(dt AS VARCHAR), 'NULL') || ', outside the run date " + date
                + "') END";
    }

    private static void removePartial(Path file, Exception failure) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private static Optional<Long> rows(StatementOutcome outcome) {
        if (outcome instanceof StatementOutcome.WriteOutcome write) {
            return Optional.of(write.rows());
        }
        return Optional.empty();
    }

    private static void closeRows(StatementOutcome outcome) {
        if (outcome instanceof StatementOutcome.QueryOutcome query) {
            try (QueryResult rows = query.rows()) {
                while (rows.next()) {
                    // a query step's result is not kept; reading it runs it to the end
                    continue;
                }
            }
        }
    }
}
