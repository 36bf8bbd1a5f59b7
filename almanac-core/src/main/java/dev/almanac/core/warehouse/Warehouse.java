package dev.almanac.core.warehouse;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.almanac.core.catalog.CatalogFactory;
import dev.almanac.core.control.ControlDatabase;
import dev.almanac.core.control.Migrations;
import dev.almanac.core.control.ProvenanceStore;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.jdbc.JdbcCatalog;

/** An open warehouse: its configuration, control database and Iceberg catalog. */
public final class Warehouse implements AutoCloseable {
    private final Path directory;
    private final WarehouseConfig config;
    private final ControlDatabase controlDatabase;
    private final JdbcCatalog catalog;
    private final ProvenanceStore provenance;

    private Warehouse(Path directory, WarehouseConfig config, ControlDatabase controlDatabase, JdbcCatalog catalog) {
        this.directory = directory;
        this.config = config;
        this.controlDatabase = controlDatabase;
        this.catalog = catalog;
        this.provenance = new ProvenanceStore(controlDatabase);
    }

    /** Opens the warehouse in {@code directory}, upgrading its control database schema if needed. */
    public static Warehouse open(Path directory, Map<String, String> environment) {
        Path configFile = directory.resolve(WarehouseConfigParser.FILE_NAME);
        String text;
        try {
            text = Files.readString(configFile, UTF_8);
        } catch (IOException e) {
            throw new AlmanacException(
                    ErrorCode.WAREHOUSE_NOT_FOUND, "Cannot read " + configFile + ": " + e.getMessage(), e);
        }
        WarehouseConfig config = WarehouseConfigParser.parse(configFile.toString(), text);
        ControlDatabase controlDatabase = controlDatabase(directory, config, environment);
        new Migrations(controlDatabase).migrate();
        JdbcCatalog catalog =
                CatalogFactory.open(config.catalogName(), controlDatabase, dataLocation(directory, config));
        return new Warehouse(directory, config, controlDatabase, catalog);
    }

    /**
     * Creates a warehouse in {@code directory}: {@code almanac.yaml}, the control database and the
     * data folder. Fails if one is already there.
     */
    public static Warehouse create(Path directory, WarehouseConfig config, Map<String, String> environment) {
        Path configFile = directory.resolve(WarehouseConfigParser.FILE_NAME);
        if (Files.exists(configFile)) {
            throw new AlmanacException(
                    ErrorCode.WAREHOUSE_ALREADY_EXISTS,
                    "A warehouse already exists at " + directory + " (" + configFile.getFileName() + " is there)");
        }
        try {
            Files.createDirectories(directory);
            Files.writeString(configFile, WarehouseConfigParser.format(config), UTF_8);
            String data = dataLocation(directory, config);
            if (data.startsWith("file:")) {
                Files.createDirectories(Path.of(URI.create(data)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return open(directory, environment);
    }

    static ControlDatabase controlDatabase(Path directory, WarehouseConfig config, Map<String, String> environment) {
        String url = config.controlDatabaseUrl();
        if (url.startsWith("jdbc:sqlite:")) {
            String file = url.substring("jdbc:sqlite:".length());
            if (!file.startsWith("/") && !file.startsWith(":")) {
                url = "jdbc:sqlite:" + directory.resolve(file);
            }
        }
        Optional<String> password = config.controlDatabasePasswordVariable().map(variable -> {
            String value = environment.get(variable);
            if (value == null) {
                throw new AlmanacException(
                        ErrorCode.INVALID_CONFIGURATION,
                        "almanac.yaml takes the control database password from $" + variable + ", which is not set");
            }
            return value;
        });
        return new ControlDatabase(url, config.controlDatabaseUser(), password);
    }

    static String dataLocation(Path directory, WarehouseConfig config) {
        String data = config.dataLocation();
        if (data.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") || data.startsWith("file:")) {
            return data;
        }
        return directory
                .resolve(data)
                .toAbsolutePath()
                .normalize()
                .toUri()
                .toString()
                .replaceAll("/$", "");
    }

    public Path directory() {
        return directory;
    }

    public WarehouseConfig config() {
        return config;
    }

    public ControlDatabase controlDatabase() {
        return controlDatabase;
    }

    public JdbcCatalog catalog() {
        return catalog;
    }

    public ProvenanceStore provenance() {
        return provenance;
    }

    /** A folder for an engine's spill files and temporary results. */
    public Path temporaryDirectory() {
        return directory.resolve("tmp");
    }

    @Override
    public void close() {
        catalog.close();
    }
}
