package dev.almanac.spark.driver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * One engine session: a Spark session of its own (temporary views and settings are not shared),
 * its staged relations and its open query results.
 */
final class DriverSession {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SparkSession spark;
    private final Map<String, OpenResult> results = new HashMap<>();
    private final Map<String, StagedRows> staging = new HashMap<>();
    private int nextResult;
    private int nextView;

    DriverSession(SparkSession spark) {
        this.spark = spark;
    }

    ObjectNode analyze(String sql) {
        return StatementAnalyzer.analyze(spark, sql);
    }

    ObjectNode describe(JsonNode request) {
        Dataset<Row> result = statement(request);
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.set("columns", schemaJson(result.schema()));
        return response;
    }

    ObjectNode query(JsonNode request) {
        Dataset<Row> result = statement(request);
        String id = "r" + (++nextResult);
        results.put(id, new OpenResult(result.schema(), result.toLocalIterator()));
        ObjectNode response = JsonNodeFactory.instance.objectNode().put("result", id);
        response.set("columns", schemaJson(result.schema()));
        return response;
    }

    ObjectNode fetch(JsonNode request) {
        String id = request.path("result").asText();
        OpenResult result = results.get(id);
        if (result == null) {
            throw new DriverException("UNKNOWN_RESULT", "No open result " + id);
        }
        int max = request.path("max").asInt(1000);
        ArrayNode rows = RequestHandler.array();
        while (rows.size() < max && result.rows().hasNext()) {
            rows.add(JsonValues.encodeRow(result.rows().next(), result.schema()));
        }
        boolean done = !result.rows().hasNext();
        if (done) {
            results.remove(id);
        }
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.set("rows", rows);
        return response.put("done", done);
    }

    ObjectNode closeResult(JsonNode request) {
        results.remove(request.path("result").asText());
        return JsonNodeFactory.instance.objectNode();
    }

    ObjectNode export(JsonNode request) {
        Dataset<Row> result = statement(request);
        FileExport.export(
                result,
                request.path("format").asText(),
                Path.of(request.path("path").asText()));
        return JsonNodeFactory.instance.objectNode();
    }

    ObjectNode write(JsonNode request) {
        Dataset<Row> result = statement(request);
        StructType columns = structType(request.path("columns"));
        List<String> partitionColumns = JsonValues.texts(request.path("partitionColumns"));
        Map<String, String> staticValues = new LinkedHashMap<>();
        request.path("staticValues")
                .properties()
                .forEach(entry ->
                        staticValues.put(entry.getKey(), entry.getValue().asText()));
        ArrayNode files = DataFileWriter.write(
                spark, result, Path.of(request.path("directory").asText()), columns, partitionColumns, staticValues);
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.set("files", files);
        return response;
    }

    ObjectNode stage(JsonNode request) {
        String relation = request.path("relation").asText();
        if (request.path("first").asBoolean()) {
            staging.put(relation, new StagedRows(structType(request.path("columns")), new ArrayList<>()));
        }
        StagedRows staged = staging.get(relation);
        if (staged == null) {
            throw new DriverException("UNKNOWN_STAGED_RELATION", "Staging of " + relation + " has not begun");
        }
        for (JsonNode row : request.path("rows")) {
            staged.rows().add(JsonValues.decodeRow(row, staged.schema()));
        }
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        if (request.path("last").asBoolean()) {
            staging.remove(relation);
            spark.createDataFrame(staged.rows(), staged.schema()).createOrReplaceTempView(relation);
            response.put("rows", staged.rows().size());
        }
        return response;
    }

    ObjectNode dropStaged(JsonNode request) {
        spark.catalog().dropTempView(request.path("relation").asText());
        return JsonNodeFactory.instance.objectNode();
    }

    /**
     * The statement of a request as an analyzed Dataset over the request's tables. Each table is a
     * temporary view over exactly its planned files, read by field id; the views live only while
     * Spark analyzes the statement, after which the Dataset holds their plans.
     */
    private Dataset<Row> statement(JsonNode request) {
        Map<List<String>, String> views = new HashMap<>();
        try {
            for (JsonNode table : request.path("tables")) {
                String view = "__almanac_table_" + (++nextView);
                TableFiles.read(spark, structType(table.path("schema")), JsonValues.texts(table.path("files")))
                        .createOrReplaceTempView(view);
                views.put(BoundTables.key(JsonValues.texts(table.path("name"))), view);
            }
            BoundTables.bind(spark, views);
            return spark.sql(request.path("sql").asText());
        } finally {
            BoundTables.clear(spark);
            views.values().forEach(view -> spark.catalog().dropTempView(view));
        }
    }

    private static JsonNode schemaJson(StructType schema) {
        try {
            return JSON.readTree(schema.json());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Spark wrote a schema that is not JSON: " + schema.json(), e);
        }
    }

    static StructType structType(JsonNode json) {
        return (StructType) DataType.fromJson(json.isTextual() ? json.asText() : json.toString());
    }

    void close() {
        results.clear();
        staging.clear();
        BoundTables.clear(spark);
    }

    private record OpenResult(StructType schema, Iterator<Row> rows) {}

    private record StagedRows(StructType schema, List<Row> rows) {}
}
