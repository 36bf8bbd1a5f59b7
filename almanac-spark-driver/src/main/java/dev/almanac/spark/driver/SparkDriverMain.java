package dev.almanac.spark.driver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import scala.runtime.BoxedUnit;

/**
 * The Spark application of the Spark engine. It reads one JSON request per line from stdin and
 * answers each with one JSON line on stdout; logs go to stderr. It ends when stdin closes, so it
 * never outlives the process that started it.
 *
 * <p>Arguments: {@code key=value} Spark settings, e.g. {@code spark.master=local[2]}.
 */
public final class SparkDriverMain {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SparkDriverMain() {}

    public static void main(String[] args) throws IOException {
        PrintStream protocol = System.out;
        // anything Spark or a library prints must not corrupt the protocol stream
        System.setOut(System.err);
        SparkSession spark = session(DriverSettings.parse(args, System.getProperties()));
        RequestHandler handler = new RequestHandler(spark);
        Writer out = new OutputStreamWriter(protocol, StandardCharsets.UTF_8);
        out.write(JSON.writeValueAsString(Map.of("ok", true, "ready", true, "sparkVersion", spark.version())));
        out.write('\n');
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode request = JSON.readTree(line);
            if ("shutdown".equals(request.path("op").asText())) {
                break;
            }
            ObjectNode response = handler.handle(request);
            out.write(JSON.writeValueAsString(response));
            out.write('\n');
            out.flush();
        }
        spark.stop();
        System.exit(0);
    }

    private static SparkSession session(Map<String, String> settings) {
        SparkSession.Builder builder = SparkSession.builder().appName("almanac");
        settings.forEach(builder::config);
        builder.withExtensions(extensions -> {
            extensions.injectHintResolutionRule(BoundTableRule::new);
            return BoxedUnit.UNIT;
        });
        try {
            return builder.getOrCreate();
        } catch (RuntimeException e) {
            throw new IllegalStateException("Spark did not start: " + e.getMessage(), e);
        }
    }
}
