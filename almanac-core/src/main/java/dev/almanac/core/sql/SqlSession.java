package dev.almanac.core.sql;

import static java.util.Objects.requireNonNull;

import dev.almanac.core.catalog.TableName;
import dev.almanac.core.catalog.TypeConversion;
import dev.almanac.core.sql.ReadStatistics.TableRead;
import dev.almanac.core.sql.StatementOutcome.DropOutcome;
import dev.almanac.core.sql.StatementOutcome.QueryOutcome;
import dev.almanac.core.sql.StatementOutcome.WriteOutcome;
import dev.almanac.core.table.CommitContext;
import dev.almanac.core.table.FilterConversion;
import dev.almanac.core.table.ScanPlanner;
import dev.almanac.core.table.ScanPlanner.PlannedScan;
import dev.almanac.core.table.SnapshotCommitter;
import dev.almanac.core.table.SnapshotCommitter.CommitResult;
import dev.almanac.core.table.TableFiles;
import dev.almanac.core.warehouse.Warehouse;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.engine.FileFormat;
import dev.almanac.spi.engine.StatementAnalysis;
import dev.almanac.spi.engine.StatementAnalysis.TableReference;
import dev.almanac.spi.engine.TableBinding;
import dev.almanac.spi.type.DataType;
import dev.almanac.spi.type.Field;
import dev.almanac.spi.type.PrimitiveType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.ReplacePartitions;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * Runs SQL statements against the warehouse with one engine: resolves table names through the
 * catalog, plans which files each read needs, lets the engine compute, and commits writes as
 * Iceberg snapshots with provenance.
 */
public final class SqlSession implements AutoCloseable {
    private static final Set<PrimitiveType> PARTITION_TYPES = Set.of(
            PrimitiveType.DATE,
            PrimitiveType.STRING,
            PrimitiveType.INTEGER,
            PrimitiveType.BIGINT,
            PrimitiveType.BOOLEAN);

    private final Warehouse warehouse;
    private final Engine engine;
    private final String principal;
    private final Clock clock;
    private final SnapshotCommitter committer;
    private List<List<String>> searchPath = List.of();
    private Optional<String> stagingBranch = Optional.empty();
    private Map<String, String> commitTags = Map.of();
    private final Set<String> stagedRelations = new HashSet<>();

    public SqlSession(Warehouse warehouse, Engine engine, String principal, Clock clock) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.principal = requireNonNull(principal, "principal is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.committer = new SnapshotCommitter(warehouse.provenance(), clock);
    }

    public Engine engine() {
        return engine;
    }

    /**
     * Sets the namespaces a one-part table name is looked up in, in order (like Hive's current
     * database, or a search path): the first that holds the table wins, and a table created by a
     * one-part name goes to the first. Empty (the default) means every name needs its namespace.
     */
    public void searchPath(List<String> namespaces) {
        this.searchPath = namespaces.stream().map(TableName::split).toList();
    }

    /**
     * Stages writes (write-audit-publish): from now on every write commits to the branch {@code
     * branch} of its table, created from the table's current state on first write, and reads of a
     * table with that branch read the branch. Production ({@code main}) is unchanged until {@link
     * dev.almanac.core.table.TableBranches#publish} moves it. Empty stops staging.
     */
    public void stageWritesOn(Optional<String> branch) {
        this.stagingBranch = requireNonNull(branch, "branch is null");
    }

    /**
     * Adds these properties to the summary of every snapshot this session commits from now on
     * (e.g. which pipeline step wrote it), replacing earlier tags.
     */
    public void tagCommits(Map<String, String> tags) {
        this.commitTags = Map.copyOf(tags);
    }

    /**
     * Lets statements read {@code relation}, rows the caller staged in the engine session (see
     * {@link Engine#stage}), by that one-part name; it is no warehouse table. Until {@link
     * #dropStagedRelation}.
     */
    public void useStagedRelation(String relation) {
        stagedRelations.add(relation.toLowerCase(Locale.ROOT));
    }

    public void dropStagedRelation(String relation) {
        stagedRelations.remove(relation.toLowerCase(Locale.ROOT));
        engine.dropStaged(relation);
    }

    /** The table a name as written refers to, resolving a one-part name through the search path. */
    public TableName resolve(List<String> parts) {
        List<String> lower =
                parts.stream().map(part -> part.toLowerCase(Locale.ROOT)).toList();
        if (lower.size() > 1) {
            return TableName.of(lower);
        }
        if (searchPath.isEmpty()) {
            throw new AlmanacException(
                    ErrorCode.TABLE_NOT_FOUND,
                    "Table '" + parts.get(0) + "' needs its namespace, e.g. raw." + parts.get(0)
                            + " (run `almanac tables` to list tables; a pipeline can set search_path)");
        }
        for (List<String> namespace : searchPath) {
            TableName candidate = new TableName(namespace, lower.get(0));
            if (warehouse.catalog().tableExists(candidate.identifier())) {
                return candidate;
            }
        }
        return new TableName(searchPath.get(0), lower.get(0));
    }

    public StatementOutcome execute(String sql, Map<String, String> parameters) {
        String text = Parameters.substitute(sql, parameters);
        SqlStatement statement = SqlStatementParser.parse(text, this::resolve);
        Instant startedAt = clock.instant();
        if (statement instanceof SqlStatement.Query query) {
            BoundQuery bound = bind(query.sql());
            return new QueryOutcome(engine.query(bound.sql(), bound.bindings()), bound.statistics());
        }
        if (statement instanceof SqlStatement.CreateTableAs create) {
            return createTableAs(create, text, startedAt);
        }
        if (statement instanceof SqlStatement.CreateTable create) {
            return createTable(create);
        }
        if (statement instanceof SqlStatement.Insert insert) {
            return insert(insert, text, startedAt, false);
        }
        if (statement instanceof SqlStatement.AlterTable alter) {
            return alter(alter);
        }
        return drop((SqlStatement.DropTable) statement);
    }

    /** Applies a schema change as new table metadata; existing data files are read by field id, never rewritten. */
    private StatementOutcome.AlterOutcome alter(SqlStatement.AlterTable alter) {
        TableName name = alter.table();
        Table table = loadTable(name);
        UpdateSchema update = table.updateSchema();
        SqlStatement.SchemaChange change = alter.change();
        String description;
        try {
            if (change instanceof SqlStatement.SchemaChange.AddColumns add) {
                for (SqlStatement.ColumnDefinition column : add.columns()) {
                    if (table.schema().findField(column.name()) != null) {
                        throw new AlmanacException(
                                ErrorCode.INVALID_QUERY, "Table " + name + " already has a column " + column.name());
                    }
                    update.addColumn(column.name(), SqlTypes.parse(column.type()));
                }
                description = "added "
                        + String.join(
                                ", ",
                                add.columns().stream()
                                        .map(SqlStatement.ColumnDefinition::name)
                                        .toList());
            } else if (change instanceof SqlStatement.SchemaChange.ChangeType changeType) {
                Type to = SqlTypes.parse(changeType.type());
                Types.NestedField column = requireColumn(name, table, changeType.column());
                if (!column.type().isPrimitiveType()
                        || !TypeUtil.isPromotionAllowed(column.type(), to.asPrimitiveType())) {
                    throw new AlmanacException(
                            ErrorCode.TYPE_MISMATCH,
                            "Cannot change column " + column.name() + " of " + name + " from " + column.type() + " to "
                                    + to
                                    + " without rewriting data; allowed: int to bigint, float to double, decimal(p,s) to"
                                    + " decimal(p2,s) with p2 > p");
                }
                update.updateColumn(column.name(), to.asPrimitiveType());
                description = "changed " + column.name() + " to " + to;
            } else if (change instanceof SqlStatement.SchemaChange.RenameColumn rename) {
                requireColumn(name, table, rename.from());
                update.renameColumn(rename.from(), rename.to());
                description = "renamed " + rename.from() + " to " + rename.to();
            } else {
                String column = ((SqlStatement.SchemaChange.DropColumn) change).column();
                requireColumn(name, table, column);
                if (table.spec().fields().stream()
                        .anyMatch(field ->
                                table.schema().findColumnName(field.sourceId()).equals(column))) {
                    throw new AlmanacException(
                            ErrorCode.INVALID_QUERY, "Cannot drop " + column + ": it partitions " + name);
                }
                update.deleteColumn(column);
                description = "dropped " + column;
            }
            update.commit();
        } catch (IllegalArgumentException e) {
            throw new AlmanacException(ErrorCode.INVALID_QUERY, "Cannot alter " + name + ": " + e.getMessage(), e);
        }
        return new StatementOutcome.AlterOutcome(name.toString(), description);
    }

    private static Types.NestedField requireColumn(TableName name, Table table, String column) {
        Types.NestedField field = table.schema().findField(column);
        if (field == null) {
            throw new AlmanacException(
                    ErrorCode.COLUMN_NOT_FOUND,
                    "Table " + name + " has no column " + column + "; its columns: "
                            + String.join(
                                    ", ",
                                    table.schema().columns().stream()
                                            .map(Types.NestedField::name)
                                            .toList()));
        }
        return field;
    }

    /** Runs a query and writes its result to a file. */
    public ReadStatistics export(String sql, Map<String, String> parameters, FileFormat format, Path output) {
        SqlStatement statement = SqlStatementParser.parse(Parameters.substitute(sql, parameters), this::resolve);
        if (!(statement instanceof SqlStatement.Query query)) {
            throw new AlmanacException(ErrorCode.INVALID_ARGUMENT, "Only a query's result can be written to a file");
        }
        BoundQuery bound = bind(query.sql());
        engine.export(bound.sql(), bound.bindings(), format, output);
        return bound.statistics();
    }

    private WriteOutcome createTable(SqlStatement.CreateTable create) {
        TableName name = create.table();
        boolean exists = warehouse.catalog().tableExists(name.identifier());
        if (exists && create.ifNotExists()) {
            return new WriteOutcome("create-table", name.toString(), Optional.empty(), 0, 0, 0, ReadStatistics.NONE);
        }
        if (exists) {
            throw new AlmanacException(
                    ErrorCode.TABLE_ALREADY_EXISTS, "Table " + name + " already exists; DROP TABLE " + name + " first");
        }
        AtomicInteger nestedIds = new AtomicInteger(create.columns().size() + 1);
        List<Types.NestedField> fields = new ArrayList<>();
        for (SqlStatement.ColumnDefinition column : create.columns()) {
            fields.add(Types.NestedField.optional(
                    fields.size() + 1, column.name(), SqlTypes.parse(column.type(), nestedIds)));
        }
        Schema schema = new Schema(fields);
        PartitionSpec spec = partitionSpec(name, schema, create.partitionColumns());
        createNamespace(name);
        try {
            warehouse
                    .catalog()
                    .buildTable(name.identifier(), schema)
                    .withPartitionSpec(spec)
                    .withProperty("format-version", "2")
                    .create();
        } catch (AlreadyExistsException e) {
            if (!create.ifNotExists()) {
                throw new AlmanacException(ErrorCode.TABLE_ALREADY_EXISTS, "Table " + name + " already exists", e);
            }
        }
        return new WriteOutcome("create-table", name.toString(), Optional.empty(), 0, 0, 0, ReadStatistics.NONE);
    }

    private WriteOutcome createTableAs(SqlStatement.CreateTableAs create, String sql, Instant startedAt) {
        TableName name = create.table();
        if (warehouse.catalog().tableExists(name.identifier())) {
            if (create.ifNotExists()) {
                return new WriteOutcome(
                        "create-table", name.toString(), Optional.empty(), 0, 0, 0, ReadStatistics.NONE);
            }
            throw new AlmanacException(
                    ErrorCode.TABLE_ALREADY_EXISTS,
                    "Table " + name + " already exists: use INSERT INTO / INSERT OVERWRITE TABLE to write to it, or"
                            + " DROP TABLE " + name + " first");
        }
        BoundQuery bound = bind(create.query());
        List<Field> columns = engine.describe(bound.sql(), bound.bindings());
        checkColumnNames(columns);
        Schema schema = TypeConversion.toSchema(columns);
        PartitionSpec spec = partitionSpec(name, schema, create.partitionColumns());
        createNamespace(name);
        Transaction transaction;
        try {
            transaction = warehouse
                    .catalog()
                    .buildTable(name.identifier(), schema)
                    .withPartitionSpec(spec)
                    .withProperty("format-version", "2")
                    .createTransaction();
        } catch (AlreadyExistsException e) {
            throw new AlmanacException(ErrorCode.TABLE_ALREADY_EXISTS, "Table " + name + " already exists", e);
        }
        Table table = transaction.table();
        List<DataFile> files = TableFiles.write(engine, table, bound.sql(), bound.bindings(), Map.of());
        long rows = files.stream().mapToLong(DataFile::recordCount).sum();
        long bytes = files.stream().mapToLong(DataFile::fileSizeInBytes).sum();
        CommitContext context = context("create-table-as-select", sql, startedAt, bound);
        AppendFiles append = transaction.newAppend();
        stagingBranch.ifPresent(append::toBranch);
        commitTags.forEach(append::set);
        files.forEach(append::appendFile);
        SnapshotCommitter.summary(context, rows, bytes, files.size(), clock.instant())
                .forEach(append::set);
        append.commit();
        try {
            transaction.commitTransaction();
        } catch (AlreadyExistsException e) {
            throw new AlmanacException(
                    ErrorCode.CONCURRENT_WRITE, "Table " + name + " was created by another writer meanwhile", e);
        }
        Table created = warehouse.catalog().loadTable(name.identifier());
        CommitResult result = committer.record(
                name.toString(),
                created.snapshot(stagingBranch.orElse(SnapshotRef.MAIN_BRANCH)).snapshotId(),
                rows,
                bytes,
                files.size(),
                context);
        return outcome("create-table", result, bound.statistics());
    }

    /**
     * Replaces every row of {@code table}, partitioned or not, with the query's rows in one commit
     * (INSERT OVERWRITE of a partitioned table replaces only the partitions the rows fall in).
     */
    public WriteOutcome replaceAll(TableName table, String query, Map<String, String> parameters) {
        String text = Parameters.substitute(query, parameters);
        SqlStatement statement = SqlStatementParser.parse(text, this::resolve);
        if (!(statement instanceof SqlStatement.Query select)) {
            throw new AlmanacException(ErrorCode.INVALID_QUERY, "Expected a query (SELECT …) to replace " + table);
        }
        return insert(
                new SqlStatement.Insert(table, true, Map.of(), select.sql()),
                "INSERT OVERWRITE TABLE " + table + " " + text,
                clock.instant(),
                true);
    }

    private WriteOutcome insert(SqlStatement.Insert insert, String sql, Instant startedAt, boolean wholeTable) {
        TableName name = insert.table();
        Table table = loadTable(name);
        Schema schema = table.schema();
        PartitionSpec spec = table.spec();
        Map<String, String> staticValues = staticPartition(name, schema, spec, insert.staticPartition());
        BoundQuery bound = bind(insert.query());
        List<Field> queryColumns = engine.describe(bound.sql(), bound.bindings());
        List<Field> expected = TypeConversion.toFields(schema).stream()
                .filter(column -> !staticValues.containsKey(column.name()))
                .toList();
        if (queryColumns.size() != expected.size()) {
            throw new AlmanacException(
                    ErrorCode.TYPE_MISMATCH,
                    "INSERT into " + name + " expects " + expected.size() + " columns ("
                            + String.join(
                                    ", ", expected.stream().map(Field::name).toList()) + ") but the query returns "
                            + queryColumns.size() + " ("
                            + String.join(
                                    ", ", queryColumns.stream().map(Field::name).toList()) + ")"
                            + (staticValues.isEmpty() ? "" : "; static PARTITION columns are not part of the query"));
        }
        List<DataFile> files = TableFiles.write(engine, table, bound.sql(), bound.bindings(), staticValues);
        String branch = stagingBranch.orElse(SnapshotRef.MAIN_BRANCH);
        long baseSnapshot = Optional.ofNullable(table.snapshot(branch))
                .or(() -> Optional.ofNullable(table.currentSnapshot()))
                .map(Snapshot::snapshotId)
                .orElse(-1L);
        Function<Table, SnapshotUpdate<?>> update;
        String operation;
        if (!insert.overwrite()) {
            operation = "insert";
            update = current -> {
                AppendFiles append = current.newAppend();
                files.forEach(append::appendFile);
                return append;
            };
        } else if (!staticValues.isEmpty() || !spec.isPartitioned() || wholeTable) {
            operation = spec.isPartitioned() && !wholeTable ? "overwrite-partition" : "overwrite";
            Expression filter = staticFilter(schema, staticValues);
            update = current -> {
                OverwriteFiles overwrite = current.newOverwrite().overwriteByRowFilter(filter);
                if (baseSnapshot >= 0) {
                    overwrite
                            .validateFromSnapshot(baseSnapshot)
                            .conflictDetectionFilter(filter)
                            .validateNoConflictingData()
                            .validateNoConflictingDeletes();
                }
                files.forEach(overwrite::addFile);
                return overwrite;
            };
        } else {
            operation = "overwrite-partitions";
            update = current -> {
                ReplacePartitions replace = current.newReplacePartitions();
                if (baseSnapshot >= 0) {
                    replace.validateFromSnapshot(baseSnapshot)
                            .validateNoConflictingData()
                            .validateNoConflictingDeletes();
                }
                files.forEach(replace::addFile);
                return replace;
            };
        }
        Function<Table, SnapshotUpdate<?>> tagged = current -> {
            SnapshotUpdate<?> built = update.apply(current);
            commitTags.forEach(built::set);
            return built;
        };
        CommitResult result = committer.commit(
                name.toString(), table, branch, tagged, files, context(operation, sql, startedAt, bound));
        return outcome(operation, result, bound.statistics());
    }

    /** The snapshot a read of {@code table} sees when no time travel is asked: the staging branch's, if it has one. */
    private Optional<Snapshot> stagedSnapshot(Table table) {
        return stagingBranch.map(table::snapshot);
    }

    private DropOutcome drop(SqlStatement.DropTable drop) {
        TableName name = drop.table();
        boolean dropped = warehouse.catalog().dropTable(name.identifier(), true);
        if (!dropped && !drop.ifExists()) {
            throw tableNotFound(name);
        }
        return new DropOutcome(name.toString(), dropped);
    }

    private CommitContext context(String operation, String sql, Instant startedAt, BoundQuery bound) {
        Map<String, Long> inputs = new TreeMap<>();
        for (TableRead read : bound.statistics().tables()) {
            read.snapshotId().ifPresent(id -> inputs.put(read.table(), id));
        }
        return new CommitContext(
                operation, principal, sql, startedAt, bound.statistics().bytes(), inputs);
    }

    private static WriteOutcome outcome(String operation, CommitResult result, ReadStatistics read) {
        return new WriteOutcome(
                operation,
                result.table(),
                Optional.of(result.snapshotId()),
                result.rows(),
                result.bytes(),
                result.files(),
                read);
    }

    /** Resolves and plans every table a query reads. */
    private BoundQuery bind(String query) {
        String sql = TimeTravel.rewrite(query);
        StatementAnalysis analysis = engine.analyze(sql);
        Map<String, List<TableReference>> byName = new LinkedHashMap<>();
        for (TableReference reference : analysis.references()) {
            if (reference.nameParts().size() == 1
                    && stagedRelations.contains(reference.nameParts().get(0).toLowerCase(Locale.ROOT))) {
                continue;
            }
            String key = String.join(".", reference.nameParts()).toLowerCase(Locale.ROOT);
            byName.computeIfAbsent(key, ignored -> new ArrayList<>()).add(reference);
        }
        List<TableBinding> bindings = new ArrayList<>();
        List<TableRead> reads = new ArrayList<>();
        for (List<TableReference> references : byName.values()) {
            List<String> parts = references.get(0).nameParts();
            String last = parts.get(parts.size() - 1);
            Optional<TimeTravel.Pin> pin = TimeTravel.pin(last);
            List<String> nameParts = new ArrayList<>(parts.subList(0, parts.size() - 1));
            nameParts.add(pin.map(TimeTravel.Pin::table).orElse(last));
            TableName name = resolve(nameParts);
            Table table = loadTable(name);
            Optional<Snapshot> snapshot =
                    pin.map(value -> pinnedSnapshot(name, table, value)).or(() -> stagedSnapshot(table));
            Schema schema = snapshot.map(value -> Optional.ofNullable(value.schemaId())
                            .map(id -> table.schemas().get(id))
                            .orElse(table.schema()))
                    .orElse(table.schema());
            Expression filter = Expressions.alwaysFalse();
            for (TableReference reference : references) {
                filter = Expressions.or(filter, FilterConversion.toExpression(schema, reference.filters()));
            }
            PlannedScan scan = ScanPlanner.plan(table, parts, snapshot, filter);
            bindings.add(scan.binding());
            reads.add(new TableRead(
                    name.toString(),
                    scan.snapshotId(),
                    scan.binding().files().size(),
                    scan.binding().bytes(),
                    scan.snapshotFiles(),
                    scan.snapshotBytes()));
        }
        return new BoundQuery(sql, bindings, new ReadStatistics(reads));
    }

    private static Snapshot pinnedSnapshot(TableName name, Table table, TimeTravel.Pin pin) {
        if (pin.snapshotId().isPresent()) {
            Snapshot snapshot = table.snapshot(pin.snapshotId().get());
            if (snapshot == null) {
                throw new AlmanacException(
                        ErrorCode.SNAPSHOT_NOT_FOUND,
                        "Table " + name + " has no snapshot " + pin.snapshotId().get() + "; `almanac describe " + name
                                + "` lists its snapshots");
            }
            return snapshot;
        }
        Instant asOf = pin.asOf().orElseThrow();
        try {
            return table.snapshot(SnapshotUtil.snapshotIdAsOfTime(table, asOf.toEpochMilli()));
        } catch (IllegalArgumentException e) {
            throw new AlmanacException(
                    ErrorCode.SNAPSHOT_NOT_FOUND,
                    "Table " + name + " has no snapshot as of " + asOf + " (UTC); its history starts later",
                    e);
        }
    }

    public Table loadTable(TableName name) {
        try {
            return warehouse.catalog().loadTable(name.identifier());
        } catch (NoSuchTableException e) {
            throw tableNotFound(name);
        }
    }

    private static AlmanacException tableNotFound(TableName name) {
        return new AlmanacException(
                ErrorCode.TABLE_NOT_FOUND, "Table " + name + " does not exist; run `almanac tables` to list tables");
    }

    private void createNamespace(TableName name) {
        Namespace namespace = name.identifier().namespace();
        if (!warehouse.catalog().namespaceExists(namespace)) {
            try {
                warehouse.catalog().createNamespace(namespace);
            } catch (org.apache.iceberg.exceptions.AlreadyExistsException e) {
                // created by a concurrent writer: what we wanted
            }
        }
    }

    private static void checkColumnNames(List<Field> columns) {
        Set<String> seen = new HashSet<>();
        for (Field column : columns) {
            if (!seen.add(column.name().toLowerCase(Locale.ROOT))) {
                throw new AlmanacException(
                        ErrorCode.INVALID_QUERY,
                        "The query returns two columns named '" + column.name() + "': give each column a distinct"
                                + " name with AS");
            }
        }
    }

    private static PartitionSpec partitionSpec(TableName name, Schema schema, List<String> requested) {
        List<String> columns = requested;
        if (columns.isEmpty()) {
            Types.NestedField dt = schema.findField("dt");
            boolean dateColumn = dt != null && dt.type().typeId() == Type.TypeID.DATE;
            columns = dateColumn ? List.of("dt") : List.of();
        }
        PartitionSpec.Builder builder = PartitionSpec.builderFor(schema);
        for (String column : columns) {
            Types.NestedField field = schema.findField(column);
            if (field == null) {
                throw new AlmanacException(
                        ErrorCode.COLUMN_NOT_FOUND,
                        "PARTITIONED BY names column '" + column + "', which the query for " + name
                                + " does not return");
            }
            DataType type = TypeConversion.toDataType(field.type());
            if (!(type instanceof PrimitiveType primitive) || !PARTITION_TYPES.contains(primitive)) {
                throw new AlmanacException(
                        ErrorCode.TYPE_MISMATCH,
                        "Cannot partition " + name + " by '" + column + "' of type " + type.displayName()
                                + "; partition columns are DATE, STRING, INTEGER, BIGINT or BOOLEAN"
                                + ("dt".equals(column) ? " (for dates write CAST(dt AS DATE) AS dt)" : ""));
            }
            builder.identity(column);
        }
        return builder.build();
    }

    private static Map<String, String> staticPartition(
            TableName name, Schema schema, PartitionSpec spec, Map<String, String> values) {
        if (values.isEmpty()) {
            return Map.of();
        }
        Set<String> partitionColumns = new HashSet<>();
        for (PartitionField field : spec.fields()) {
            partitionColumns.add(schema.findColumnName(field.sourceId()));
        }
        for (String column : values.keySet()) {
            if (!partitionColumns.contains(column)) {
                throw new AlmanacException(
                        ErrorCode.INVALID_QUERY,
                        "PARTITION (" + column + "=…) names a column that does not partition " + name
                                + (partitionColumns.isEmpty()
                                        ? "; the table is not partitioned"
                                        : "; it is partitioned by " + String.join(", ", partitionColumns)));
            }
            Type type = schema.findType(column);
            try {
                Conversions.fromPartitionString(type, values.get(column));
            } catch (DateTimeParseException | NumberFormatException e) {
                throw new AlmanacException(
                        ErrorCode.TYPE_MISMATCH,
                        "PARTITION (" + column + "='" + values.get(column) + "') is not a valid " + type
                                + (type.typeId() == Type.TypeID.DATE ? " (expected YYYY-MM-DD)" : ""),
                        e);
            }
        }
        if (!values.keySet().containsAll(partitionColumns)) {
            throw new AlmanacException(
                    ErrorCode.NOT_SUPPORTED,
                    "PARTITION (…) must give a value for every partition column of " + name + ": "
                            + String.join(", ", partitionColumns));
        }
        return values;
    }

    private static Expression staticFilter(Schema schema, Map<String, String> values) {
        Expression filter = Expressions.alwaysTrue();
        for (Map.Entry<String, String> entry : values.entrySet()) {
            Type type = schema.findType(entry.getKey());
            Object value = Conversions.fromPartitionString(type, entry.getValue());
            filter = Expressions.and(filter, Expressions.equal(entry.getKey(), value));
        }
        return filter;
    }

    @Override
    public void close() {
        engine.close();
    }

    private record BoundQuery(String sql, List<TableBinding> bindings, ReadStatistics statistics) {}
}
