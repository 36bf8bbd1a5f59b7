package dev.almanac.core.pipeline;

import static java.util.Objects.requireNonNull;

import dev.almanac.core.catalog.TableName;
import dev.almanac.core.control.Leases;
import dev.almanac.core.engine.Engines;
import dev.almanac.core.ingest.IngestListener;
import dev.almanac.core.ingest.IngestRunner;
import dev.almanac.core.ingest.JdbcExtract;
import dev.almanac.core.ingest.SourceReport;
import dev.almanac.core.sql.Parameters;
import dev.almanac.core.sql.SqlSession;
import dev.almanac.core.sql.StatementOutcome;
import dev.almanac.core.table.SnapshotCommitter;
import dev.almanac.core.table.TableBranches;
import dev.almanac.core.warehouse.Warehouse;
import dev.almanac.core.window.WindowAggregateRunner;
import dev.almanac.core.window.WindowReport;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.engine.Engine;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;

/**
 * Runs a pipeline for one date or a range, oldest date first, steps in graph order. Each (step,
 * date) is recorded in the control database with status, rows, timings and error; {@code resume}
 * skips what already succeeded. One process at a time runs a pipeline for a given date (a lease);
 * another finds the date busy and says so.
 *
 * <p>Write-audit-publish: the tables a run writes are staged on a branch per (pipeline, date)
 * ({@link #stagingBranch}); checks and later steps read the staged data, and only when every step
 * of the date has succeeded does each table's {@code main} move to its staged head. A failed step
 * leaves production untouched and keeps the staged writes, so {@code --resume} continues from
 * them; a run without {@code --resume} discards them first. Ingest steps land raw data directly:
 * landing is exactly-once on its own terms and not part of the audit, and always runs on the
 * embedded engine ({@link Engines#LANDING}), whichever engine runs the other steps.
 */
public final class PipelineRunner {
    /**
     * The name under which a date's publication is reported after its steps, and recorded among
     * the step runs: a date of a pipeline is complete when this pseudo-step succeeded.
     */
    public static final String PUBLISH = "(publish)";

    /** The snapshot-summary key naming the (pipeline, step, date) that committed a snapshot. */
    public static final String STEP_RUN_TAG = "almanac.step-run";

    private final Warehouse warehouse;
    private final SqlSession defaultSession;
    private final Function<Optional<String>, SqlSession> sessions;
    private final Set<SqlSession> staging = new HashSet<>();
    /** The session of the step under way: the default one, or the one of the step's engine. */
    private SqlSession session;

    private List<String> searchPath = List.of();
    private Optional<String> stagingBranch = Optional.empty();
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
        this(warehouse, session, engine -> onlyEngine(session, engine), principal, clock, environment, listener);
    }

    /**
     * A runner whose steps may run on several engines: {@code sessions} gives the session of an
     * engine name (empty: {@code session}'s), e.g. a step's {@code engine: spark}; the caller owns and
     * closes them.
     */
    public PipelineRunner(
            Warehouse warehouse,
            SqlSession session,
            Function<Optional<String>, SqlSession> sessions,
            String principal,
            Clock clock,
            Map<String, String> environment,
            Consumer<StepOutcome> listener) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.defaultSession = requireNonNull(session, "session is null");
        this.session = session;
        this.sessions = requireNonNull(sessions, "sessions is null");
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

    /** The branch a run of {@code pipeline} for {@code date} stages its writes on. */
    public static String stagingBranch(String pipeline, LocalDate date) {
        return "audit-" + pipeline + "-" + date;
    }

    public List<StepOutcome> run(Pipeline pipeline, List<LocalDate> dates, boolean resume) {
        PipelineGraph graph = PipelineGraph.of(pipeline);
        List<Step> order = graph.order();
        List<TableName> outputs = outputs(pipeline, order);
        searchPath = pipeline.searchPath();
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
                String branch = stagingBranch(pipeline.name(), date);
                if (!resume) {
                    discardStaged(outputs, branch);
                }
                Set<String> notDone = new HashSet<>();
                stagingBranch = Optional.of(branch);
                try {
                    runSteps(pipeline, graph, order, date, resume, held, notDone, outcomes);
                } finally {
                    staging.forEach(used -> used.stageWritesOn(Optional.empty()));
                    staging.clear();
                    stagingBranch = Optional.empty();
                    session = defaultSession;
                }
                runs.started(pipeline.name(), PUBLISH, date);
                StepOutcome published = publish(outputs, branch, date, order, notDone);
                if (published.result() == StepOutcome.Result.SUCCEEDED) {
                    runs.finished(pipeline.name(), PUBLISH, date, Optional.empty(), Optional.empty());
                } else {
                    runs.failed(pipeline.name(), PUBLISH, date, published.message());
                }
                record(outcomes, published);
            }
        }
        return outcomes;
    }

    /** The tables the steps write through the session: staged, then published together. */
    private static List<TableName> outputs(Pipeline pipeline, List<Step> order) {
        Set<TableName> tables = new LinkedHashSet<>();
        for (Step step : order) {
            if (step.settings() instanceof SqlStep || step.settings() instanceof ExtractJdbcStep) {
                tables.addAll(Lineage.of(step.settings(), pipeline.searchPath()).writes());
            }
        }
        return List.copyOf(tables);
    }

    private void discardStaged(List<TableName> outputs, String branch) {
        for (TableName table : outputs) {
            if (warehouse.catalog().tableExists(table.identifier())) {
                TableBranches.discard(session.loadTable(table), branch);
            }
        }
    }

    /**
     * Publishes the date's staged writes when every step succeeded; otherwise says what stays
     * staged. The outcome is reported under the pseudo-step {@value #PUBLISH}.
     */
    private StepOutcome publish(
            List<TableName> outputs, String branch, LocalDate date, List<Step> order, Set<String> notDone) {
        if (!notDone.isEmpty()) {
            String first = order.stream()
                    .map(Step::name)
                    .filter(notDone::contains)
                    .findFirst()
                    .orElseThrow();
            return new StepOutcome(
                    PUBLISH,
                    date,
                    StepOutcome.Result.BLOCKED,
                    Optional.empty(),
                    "production unchanged: " + first + " did not succeed; staged writes are kept on branch " + branch
                            + " for --resume");
        }
        List<String> published = new ArrayList<>();
        try {
            for (TableName table : outputs) {
                if (warehouse.catalog().tableExists(table.identifier())) {
                    TableBranches.publish(table, session.loadTable(table), branch)
                            .ifPresent(snapshot -> published.add(table + "@" + snapshot));
                }
            }
        } catch (AlmanacException e) {
            return new StepOutcome(PUBLISH, date, StepOutcome.Result.FAILED, Optional.empty(), e.getMessage());
        }
        return new StepOutcome(
                PUBLISH,
                date,
                StepOutcome.Result.SUCCEEDED,
                Optional.empty(),
                published.isEmpty() ? "nothing to publish" : "published " + String.join(", ", published));
    }

    private void runSteps(
            Pipeline pipeline,
            PipelineGraph graph,
            List<Step> order,
            LocalDate date,
            boolean resume,
            Leases.Lease held,
            Set<String> notDone,
            List<StepOutcome> outcomes) {
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
            try {
                session = sessionOf(step);
            } catch (AlmanacException e) {
                notDone.add(step.name());
                String message = e.getMessage() + " (" + step.location() + ")";
                runs.started(pipeline.name(), step.name(), date);
                runs.failed(pipeline.name(), step.name(), date, message);
                record(
                        outcomes,
                        new StepOutcome(step.name(), date, StepOutcome.Result.FAILED, Optional.empty(), message));
                continue;
            }
            StepOutcome outcome = runWithRetries(pipeline, step, date);
            if (outcome.result() != StepOutcome.Result.SUCCEEDED) {
                notDone.add(step.name());
            }
            record(outcomes, outcome);
        }
    }

    private static SqlSession onlyEngine(SqlSession session, Optional<String> engine) {
        if (engine.isPresent() && !engine.get().equals(session.engine().name())) {
            throw new AlmanacException(
                    ErrorCode.NOT_SUPPORTED,
                    "A step asks for engine " + engine.get() + ", but this run has only "
                            + session.engine().name());
        }
        return session;
    }

    /** The session a step runs in, set up to stage on the date's branch and resolve the search path. */
    private SqlSession sessionOf(Step step) {
        SqlSession chosen = step.engine().isEmpty() ? defaultSession : sessions.apply(step.engine());
        chosen.searchPath(searchPath);
        chosen.stageWritesOn(stagingBranch);
        staging.add(chosen);
        return chosen;
    }

    private void record(List<StepOutcome> outcomes, StepOutcome outcome) {
        outcomes.add(outcome);
        listener.accept(outcome);
    }

    private StepOutcome runWithRetries(Pipeline pipeline, Step step, LocalDate date) {
        runs.started(pipeline.name(), step.name(), date);
        for (int attempt = 0; ; attempt++) {
            try {
                StepOutcome outcome = runWithin(pipeline, step, date);
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

    /**
     * Runs a step once, within its timeout when it has one: past it, the engine's running
     * statement is cancelled, the step's thread interrupted, and the attempt fails once the step
     * has stopped (it never keeps running beside the steps after it). Wait-for steps time out
     * themselves.
     */
    private StepOutcome runWithin(Pipeline pipeline, Step step, LocalDate date) {
        Optional<Duration> timeout = step.timeout().filter(value -> !(step.settings() instanceof WaitForStep));
        if (timeout.isEmpty()) {
            return runOnce(pipeline, step, date);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "almanac-step-" + step.name());
            thread.setDaemon(true);
            return thread;
        });
        Future<StepOutcome> attempt = executor.submit(() -> runOnce(pipeline, step, date));
        try {
            return attempt.get(timeout.get().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            session.engine().cancel();
            attempt.cancel(true);
            executor.shutdown();
            awaitStop(executor);
            throw new AlmanacException(
                    ErrorCode.STEP_TIMED_OUT,
                    "Step " + step.name() + " ran longer than its timeout of " + timeout.get() + " and was cancelled ("
                            + step.location() + ")",
                    e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new AlmanacException(ErrorCode.INTERNAL, "Step " + step.name() + " failed: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.engine().cancel();
            throw new AlmanacException(ErrorCode.INTERNAL, "Interrupted while step " + step.name() + " ran", e);
        } finally {
            executor.shutdownNow();
        }
    }

    private static void awaitStop(ExecutorService executor) {
        try {
            while (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                continue; // the step's thread still unwinds: it must not run beside the next step
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lands the step's sources with the landing engine: the step's own when it is that engine. */
    private List<SourceReport> land(IngestStep ingest) {
        if (session.engine().name().equals(Engines.LANDING)) {
            return new IngestRunner(warehouse, session.engine(), principal, clock, IngestListener.NONE, environment)
                    .run(ingest.sources(), false);
        }
        try (Engine landing = Engines.landing(warehouse.temporaryDirectory())) {
            return new IngestRunner(warehouse, landing, principal, clock, IngestListener.NONE, environment)
                    .run(ingest.sources(), false);
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

    private StepOutcome runOnce(Pipeline pipeline, Step step, LocalDate date) {
        Map<String, String> parameters = new HashMap<>(pipeline.params());
        parameters.put("dt", date.toString());
        parameters.put("start", date.toString());
        parameters.put("end", date.toString());
        StepSettings settings = step.settings();
        session.tagCommits(Map.of(STEP_RUN_TAG, stepRunTag(pipeline, step, date)));
        if (settings instanceof SqlStep sql) {
            return sql(pipeline, step, sql, date, parameters);
        }
        if (settings instanceof CheckStep check) {
            return new CheckRunner(session, parameters).run(step, check, date);
        }
        if (settings instanceof IngestStep ingest) {
            List<SourceReport> reports = land(ingest);
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
        if (settings instanceof ExportStep export && export.destination() instanceof ExportStep.JdbcTable table) {
            return exportTable(step, export, table, date, parameters);
        }
        if (settings instanceof ExtractJdbcStep extract) {
            return extract(pipeline, step, extract, date, parameters);
        }
        if (settings instanceof WaitForStep waitFor) {
            return new WaitForRunner(runs, clock).run(step, waitFor, date);
        }
        if (settings instanceof JavaStep java) {
            return new JavaStepRunner(session).run(step, java, date, parameters);
        }
        throw new AlmanacException(
                ErrorCode.NOT_SUPPORTED,
                "Step " + step.name() + " is of type " + step.type() + ", which pipelines cannot run ("
                        + step.location() + ")");
    }

    private StepOutcome exportTable(
            Step step, ExportStep export, ExportStep.JdbcTable table, LocalDate date, Map<String, String> parameters) {
        String query =
                export.query().orElseGet(() -> "SELECT * FROM " + export.table().orElseThrow());
        StatementOutcome outcome = session.execute(query, parameters);
        if (!(outcome instanceof StatementOutcome.QueryOutcome rows)) {
            throw new AlmanacException(
                    ErrorCode.INVALID_QUERY, "Step " + step.name() + " exports a query's rows: write a SELECT");
        }
        long written;
        try (QueryResult result = rows.rows()) {
            written = JdbcTableExport.write(result, table, environment, step.name());
        }
        return new StepOutcome(
                step.name(), date, StepOutcome.Result.SUCCEEDED, Optional.of(written), "wrote " + table.table());
    }

    /** Copies the database's rows into a session relation, then writes them to the target like a query's. */
    private StepOutcome extract(
            Pipeline pipeline, Step step, ExtractJdbcStep extract, LocalDate date, Map<String, String> parameters) {
        String relation = "extracted_" + step.name();
        JdbcConnection connection = extract.connection();
        Optional<String> password = connection.password(environment, step.name());
        JdbcExtract.stage(
                session.engine(),
                relation,
                step.name(),
                extract.target().table(),
                connection.url(),
                connection.user(),
                password,
                extract.table(),
                extract.query().map(query -> Parameters.substitute(query, parameters)));
        session.useStagedRelation(relation);
        try {
            return writeTarget(pipeline, step, extract.target(), "SELECT * FROM " + relation, date, parameters);
        } finally {
            session.dropStagedRelation(relation);
        }
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

    private StepOutcome sql(Pipeline pipeline, Step step, SqlStep sql, LocalDate date, Map<String, String> parameters) {
        if (sql.target().isEmpty()) {
            Optional<Long> rows = Optional.empty();
            List<String> statements = SqlScript.statements(sql.sql());
            for (String statement : statements) {
                StatementOutcome outcome = session.execute(statement, parameters);
                closeRows(outcome);
                if (rows(outcome).isPresent()) {
                    rows = Optional.of(rows.orElse(0L) + rows(outcome).get());
                }
            }
            return new StepOutcome(
                    step.name(),
                    date,
                    StepOutcome.Result.SUCCEEDED,
                    rows,
                    "ran " + statements.size() + (statements.size() == 1 ? " statement" : " statements"));
        }
        return writeTarget(
                pipeline, step, sql.target().get(), sql.sql().strip().replaceAll(";\\s*$", ""), date, parameters);
    }

    /** Writes a query's rows to a step's target table, in the target's mode. */
    private StepOutcome writeTarget(
            Pipeline pipeline,
            Step step,
            TableWrite target,
            String query,
            LocalDate date,
            Map<String, String> parameters) {
        TableName table = target.table();
        boolean exists = warehouse.catalog().tableExists(table.identifier());
        if (exists && target.mode() == WriteMode.APPEND) {
            Optional<StepOutcome> appended = alreadyAppended(pipeline, step, table, date);
            if (appended.isPresent()) {
                return appended.get();
            }
        }
        StatementOutcome outcome;
        if (!exists) {
            outcome = session.execute("CREATE TABLE " + table + " AS " + query, parameters);
        } else {
            outcome = switch (target.mode()) {
                case APPEND -> session.execute("INSERT INTO " + table + " " + query, parameters);
                case PARTITION -> session.execute(partitionOverwrite(step, table, query, date), parameters);
                case REPLACE -> session.replaceAll(table, query, parameters);
                case MERGE ->
                    session.replaceAll(table, MergeQuery.of(session.loadTable(table), target, query), parameters);
            };
        }
        return new StepOutcome(step.name(), date, StepOutcome.Result.SUCCEEDED, rows(outcome), "wrote " + table);
    }

    /**
     * An append is the one write that a second run would duplicate. Each commit is tagged with its
     * (pipeline, step, date); a published one makes the step refuse to run again, and a staged one
     * (left by a run that stopped before recording its success) counts as done.
     */
    private Optional<StepOutcome> alreadyAppended(Pipeline pipeline, Step step, TableName table, LocalDate date) {
        Table current = session.loadTable(table);
        String tag = stepRunTag(pipeline, step, date);
        if (TableBranches.findTagged(current, SnapshotRef.MAIN_BRANCH, Optional.empty(), STEP_RUN_TAG, tag)
                .isPresent()) {
            throw new AlmanacException(
                    ErrorCode.INVALID_QUERY,
                    "Step " + step.name() + " already appended its rows for " + date + "; an append step does"
                            + " not run twice for a date (use --resume, or mode partition) (" + step.location() + ")");
        }
        Optional<Long> published =
                Optional.ofNullable(current.currentSnapshot()).map(Snapshot::snapshotId);
        String branch = stagingBranch(pipeline.name(), date);
        return TableBranches.findTagged(current, branch, published, STEP_RUN_TAG, tag)
                .map(snapshot -> new StepOutcome(
                        step.name(),
                        date,
                        StepOutcome.Result.SUCCEEDED,
                        Optional.ofNullable(snapshot.summary().get(SnapshotCommitter.SUMMARY_PREFIX + "rows-written"))
                                .map(Long::parseLong),
                        "appended to " + table + " by a run that stopped before recording it; kept"));
    }

    private static String stepRunTag(Pipeline pipeline, Step step, LocalDate date) {
        return pipeline.name() + "/" + step.name() + "/" + date;
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
        String columns = current.schema().columns().stream()
                .map(Types.NestedField::name)
                .filter(name -> !name.equals("dt"))
                .map(name -> "`" + name.replace("`", "``") + "`")
                .collect(Collectors.joining(", "));
        // raise_error: a row outside the run date fails the statement (Hive and Spark SQL; DuckDB via the translator)
        return "INSERT OVERWRITE TABLE " + table + " PARTITION (dt='" + date + "') SELECT " + columns + " FROM ("
                + query + "\n) AS step_rows WHERE CASE WHEN dt = DATE '" + date + "' THEN true ELSE raise_error('step "
                + step.name() + " returned a row for dt ' || coalesce(CAST(dt AS STRING), 'NULL') || ', outside the run"
                + " date " + date + "') END";
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
