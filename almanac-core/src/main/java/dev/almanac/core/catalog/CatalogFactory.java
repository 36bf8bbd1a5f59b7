package dev.almanac.core.catalog;

import dev.almanac.core.control.ControlDatabase;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.jdbc.JdbcCatalog;

/** Opens the Iceberg JDBC catalog that lives in the control database. */
public final class CatalogFactory {
    private CatalogFactory() {}

    public static JdbcCatalog open(String catalogName, ControlDatabase database, String warehouseLocation) {
        Map<String, String> properties = new HashMap<>();
        properties.put(CatalogProperties.URI, database.url());
        properties.put(CatalogProperties.WAREHOUSE_LOCATION, warehouseLocation);
        database.user().ifPresent(user -> properties.put("jdbc.user", user));
        database.password().ifPresent(password -> properties.put("jdbc.password", password));
        properties.put("jdbc.schema-version", "V1");
        // the control database migrations create the catalog tables
        properties.put("jdbc.init-catalog-tables", "false");
        CatalogClientPool[] pool = new CatalogClientPool[1];
        JdbcCatalog catalog = new JdbcCatalog(
                null,
                catalogProperties -> {
                    pool[0] = new CatalogClientPool(database.url(), catalogProperties);
                    return pool[0];
                },
                false);
        catalog.setConf(hadoopConfiguration());
        catalog.initialize(catalogName, properties);
        pool[0].initialized();
        return catalog;
    }

    /** Local files without Hadoop's .crc side files. */
    public static Configuration hadoopConfiguration() {
        Configuration configuration = new Configuration(false);
        configuration.set("fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem");
        configuration.setBoolean("fs.file.impl.disable.cache", true);
        return configuration;
    }
}
