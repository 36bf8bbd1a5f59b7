package dev.almanac.core.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestWarehouseConfigParser {
    @Test
    void defaults() {
        WarehouseConfig defaults = WarehouseConfig.defaults();

        assertThat(defaults.catalogName()).isEqualTo("almanac");
        assertThat(defaults.engine()).isEqualTo("duckdb");
        assertThat(defaults.dataLocation()).isEqualTo("data");
        assertThat(defaults.controlDatabaseUrl()).isEqualTo("jdbc:sqlite:control.db");
        assertThat(defaults.controlDatabaseUser()).isEmpty();
        assertThat(defaults.controlDatabasePasswordVariable()).isEmpty();
    }

    @Test
    void emptyDocumentIsTheDefaults() {
        assertThat(WarehouseConfigParser.parse("almanac.yaml", "")).isEqualTo(WarehouseConfig.defaults());
        assertThat(WarehouseConfigParser.parse("almanac.yaml", "# nothing set\n"))
                .isEqualTo(WarehouseConfig.defaults());
    }

    @Test
    void roundTripDefaults() {
        String text = WarehouseConfigParser.format(WarehouseConfig.defaults());

        assertThat(WarehouseConfigParser.parse("almanac.yaml", text)).isEqualTo(WarehouseConfig.defaults());
        assertThat(text)
                .contains(
                        "\ncatalog: almanac\n",
                        "\nengine: duckdb\n",
                        "\ndata: data\n",
                        "\ncontrol-database:\n  url: jdbc:sqlite:control.db\n");
    }

    @Test
    void duckDbSettingsRoundTripAndBecomeEngineProperties() {
        WarehouseConfig config = WarehouseConfig.defaults().withDuckdb(Map.of("memory_limit", "8GB", "threads", "4"));

        String text = WarehouseConfigParser.format(config);

        assertThat(text).contains("\nduckdb:\n  memory_limit: 8GB\n  threads: 4\n");
        assertThat(WarehouseConfigParser.parse("almanac.yaml", text)).isEqualTo(config);
        assertThat(WarehouseConfigParser.parse("almanac.yaml", "duckdb:\n  threads: 2\n")
                        .duckdbEngineProperties())
                .isEqualTo(Map.of("duckdb.threads", "2"));
        assertThat(WarehouseConfig.defaults().duckdb()).isEmpty();
        assertThat(WarehouseConfigParser.format(WarehouseConfig.defaults())).doesNotContain("\nduckdb:");
    }

    @Test
    void aDuckDbSettingNeedsAPlainName() {
        assertThatThrownBy(() -> WarehouseConfigParser.parse("almanac.yaml", "duckdb:\n  Memory-Limit: 8GB\n"))
                .isInstanceOf(AlmanacException.class)
                .hasMessageContaining("DuckDB setting name 'Memory-Limit' must be lower case letters, digits and _"
                        + " (e.g. memory_limit)");
    }

    @Test
    void roundTripPostgres() {
        WarehouseConfig config = WarehouseConfig.defaults()
                .withControlDatabase(
                        "jdbc:postgresql://db.example.org:5432/almanac?sslmode=require&ApplicationName=almanac",
                        Optional.of("almanac"),
                        Optional.of("ALMANAC_CONTROL_DB_PASSWORD"));

        String text = WarehouseConfigParser.format(config);

        assertThat(WarehouseConfigParser.parse("almanac.yaml", text)).isEqualTo(config);
        assertThat(text)
                .contains(
                        "  url: jdbc:postgresql://db.example.org:5432/almanac?sslmode=require&ApplicationName=almanac\n",
                        "  user: almanac\n",
                        "  password-env: ALMANAC_CONTROL_DB_PASSWORD\n");
    }

    @Test
    void roundTripUserWithoutPasswordVariable() {
        WarehouseConfig config = WarehouseConfig.defaults()
                .withControlDatabase("jdbc:postgresql://localhost/almanac", Optional.of("reader"), Optional.empty());

        assertThat(WarehouseConfigParser.parse("almanac.yaml", WarehouseConfigParser.format(config)))
                .isEqualTo(config);
    }

    @Test
    void roundTripValuesYamlWouldMisread() {
        WarehouseConfig config = WarehouseConfig.defaults()
                .withControlDatabase(
                        "jdbc:sqlite:/srv/ware house/control #2.db",
                        Optional.of("@ops: \"admin\""),
                        Optional.of("*PASSWORD"));

        String text = WarehouseConfigParser.format(config);

        assertThat(WarehouseConfigParser.parse("almanac.yaml", text)).isEqualTo(config);
        assertThat(text).contains("  url: \"jdbc:sqlite:/srv/ware house/control #2.db\"\n");
    }

    @Test
    void roundTripWindowsPathAndEmptyUser() {
        WarehouseConfig config = WarehouseConfig.defaults()
                .withControlDatabase("jdbc:sqlite:C:\\warehouse\\control.db", Optional.of(""), Optional.of("true"));

        String text = WarehouseConfigParser.format(config);

        assertThat(WarehouseConfigParser.parse("almanac.yaml", text)).isEqualTo(config);
        assertThat(text).contains("  url: jdbc:sqlite:C:\\warehouse\\control.db\n", "  user: \"\"\n");
    }

    @Test
    void parsesEveryKey() {
        WarehouseConfig config = WarehouseConfigParser.parse("almanac.yaml", """
                catalog: edx
                engine: duckdb
                data: s3://bucket/warehouse
                control-database:
                  url: jdbc:postgresql://db/almanac
                  user: almanac
                  password-env: PGPASSWORD
                """);

        assertThat(config.catalogName()).isEqualTo("edx");
        assertThat(config.engine()).isEqualTo("duckdb");
        assertThat(config.dataLocation()).isEqualTo("s3://bucket/warehouse");
        assertThat(config.controlDatabaseUrl()).isEqualTo("jdbc:postgresql://db/almanac");
        assertThat(config.controlDatabaseUser()).contains("almanac");
        assertThat(config.controlDatabasePasswordVariable()).contains("PGPASSWORD");
    }

    @Test
    void unknownTopLevelKey() {
        assertThatThrownBy(() -> WarehouseConfigParser.parse("/w/almanac.yaml", "catalog: a\nengin: duckdb\n"))
                .isInstanceOf(AlmanacException.class)
                .hasMessageStartingWith(
                        "Unknown key 'engin'; expected one of catalog, control-database, data, duckdb, engine")
                .hasMessageEndingWith(" (/w/almanac.yaml:2:1)")
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.INVALID_CONFIGURATION);
    }

    @Test
    void unknownControlDatabaseKey() {
        assertThatThrownBy(() -> WarehouseConfigParser.parse(
                        "almanac.yaml", "control-database:\n  url: jdbc:postgresql://db/a\n  password: secret\n"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Unknown key 'password'; expected one of password-env, url, user (almanac.yaml:3:3)");
    }

    @Test
    void controlDatabaseNeedsUrl() {
        assertThatThrownBy(() -> WarehouseConfigParser.parse("almanac.yaml", "control-database:\n  user: almanac\n"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Missing key 'url' (almanac.yaml:2:3)");
        assertThatThrownBy(() -> WarehouseConfigParser.parse("almanac.yaml", "control-database:\n"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Expected a mapping for 'control-database' (almanac.yaml:1:18)");
    }

    @Test
    void listWhereValueExpected() {
        assertThatThrownBy(() -> WarehouseConfigParser.parse("almanac.yaml", "engine:\n  - duckdb\n  - spark\n"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Expected a single value for 'engine' (almanac.yaml:2:3)");
    }

    @Test
    void duplicateKey() {
        assertThatThrownBy(() -> WarehouseConfigParser.parse("almanac.yaml", "catalog: a\ndata: d\ncatalog: b\n"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Duplicate key 'catalog' (almanac.yaml:3:1)");
    }

    @Test
    void invalidYaml() {
        assertThatThrownBy(() -> WarehouseConfigParser.parse("/w/almanac.yaml", "catalog: a\n  engine: duckdb\n"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Invalid YAML: mapping values are not allowed here (/w/almanac.yaml:2:9)")
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.INVALID_CONFIGURATION);
    }
}
