package dev.almanac.spark;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.engine.EngineCapability;
import dev.almanac.spi.engine.FileFormat;
import dev.almanac.spi.engine.QueryResult;
import dev.almanac.spi.engine.StatementAnalysis;
import dev.almanac.spi.engine.StatementAnalysis.ColumnFilter;
import dev.almanac.spi.engine.StatementAnalysis.LiteralKind;
import dev.almanac.spi.engine.StatementAnalysis.Operator;
import dev.almanac.spi.engine.StatementAnalysis.TableReference;
import dev.almanac.spi.engine.TableBinding;
import dev.almanac.spi.engine.TableBinding.DataFileReference;
import dev.almanac.spi.engine.WriteRequest;
import dev.almanac.spi.engine.WriteResult;
import dev.almanac.spi.engine.WriteResult.WrittenFile;
import dev.almanac.spi.type.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The Spark engine: each engine session is a Spark session in a driver process. Tables are read
 * from exactly the files core planned, columns matched by Parquet field id; writes produce Parquet
 * data files for core to commit. Queries are Spark SQL, run natively.
 */
public final class SparkEngine implements Engine {
    static final int STAGE_BATCH_ROWS = 10_000;

    private final SparkDriver driver;
    private final boolean ownsDriver;
    private final String session;
    private boolean closed;

    private SparkEngine(SparkDriver driver, boolean ownsDriver) {
        this.driver = requireNonNull(driver, "driver is null");
        this.ownsDriver = ownsDriver;
        this.session = driver.call(driver.request("open")).path("session").asText();
    }

    /** An engine session that stops the driver when it is closed. */
    static SparkEngine owning(SparkDriver driver) {
        try {
            return new SparkEngine(driver, true);
        } catch (RuntimeException e) {
            driver.close();
            throw e;
        }
    }

    /** An engine session on a driver that others share; closing the session leaves the driver running. */
    public static SparkEngine attach(SparkDriver driver) {
        return new SparkEngine(driver, false);
    }

    SparkDriver driver() {
        return driver;
    }

    @Override
    public String name() {
        return SparkEngineFactory.NAME;
    }

    /** Spark writes Parquet field ids on struct fields only, not on list elements or map keys and values. */
    @Override
    public Set<EngineCapability> capabilities() {
        return EnumSet.complementOf(EnumSet.of(EngineCapability.NESTED_FIELD_IDS));
    }

    @Override
    public StatementAnalysis analyze(String query) {
        JsonNode response = driver.call(request("analyze").put("sql", query));
        List<TableReference> references = new ArrayList<>();
        for (JsonNode reference : response.path("references")) {
            List<String> name = new ArrayList<>();
            reference.path("name").forEach(part -> name.add(part.asText()));
            List<ColumnFilter> filters = new ArrayList<>();
            for (JsonNode filter : reference.path("filters")) {
                List<String> values = new ArrayList<>();
                filter.path("values").forEach(value -> values.add(value.asText()));
                filters.add(new ColumnFilter(
                        filter.path("column").asText(),
                        Operator.valueOf(filter.path("operator").asText()),
                        LiteralKind.valueOf(filter.path("kind").asText()),
                        values));
            }
            references.add(new TableReference(name, filters));
        }
        return new StatementAnalysis(references);
    }

    @Override
    public List<Field> describe(String query, List<TableBinding> tables) {
        JsonNode response = driver.call(statement("describe", query, tables));
        return SparkTypes.fields(schema(response));
    }

    @Override
    public QueryResult query(String query, List<TableBinding> tables) {
        JsonNode response = driver.call(statement("query", query, tables));
        return new SparkQueryResult(
                driver, session, response.path("result").asText(), SparkTypes.fields(schema(response)));
    }

    @Override
    public void export(String query, List<TableBinding> tables, FileFormat format, Path output) {
        driver.call(statement("export", query, tables)
                .put("format", format.name())
                .put("path", output.toAbsolutePath().toString()));
    }

    @Override
    public WriteResult write(String query, List<TableBinding> tables, WriteRequest request) {
        ObjectNode call = statement("write", query, tables)
                .put("directory", request.directory().toAbsolutePath().toString());
        call.set("columns", SparkTypes.schema(request.columns()));
        ArrayNode partitionColumns = call.putArray("partitionColumns");
        request.partitionColumns().forEach(partitionColumns::add);
        ObjectNode staticValues = call.putObject("staticValues");
        request.staticValues().forEach(staticValues::put);
        JsonNode response = driver.call(call);
        List<WrittenFile> files = new ArrayList<>();
        for (JsonNode file : response.path("files")) {
            files.add(new WrittenFile(
                    file.path("path").asText(),
                    file.path("size").asLong(),
                    file.path("rows").asLong()));
        }
        return new WriteResult(files);
    }

    @Override
    public long stage(String relation, List<Field> columns, Iterator<List<Object>> rows) {
        ObjectNode schema = SparkTypes.schema(columns);
        boolean first = true;
        long count = 0;
        do {
            ObjectNode call = request("stage").put("relation", relation).put("first", first);
            if (first) {
                call.set("columns", schema);
            }
            ArrayNode batch = call.putArray("rows");
            while (batch.size() < STAGE_BATCH_ROWS && rows.hasNext()) {
                batch.add(SparkValues.encodeRow(rows.next(), columns));
            }
            call.put("last", !rows.hasNext());
            JsonNode response = driver.call(call);
            if (!rows.hasNext()) {
                count = response.path("rows").asLong();
            }
            first = false;
        } while (rows.hasNext());
        return count;
    }

    @Override
    public void dropStaged(String relation) {
        driver.call(request("dropStaged").put("relation", relation));
    }

    /** Stops the running statement by stopping the driver: this session cannot be used afterwards. */
    @Override
    public void cancel() {
        driver.kill();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (driver.isAlive()) {
                driver.call(request("close"));
            }
        } finally {
            if (ownsDriver) {
                driver.close();
            }
        }
    }

    private ObjectNode request(String operation) {
        return driver.request(operation).put("session", session);
    }

    private ObjectNode statement(String operation, String query, List<TableBinding> tables) {
        ObjectNode call = request(operation).put("sql", query);
        ArrayNode bound = call.putArray("tables");
        for (TableBinding table : tables) {
            ObjectNode node = bound.addObject();
            ArrayNode name = node.putArray("name");
            table.nameParts().forEach(name::add);
            node.set("schema", SparkTypes.schema(table.schema()));
            ArrayNode files = node.putArray("files");
            table.files().stream().map(DataFileReference::path).forEach(files::add);
        }
        return call;
    }

    private static JsonNode schema(JsonNode response) {
        return response.path("columns");
    }
}
