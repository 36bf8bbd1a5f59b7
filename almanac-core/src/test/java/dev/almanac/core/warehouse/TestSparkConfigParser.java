package dev.almanac.core.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestSparkConfigParser {
    private static final String POSTGRES = "control-database:\n  url: jdbc:postgresql://db.example.org/almanac\n";

    @Test
    void withoutASectionSparkRunsLocally() {
        SparkConfig spark =
                WarehouseConfigParser.parse("almanac.yaml", "engine: spark\n").spark();
        assertThat(spark).isEqualTo(SparkConfig.defaults());
        assertThat(spark.isLocal()).isTrue();
        assertThat(spark.engineProperties()).isEmpty();
    }

    @Test
    void parsesEverySparkKeyIntoEngineProperties() {
        WarehouseConfig config = WarehouseConfigParser.parse("almanac.yaml", POSTGRES + """
                spark:
                  master: spark://spark-master.example.org:7077
                  deploy-mode: client
                  submit: true
                  spark-home: /opt/spark
                  driver-memory: 4g
                  executor-memory: 8g
                  executor-cores: 4
                  executors: 10
                  conf:
                    spark.sql.shuffle.partitions: 400
                    spark.driver.host: almanac-1.example.org
                """);

        SparkConfig spark = config.spark();
        assertThat(spark.master()).isEqualTo("spark://spark-master.example.org:7077");
        assertThat(spark.isLocal()).isFalse();
        assertThat(spark.submit()).contains(true);
        assertThat(spark.sparkHome()).contains("/opt/spark");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("spark.master", "spark://spark-master.example.org:7077");
        expected.put("spark.driver.memory", "4g");
        expected.put("spark.executor.memory", "8g");
        expected.put("spark.executor.cores", "4");
        expected.put("spark.executor.instances", "10");
        expected.put("spark.driver.host", "almanac-1.example.org");
        expected.put("spark.sql.shuffle.partitions", "400");
        expected.put("spark-submit", "true");
        expected.put("spark-home", "/opt/spark");
        assertThat(spark.engineProperties()).containsExactlyEntriesOf(expected);
    }

    @Test
    void theExampleOfTheClusterDocsIsValid() throws IOException {
        String docs = Files.readString(Path.of("..", "docs", "cluster.md"));
        String example =
                docs.substring(docs.indexOf("```yaml\n") + 8, docs.indexOf("```", docs.indexOf("```yaml\n") + 8));

        WarehouseConfig config = WarehouseConfigParser.parse("cluster.md", example);
        assertThat(config.engine()).isEqualTo("spark");
        assertThat(config.controlDatabaseUrl()).startsWith("jdbc:postgresql://");
        assertThat(config.spark().master()).isEqualTo("spark://spark-master.example.org:7077");
        assertThat(config.spark().engineProperties())
                .containsEntry("spark.executor.memory", "8g")
                .containsEntry("spark.executor.instances", "10")
                .containsEntry("spark.cores.max", "40")
                .containsEntry("spark-home", "/opt/spark-4.0.1-bin-hadoop3");
    }

    @Test
    void formatsTheSectionSoThatItReadsBackEqual() {
        WarehouseConfig config = WarehouseConfig.defaults()
                .withControlDatabase("jdbc:postgresql://db/almanac", Optional.empty(), Optional.empty())
                .withSpark(new SparkConfig(
                        "k8s://https://k8s.example.org:6443",
                        Optional.of(true),
                        Optional.of("/opt/spark 4"),
                        Optional.of("2g"),
                        Optional.of("6g"),
                        Optional.of(2),
                        Optional.of(3),
                        Map.of("spark.kubernetes.container.image", "apache/spark:4.0.1")));
        String text = WarehouseConfigParser.format(config);

        assertThat(text).contains("spark:\n  master: \"k8s://https://k8s.example.org:6443\"\n");
        assertThat(WarehouseConfigParser.parse("almanac.yaml", text)).isEqualTo(config);
        assertThat(WarehouseConfigParser.format(WarehouseConfig.defaults())).doesNotContain("\nspark:");
    }

    @Test
    void clusterDeployModeIsRefusedWithTheReason() {
        assertThatThrownBy(() -> WarehouseConfigParser.parse(
                        "almanac.yaml", POSTGRES + "spark:\n  master: yarn\n  deploy-mode: cluster\n"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("deploy-mode: cluster is not supported: Almanac sends the Spark driver its work over the"
                        + " driver's standard input and output, so the driver must run next to Almanac"
                        + " (deploy-mode: client, the default) (almanac.yaml:5:16)")
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.INVALID_CONFIGURATION);
        assertThatThrownBy(() -> WarehouseConfigParser.parse("almanac.yaml", "spark:\n  deploy-mode: remote\n"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Unknown deploy-mode 'remote'; expected client (almanac.yaml:2:16)");
    }

    @Test
    void sqliteWithAClusterMasterIsRefused() {
        assertThatThrownBy(() -> WarehouseConfigParser.parse(
                        "almanac.yaml", "spark:\n  master: spark://spark-master.example.org:7077\n"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Spark master 'spark://spark-master.example.org:7077' is a cluster, but the control"
                        + " database is SQLite (jdbc:sqlite:control.db), one machine's file. A warehouse shared with"
                        + " a cluster keeps its catalog in PostgreSQL (control-database: url: jdbc:postgresql://…)"
                        + " and its data where every machine reads it; SQLite works with a local master (local[*])"
                        + " only (almanac.yaml:2:11)");
        assertThat(WarehouseConfigParser.parse("almanac.yaml", "spark:\n  master: local[4]\n")
                        .spark()
                        .master())
                .isEqualTo("local[4]");
    }

    @Test
    void unknownKeysAndBadValuesAreNamed() {
        assertThatThrownBy(() -> WarehouseConfigParser.parse("almanac.yaml", "spark:\n  executor-mem: 4g\n"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage(
                        "Unknown key 'executor-mem'; expected one of conf, deploy-mode, driver-memory, executor-cores,"
                                + " executor-memory, executors, master, spark-home, submit (almanac.yaml:2:3)");
        assertThatThrownBy(() -> WarehouseConfigParser.parse("almanac.yaml", "spark:\n  executors: many\n"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("'executors' must be a positive whole number, not 'many' (almanac.yaml:2:14)");
        assertThatThrownBy(() -> WarehouseConfigParser.parse("almanac.yaml", "spark:\n  executor-cores: 0\n"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("'executor-cores' must be a positive whole number, not '0' (almanac.yaml:2:19)");
        assertThatThrownBy(() -> WarehouseConfigParser.parse("almanac.yaml", "spark:\n  driver-memory: lots\n"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("'driver-memory' must be an amount of memory such as 4g or 512m, not 'lots'"
                        + " (almanac.yaml:2:18)");
        assertThatThrownBy(() -> WarehouseConfigParser.parse("almanac.yaml", "spark:\n  submit: maybe\n"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("'submit' must be true or false, not 'maybe' (almanac.yaml:2:11)");
    }

    @Test
    void confTakesSparkKeysOnlyAndNotThoseWithAKeyOfTheirOwn() {
        assertThatThrownBy(() -> WarehouseConfigParser.parse("almanac.yaml", "spark:\n  conf:\n    shuffle: 4\n"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Spark setting 'shuffle' under 'conf' must start with 'spark.' (almanac.yaml:3:14)");
        assertThatThrownBy(
                        () -> WarehouseConfigParser.parse("almanac.yaml", "spark:\n  conf:\n    spark.master: yarn\n"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Set spark.master with 'spark: master:', not under 'conf' (almanac.yaml:3:19)");
    }
}
