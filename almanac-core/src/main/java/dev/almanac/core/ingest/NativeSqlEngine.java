package dev.almanac.core.ingest;

import static java.util.Objects.requireNonNull;

import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.engine.EngineCapability;
import dev.almanac.spi.engine.FileFormat;
import dev.almanac.spi.engine.QueryResult;
import dev.almanac.spi.engine.StatementAnalysis;
import dev.almanac.spi.engine.TableBinding;
import dev.almanac.spi.engine.UndecodableLine;
import dev.almanac.spi.engine.WriteRequest;
import dev.almanac.spi.engine.WriteResult;
import dev.almanac.spi.type.Field;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The engine as ingest uses it: the formats write the embedded engine's own SQL (its file readers
 * and functions), so every query is marked {@link Engine#NATIVE_SQL_MARKER} and skips the HiveQL
 * translation user queries get.
 */
final class NativeSqlEngine implements Engine {
    private final Engine engine;

    private NativeSqlEngine(Engine engine) {
        this.engine = requireNonNull(engine, "engine is null");
    }

    static Engine wrap(Engine engine) {
        return engine instanceof NativeSqlEngine ? engine : new NativeSqlEngine(engine);
    }

    private static String marked(String query) {
        return NATIVE_SQL_MARKER + "\n" + query;
    }

    @Override
    public String name() {
        return engine.name();
    }

    @Override
    public Set<EngineCapability> capabilities() {
        return engine.capabilities();
    }

    @Override
    public StatementAnalysis analyze(String query) {
        return engine.analyze(marked(query));
    }

    @Override
    public List<Field> describe(String query, List<TableBinding> tables) {
        return engine.describe(marked(query), tables);
    }

    @Override
    public QueryResult query(String query, List<TableBinding> tables) {
        return engine.query(marked(query), tables);
    }

    @Override
    public void export(String query, List<TableBinding> tables, FileFormat format, Path output) {
        engine.export(marked(query), tables, format, output);
    }

    @Override
    public WriteResult write(String query, List<TableBinding> tables, WriteRequest request) {
        return engine.write(marked(query), tables, request);
    }

    @Override
    public long stage(String relation, List<Field> columns, Iterator<List<Object>> rows) {
        return engine.stage(relation, columns, rows);
    }

    @Override
    public void stageLines(String relation, List<Path> files) {
        engine.stageLines(relation, files);
    }

    @Override
    public List<UndecodableLine> stageDecodableLines(String relation, List<Path> files, int maxUndecodable) {
        return engine.stageDecodableLines(relation, files, maxUndecodable);
    }

    @Override
    public long stageQuery(String relation, String query) {
        return engine.stageQuery(relation, marked(query));
    }

    @Override
    public void dropStaged(String relation) {
        engine.dropStaged(relation);
    }

    @Override
    public void cancel() {
        engine.cancel();
    }

    @Override
    public void close() {
        engine.close();
    }
}
