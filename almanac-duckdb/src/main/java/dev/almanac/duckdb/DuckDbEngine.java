package dev.almanac.duckdb;

import dev.almanac.duckdb.hive.HiveMacros;
import dev.almanac.duckdb.hive.HiveQlTranslator;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.engine.EngineCapability;
import dev.almanac.spi.engine.EngineContext;
import dev.almanac.spi.engine.FileFormat;
import dev.almanac.spi.engine.QueryResult;
import dev.almanac.spi.engine.StatementAnalysis;
import dev.almanac.spi.engine.TableBinding;
import dev.almanac.spi.engine.UndecodableLine;
import dev.almanac.spi.engine.WriteRequest;
import dev.almanac.spi.engine.WriteResult;
import dev.almanac.spi.type.Field;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The embedded engine: an in-memory DuckDB database per session, reading and writing Parquet. */
public final class DuckDbEngine implements Engine {
    private final Connection connection;
    private final QueryAnalyzer analyzer;
    private final StagedLineFiles stagedLines;

    private DuckDbEngine(Connection connection, Path temporaryDirectory) {
        this.connection = connection;
        this.analyzer = new QueryAnalyzer(connection);
        this.stagedLines = new StagedLineFiles(connection, temporaryDirectory);
    }

    static DuckDbEngine open(EngineContext context) {
        try {
            Files.createDirectories(context.temporaryDirectory());
            Connection connection = DriverManager.getConnection("jdbc:duckdb:");
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET temp_directory = "
                        + DuckDbSql.literal(context.temporaryDirectory().toString()));
                statement.execute("SET TimeZone = 'UTC'");
                statement.execute("SET preserve_insertion_order = false");
                HiveMacros.create(connection);
                JavaScalarFunctions.register(connection);
                for (Map.Entry<String, String> setting : context.properties().entrySet()) {
                    if (setting.getKey().startsWith("duckdb.")) {
                        apply(statement, setting.getKey().substring("duckdb.".length()), setting.getValue());
                    }
                }
                if (!context.properties().containsKey("duckdb." + BlockPool.SETTING)) {
                    BlockPool.enable(statement);
                }
            }
            return new DuckDbEngine(CancellableConnection.wrap(connection), context.temporaryDirectory());
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void apply(Statement statement, String name, String value) {
        try {
            statement.execute("SET " + DuckDbSql.identifier(name) + " = " + DuckDbSql.literal(value));
        } catch (SQLException e) {
            throw new AlmanacException(
                    ErrorCode.INVALID_CONFIGURATION,
                    "DuckDB refused the setting " + name + " = '" + value + "': " + DuckDbErrors.clean(e.getMessage()),
                    e);
        }
    }

    @Override
    public String name() {
        return DuckDbEngineFactory.NAME;
    }

    /** DuckDB has no DataSketches functions: window aggregates build and merge its sketches in Java. */
    @Override
    public Set<EngineCapability> capabilities() {
        return EnumSet.complementOf(EnumSet.of(EngineCapability.HLL_SKETCH_FUNCTIONS));
    }

    @Override
    public StatementAnalysis analyze(String query) {
        return analyzer.analyze(HiveQlTranslator.translate(query));
    }

    @Override
    public List<Field> describe(String query, List<TableBinding> tables) {
        return describeTranslated(HiveQlTranslator.translate(query), tables);
    }

    private List<Field> describeTranslated(String query, List<TableBinding> tables) {
        List<String> drops = TableViews.create(connection, tables);
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("DESCRIBE " + query)) {
            List<Field> fields = new ArrayList<>();
            while (rows.next()) {
                fields.add(Field.of(rows.getString("column_name"), DuckDbTypes.parse(rows.getString("column_type"))));
            }
            return fields;
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e);
        } finally {
            TableViews.drop(connection, drops);
        }
    }

    @Override
    public QueryResult query(String hiveQuery, List<TableBinding> tables) {
        String query = HiveQlTranslator.translate(hiveQuery);
        List<Field> columns = describeTranslated(query, tables);
        List<String> drops = TableViews.create(connection, tables);
        try {
            Statement statement = connection.createStatement();
            try {
                ResultSet rows = statement.executeQuery(query);
                return new DuckDbQueryResult(statement, rows, columns, () -> TableViews.drop(connection, drops));
            } catch (SQLException e) {
                statement.close();
                throw e;
            }
        } catch (SQLException e) {
            TableViews.drop(connection, drops);
            throw DuckDbErrors.translate(e);
        }
    }

    @Override
    public void export(String query, List<TableBinding> tables, FileFormat format, Path output) {
        String options = switch (format) {
            case CSV -> "FORMAT csv, HEADER true";
            case JSON -> "FORMAT json";
            case PARQUET -> "FORMAT parquet, COMPRESSION zstd";
        };
        execute(
                tables,
                "COPY (" + HiveQlTranslator.translate(query) + "\n) TO " + DuckDbSql.literal(output.toString()) + " ("
                        + options + ")");
    }

    @Override
    public WriteResult write(String query, List<TableBinding> tables, WriteRequest request) {
        List<String> drops = TableViews.create(connection, tables);
        try {
            return ParquetFileWriter.write(connection, HiveQlTranslator.translate(query), request);
        } finally {
            TableViews.drop(connection, drops);
        }
    }

    @Override
    public long stage(String relation, List<Field> columns, Iterator<List<Object>> rows) {
        stagedLines.drop(relation);
        return StagedRelations.stage(connection, relation, columns, rows);
    }

    @Override
    public void stageLines(String relation, List<Path> files) {
        stagedLines.stage(relation, files);
    }

    @Override
    public List<UndecodableLine> stageDecodableLines(String relation, List<Path> files, int maxUndecodable) {
        return stagedLines.stageDecodable(relation, files, maxUndecodable);
    }

    @Override
    public long stageQuery(String relation, String query) {
        stagedLines.drop(relation);
        return StagedRelations.stageQuery(connection, relation, HiveQlTranslator.translate(query));
    }

    @Override
    public void dropStaged(String relation) {
        stagedLines.drop(relation);
    }

    private void execute(List<TableBinding> tables, String sql) {
        List<String> drops = TableViews.create(connection, tables);
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e);
        } finally {
            TableViews.drop(connection, drops);
        }
    }

    @Override
    public void cancel() {
        try {
            CancellableConnection.cancelRunning(connection);
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e);
        }
    }

    @Override
    public void close() {
        try {
            stagedLines.dropAll();
            connection.close();
        } catch (SQLException e) {
            throw new AlmanacException(ErrorCode.ENGINE_ERROR, "Could not close DuckDB: " + e.getMessage(), e);
        }
    }
}
