package dev.almanac.core.window;

import static java.util.Objects.requireNonNull;

import dev.almanac.core.catalog.TableName;
import dev.almanac.core.catalog.TypeConversion;
import dev.almanac.core.sql.SqlSession;
import dev.almanac.core.table.CommitContext;
import dev.almanac.core.table.LocalPaths;
import dev.almanac.core.table.SnapshotCommitter;
import dev.almanac.core.table.TableFiles;
import dev.almanac.core.warehouse.Warehouse;
import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.engine.QueryResult;
import dev.almanac.spi.engine.TableBinding;
import dev.almanac.spi.engine.TableBinding.DataFileReference;
import dev.almanac.spi.type.Field;
import dev.almanac.spi.type.PrimitiveType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The block states of a window step's aggregates that cannot take days out again ({@code
 * <target>__blocks}, partitioned by side and dt): per day, the merged state of every key from the
 * block's start to that day (side {@code prefix}) or from that day to the block's end (side {@code
 * suffix}); see {@link WindowBlocks}. A window's state is then the merge of at most two stored
 * states instead of one per day. Each state records a digest of the partial states of the days it
 * covers, so a state whose days changed (late rows, restated partitions) is built again.
 */
final class BlockStates {
    static final String SUFFIX = "__blocks";
    static final String PREFIX_SIDE = "prefix";
    static final String SUFFIX_SIDE = "suffix";
    private static final String STATES = WindowSummary.PREFIX + "blocks";
    private static final String DEFINITION = WindowSummary.PREFIX + "definition";
    static final int RETAINED_SNAPSHOTS = 2;

    private final Warehouse warehouse;
    private final SqlSession session;
    private final Clock clock;
    private final WindowAggregate spec;
    private final WindowSql sql;
    private final List<Aggregate> aggregates;
    private final List<BinaryColumn> binaries;
    private final TableName name;

    private Optional<Table> table;
    private final Map<String, List<DataFile>> stored = new TreeMap<>();
    private final Map<String, String> digests = new TreeMap<>();
    private final Map<String, List<DataFile>> written = new LinkedHashMap<>();
    private final List<String> steps = new ArrayList<>();
    private Optional<Map<List<Object>, BinaryColumn.Fold[]>> prefixFolds = Optional.empty();
    private List<Field> keys;

    /**
     * States to merge: {@code from}, the relations to read them from (the blocks table, through
     * {@code stored}, and ranges of days of the daily partial states, through {@code daily}).
     */
    record Parts(List<String> from, Optional<TableBinding> stored, TableBinding daily) {
        Parts {
            from = List.copyOf(from);
            requireNonNull(stored, "stored is null");
            requireNonNull(daily, "daily is null");
        }

        /** The bindings {@link #from} reads. */
        List<TableBinding> bindings() {
            List<TableBinding> bindings = new ArrayList<>();
            stored.ifPresent(bindings::add);
            bindings.add(daily);
            return bindings;
        }

        /** The bytes of the stored states read. */
        long storedBytes() {
            return stored.map(TableBinding::bytes).orElse(0L);
        }
    }

    /**
     * {@code window}: the window's states (suffix and prefix); {@code suffix}: the suffix's alone;
     * {@code prefixFolds}: the binary states of the prefix per key, when this run built it, so the
     * window's binary states need only the suffix merged in.
     */
    record WindowStates(
            Parts window,
            Parts suffix,
            Optional<Map<List<Object>, BinaryColumn.Fold[]>> prefixFolds,
            String description,
            long rowsWritten) {
        WindowStates {
            requireNonNull(window, "window is null");
            requireNonNull(suffix, "suffix is null");
            requireNonNull(prefixFolds, "prefixFolds is null");
            requireNonNull(description, "description is null");
        }
    }

    BlockStates(
            Warehouse warehouse,
            SqlSession session,
            Clock clock,
            WindowAggregate spec,
            WindowSql sql,
            List<Aggregate> aggregates,
            List<BinaryColumn> binaries) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.session = requireNonNull(session, "session is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.spec = requireNonNull(spec, "spec is null");
        this.sql = requireNonNull(sql, "sql is null");
        this.aggregates = List.copyOf(aggregates);
        this.binaries = List.copyOf(binaries);
        this.name = blocksTable(spec);
    }

    static TableName blocksTable(WindowAggregate spec) {
        return new TableName(spec.target().namespace(), spec.target().table() + SUFFIX);
    }

    /**
     * Builds the prefix and suffix states the window {@code range} needs that are missing or out of
     * date, in one commit of the blocks table, and returns the files holding the window's states.
     * {@code recorded}: the fingerprint of every day's partial state.
     */
    WindowStates update(DayRange range, Map<LocalDate, String> recorded, TableBinding daily, CommitContext context) {
        load();
        WindowBlocks blocks = WindowBlocks.of(spec.window(), range);
        List<String> windowKeys = new ArrayList<>();
        List<DayRange> windowDays = new ArrayList<>();
        LocalDate end = range.end();
        Optional<LocalDate> base = Optional.empty();
        for (LocalDate day = end; !day.isBefore(blocks.prefix().start()); day = day.minusDays(1)) {
            if (isCurrent(PREFIX_SIDE, blocks.prefixCover(day), recorded)) {
                base = Optional.of(day);
                break;
            }
        }
        LocalDate firstDay =
                base.map(day -> day.plusDays(1)).orElse(blocks.prefix().start());
        if (base.isPresent() && base.get().equals(end)) {
            windowKeys.add(key(PREFIX_SIDE, end));
            steps.add("prefix " + blocks.prefixCover(end) + " kept");
        } else if (ChronoUnit.DAYS.between(firstDay, end) + 1 >= blocks.stride()) {
            DayRange days = new DayRange(firstDay, end);
            prefixFolds = write(PREFIX_SIDE, end, base.map(day -> key(PREFIX_SIDE, day)), days, daily, Optional.empty())
                    .map(Merged::folds);
            digests.put(key(PREFIX_SIDE, end), digest(PREFIX_SIDE, blocks.prefixCover(end), recorded));
            windowKeys.add(key(PREFIX_SIDE, end));
            steps.add("prefix " + blocks.prefixCover(end) + " built from "
                    + base.map(day -> "the prefix to " + day + " + ").orElse("")
                    + days.days().size() + " day(s)");
        } else {
            DayRange days = new DayRange(firstDay, end);
            base.ifPresent(day -> windowKeys.add(key(PREFIX_SIDE, day)));
            windowDays.add(days);
            steps.add(base.map(day -> "prefix " + blocks.prefixCover(day) + " kept + ")
                            .orElse("") + days.days().size() + " day(s)");
        }
        List<String> suffixKeys = new ArrayList<>();
        List<DayRange> suffixDays = new ArrayList<>();
        if (blocks.suffix().isPresent()) {
            DayRange suffix = blocks.suffix().get();
            List<LocalDate> stored = blocks.suffixStates();
            int built = 0;
            Optional<String> next = Optional.empty();
            LocalDate after = suffix.end().plusDays(1);
            // the binary states of the suffix after the current one, while they are built in this one backward pass
            Optional<Merged> carried = Optional.empty();
            for (LocalDate day : stored) {
                String dayKey = key(SUFFIX_SIDE, day);
                if (isCurrent(SUFFIX_SIDE, blocks.suffixCover(day), recorded)) {
                    carried = Optional.empty();
                } else {
                    carried = write(SUFFIX_SIDE, day, next, new DayRange(day, after.minusDays(1)), daily, carried);
                    digests.put(dayKey, digest(SUFFIX_SIDE, blocks.suffixCover(day), recorded));
                    built++;
                }
                next = Optional.of(dayKey);
                after = day;
            }
            next.ifPresent(suffixKeys::add);
            if (after.isAfter(suffix.start())) {
                suffixDays.add(new DayRange(suffix.start(), after.minusDays(1)));
            }
            steps.add("suffix " + suffix
                    + (stored.isEmpty()
                            ? " from " + suffix.days().size() + " day(s)"
                            : (built == 0 ? " kept" : " built (" + built + " suffix state(s))")
                                    + (suffixDays.isEmpty()
                                            ? ""
                                            : " + " + suffixDays.get(0).days().size() + " day(s)")));
        }
        windowKeys.addAll(suffixKeys);
        windowDays.addAll(suffixDays);
        long rows = commit(range, blocks, context);
        return new WindowStates(
                parts(windowKeys, windowDays, daily),
                parts(suffixKeys, suffixDays, daily),
                prefixFolds,
                String.join(", ", steps),
                rows);
    }

    /** The stored states {@code keys} and the partial states of {@code days}, as parts to merge. */
    private Parts parts(List<String> keys, List<DayRange> days, TableBinding daily) {
        List<String> from = new ArrayList<>();
        Optional<TableBinding> stored = Optional.empty();
        if (!keys.isEmpty()) {
            from.add(name.toString());
            stored = Optional.of(new TableBinding(
                    name.parts(),
                    TypeConversion.toFields(table.orElseThrow().schema()),
                    keys.stream().flatMap(key -> references(key).stream()).toList()));
        }
        days.forEach(range -> from.add(sql.dailyStates(range)));
        return new Parts(from, stored, daily);
    }

    private void load() {
        table = warehouse.catalog().tableExists(name.identifier())
                ? Optional.of(session.loadTable(name))
                : Optional.empty();
        if (table.isEmpty() || table.get().currentSnapshot() == null) {
            return;
        }
        Snapshot snapshot = table.get().currentSnapshot();
        if (!layout().equals(snapshot.summary().get(DEFINITION))) {
            warehouse.catalog().dropTable(name.identifier(), true);
            table = Optional.empty();
            return;
        }
        String encoded = snapshot.summary().getOrDefault(STATES, "");
        if (!encoded.isEmpty()) {
            for (String entry : encoded.split(",")) {
                int equals = entry.indexOf('=');
                digests.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        try (CloseableIterable<FileScanTask> tasks = table.get().newScan().planFiles()) {
            for (FileScanTask task : tasks) {
                DataFile file = task.file();
                String side = String.valueOf(file.partition().get(0, Object.class));
                LocalDate day = LocalDate.ofEpochDay(file.partition().get(1, Integer.class));
                stored.computeIfAbsent(key(side, day), ignored -> new ArrayList<>())
                        .add(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean isCurrent(String side, DayRange cover, Map<LocalDate, String> recorded) {
        LocalDate day = side.equals(PREFIX_SIDE) ? cover.end() : cover.start();
        return digest(side, cover, recorded).equals(digests.get(key(side, day)));
    }

    /**
     * Writes the state of {@code side} at {@code day}: the merge of the stored or just written
     * state {@code blockKey} (if any) and the partial states of {@code days}. {@code carried}: the
     * binary states of {@code blockKey} per key, when they are at hand, so they are not read
     * again; they are merged into. Returns the binary states it merged per key, if the step has any
     * and they were merged in Java (an engine with sketch functions unions the sketches itself).
     */
    private Optional<Merged> write(
            String side,
            LocalDate day,
            Optional<String> blockKey,
            DayRange days,
            TableBinding daily,
            Optional<Merged> carried) {
        Engine engine = session.engine();
        List<String> parts = new ArrayList<>();
        List<TableBinding> bindings = new ArrayList<>();
        parts.add(sql.dailyStates(days));
        bindings.add(daily);
        if (blockKey.isPresent()) {
            parts.add(name.toString());
            bindings.add(new TableBinding(
                    name.parts(), TypeConversion.toFields(table.orElseThrow().schema()), references(blockKey.get())));
        }
        Optional<Merged> merged = Optional.empty();
        // without aggregates merged in SQL, the row counts are summed in Java too and the states written as staged
        boolean inJava = aggregates.isEmpty() && !binaries.isEmpty();
        // an engine with sketch functions unions sketches itself, in the statement that writes the state
        boolean unionedByEngine = !binaries.isEmpty()
                && WindowAggregateRunner.mergesSketches(engine)
                && binaries.stream().allMatch(SketchColumn.class::isInstance);
        if (!binaries.isEmpty() && !unionedByEngine) {
            boolean fromCarried = carried.isPresent() && blockKey.isPresent();
            List<String> read = fromCarried ? parts.subList(0, 1) : parts;
            Merged folds = fromCarried ? carried.get() : new Merged(new HashMap<>(), new HashMap<>());
            // the block state first: its larger sketches start the unions, the days' smaller ones are added to them
            for (int part = read.size() - 1; part >= 0; part--) {
                List<String> one = List.of(read.get(part));
                try (QueryResult rows = engine.query(
                        inJava ? sql.countedBinaryRows(binaries, one) : sql.binaryRows(binaries, one), bindings)) {
                    if (inJava) {
                        BinaryColumn.foldCounted(rows, keys().size(), binaries, folds.folds(), folds.windowRows());
                    } else {
                        BinaryColumn.fold(rows, keys().size(), binaries, folds.folds());
                    }
                }
            }
            List<Field> columns = new ArrayList<>(keys());
            if (inJava) {
                columns.add(Field.of("window_rows", PrimitiveType.BIGINT));
            }
            binaries.forEach(column -> columns.add(Field.of(column.name(), PrimitiveType.BINARY)));
            engine.stage(
                    WindowSql.BLOCK_STATES,
                    columns,
                    folds.folds().entrySet().stream()
                            .map(entry -> {
                                List<Object> row = GroupKeys.row(entry.getKey(), 1 + entry.getValue().length);
                                if (inJava) {
                                    row.add(folds.windowRows().get(entry.getKey())[0]);
                                }
                                for (BinaryColumn.Fold fold : entry.getValue()) {
                                    row.add(fold.state());
                                }
                                return row;
                            })
                            .iterator());
            merged = Optional.of(folds);
        }
        try {
            String query;
            if (unionedByEngine) {
                query = inJava
                        ? sql.sketchUnions(binaries, parts, true)
                        : sql.mergeStates(
                                aggregates, binaries, parts, "(" + sql.sketchUnions(binaries, parts, false) + ")");
            } else {
                query = inJava
                        ? "SELECT * FROM " + WindowSql.BLOCK_STATES
                        : sql.mergeStates(aggregates, binaries, parts);
            }
            if (table.isEmpty()) {
                create(engine.describe(query, bindings));
            }
            written.put(
                    key(side, day),
                    TableFiles.write(engine, table.get(), query, bindings, Map.of("side", side, "dt", day.toString())));
            return merged;
        } finally {
            if (!binaries.isEmpty() && !unionedByEngine) {
                engine.dropStaged(WindowSql.BLOCK_STATES);
            }
        }
    }

    /**
     * The binary states of a block state per key as merged in Java, with its source rows per key
     * when those were summed in Java too (else empty).
     */
    private record Merged(Map<List<Object>, BinaryColumn.Fold[]> folds, Map<List<Object>, long[]> windowRows) {}

    /**
     * The step's definition and the state columns kept here: states stored under another (another
     * definition, or aggregates that moved in or out of block states) are dropped and built again.
     */
    private String layout() {
        return spec.definitionDigest() + " "
                + aggregates.stream().map(Aggregate::name).collect(Collectors.joining(","))
                + ";" + binaries.stream().map(BinaryColumn::name).collect(Collectors.joining(","));
    }

    /** The step's key columns, as its daily states hold them. */
    private List<Field> keys() {
        if (keys == null) {
            keys = WindowAggregateRunner.keyFields(session.loadTable(spec.dailyTable()), spec);
        }
        return keys;
    }

    private void create(List<Field> fields) {
        List<Field> columns = new ArrayList<>();
        columns.add(Field.of("side", PrimitiveType.STRING));
        columns.add(Field.of("dt", PrimitiveType.DATE));
        columns.addAll(fields);
        Schema schema = TypeConversion.toSchema(columns);
        table = Optional.of(warehouse
                .catalog()
                .buildTable(name.identifier(), schema)
                .withPartitionSpec(PartitionSpec.builderFor(schema)
                        .identity("side")
                        .identity("dt")
                        .build())
                .withProperty("format-version", "2")
                .create());
    }

    /**
     * Commits the written states and drops those no later window needs: prefixes of earlier blocks
     * and suffixes of days before the window. Returns the rows written.
     */
    private long commit(DayRange range, WindowBlocks blocks, CommitContext context) {
        Map<String, String> kept = new TreeMap<>();
        digests.forEach((key, digest) -> {
            LocalDate day = LocalDate.parse(key.substring(key.indexOf('/') + 1));
            boolean prefix = key.startsWith(PREFIX_SIDE);
            if (!day.isBefore(prefix ? blocks.prefix().start() : range.start())) {
                kept.put(key, digest);
            }
        });
        List<DataFile> removed = new ArrayList<>();
        stored.forEach((key, files) -> {
            if (!kept.containsKey(key) || written.containsKey(key)) {
                removed.addAll(files);
            }
        });
        if (written.isEmpty() && removed.isEmpty() && kept.equals(storedDigests())) {
            return 0;
        }
        List<DataFile> added = written.values().stream().flatMap(List::stream).toList();
        String encoded = kept.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining(","));
        new SnapshotCommitter(warehouse.provenance(), clock)
                .commit(
                        name.toString(),
                        table.orElseThrow(),
                        current -> {
                            OverwriteFiles overwrite = current.newOverwrite();
                            removed.forEach(overwrite::deleteFile);
                            added.forEach(overwrite::addFile);
                            overwrite.set(DEFINITION, layout());
                            overwrite.set(STATES, encoded);
                            return overwrite;
                        },
                        added,
                        context);
        expireOlderSnapshots(table.orElseThrow());
        return added.stream().mapToLong(DataFile::recordCount).sum();
    }

    /**
     * Expires every snapshot of the blocks table but the current one and the one before it. The
     * table is internal: nothing reads its history, and each run replaces the prefix state, so the
     * older snapshots would keep every replaced state on disk (a gigabyte of sketches a month for
     * 200,000 members). The previous snapshot stays for a reader that started from it.
     */
    private static void expireOlderSnapshots(Table blocks) {
        Snapshot current = blocks.currentSnapshot();
        blocks.expireSnapshots()
                .expireOlderThan(current.timestampMillis() + 1)
                .retainLast(RETAINED_SNAPSHOTS)
                .commit();
    }

    private Map<String, String> storedDigests() {
        Map<String, String> result = new TreeMap<>();
        table.map(Table::currentSnapshot)
                .map(snapshot -> snapshot.summary().getOrDefault(STATES, ""))
                .filter(encoded -> !encoded.isEmpty())
                .ifPresent(encoded -> {
                    for (String entry : encoded.split(",")) {
                        int equals = entry.indexOf('=');
                        result.put(entry.substring(0, equals), entry.substring(equals + 1));
                    }
                });
        return result;
    }

    private List<DataFileReference> references(String key) {
        List<DataFile> files = written.containsKey(key) ? written.get(key) : stored.getOrDefault(key, List.of());
        return files.stream()
                .map(file -> new DataFileReference(
                        LocalPaths.toPath(file.location()).toString(), file.fileSizeInBytes(), file.recordCount()))
                .toList();
    }

    private static String key(String side, LocalDate day) {
        return side + "/" + day;
    }

    private String digest(String side, DayRange cover, Map<LocalDate, String> recorded) {
        StringBuilder text = new StringBuilder(spec.definitionDigest())
                .append('\n')
                .append(side)
                .append('\n')
                .append(cover);
        for (LocalDate day : cover.days()) {
            text.append('\n').append(day).append('=').append(recorded.getOrDefault(day, "?"));
        }
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
