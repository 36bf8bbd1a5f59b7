package dev.almanac.spark.driver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.SparkSession;

/** Dispatches one request to the session it names and turns the outcome into a response. */
final class RequestHandler {
    private final SparkSession root;
    private final Map<String, DriverSession> sessions = new HashMap<>();
    private int nextSession;

    RequestHandler(SparkSession root) {
        this.root = root;
    }

    ObjectNode handle(JsonNode request) {
        try {
            ObjectNode response = dispatch(request);
            response.put("ok", true);
            return response;
        } catch (Throwable e) {
            if (e instanceof VirtualMachineError error && !(e instanceof OutOfMemoryError)) {
                throw error;
            }
            return failure(e);
        }
    }

    private ObjectNode dispatch(JsonNode request) {
        String op = request.path("op").asText();
        if (op.equals("open")) {
            String id = "s" + (++nextSession);
            sessions.put(id, new DriverSession(root.newSession()));
            return JsonNodeFactory.instance.objectNode().put("session", id);
        }
        String id = request.path("session").asText();
        DriverSession session = sessions.get(id);
        if (session == null) {
            throw new DriverException("UNKNOWN_SESSION", "No open session " + id);
        }
        return switch (op) {
            case "close" -> {
                sessions.remove(id).close();
                yield JsonNodeFactory.instance.objectNode();
            }
            case "analyze" -> session.analyze(request.path("sql").asText());
            case "describe" -> session.describe(request);
            case "query" -> session.query(request);
            case "fetch" -> session.fetch(request);
            case "closeResult" -> session.closeResult(request);
            case "export" -> session.export(request);
            case "write" -> session.write(request);
            case "stage" -> session.stage(request);
            case "dropStaged" -> session.dropStaged(request);
            default -> throw new DriverException("UNKNOWN_OPERATION", "Unknown operation " + op);
        };
    }

    static ObjectNode failure(Throwable e) {
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.put("ok", false);
        Throwable reported = e;
        String condition = null;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SparkThrowable spark && spark.getCondition() != null) {
                reported = cause;
                condition = spark.getCondition();
            } else if (cause instanceof DriverException driver) {
                reported = cause;
                condition = driver.condition();
            }
        }
        response.put("condition", condition == null ? reported.getClass().getName() : condition);
        response.put("message", reported.getMessage() == null ? reported.toString() : reported.getMessage());
        if (reported instanceof SparkThrowable spark) {
            if (spark.getSqlState() != null) {
                response.put("sqlState", spark.getSqlState());
            }
            ObjectNode parameters = response.putObject("parameters");
            spark.getMessageParameters().forEach(parameters::put);
        }
        if (condition == null) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            response.put("trace", trace.toString());
        }
        return response;
    }

    static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }
}
