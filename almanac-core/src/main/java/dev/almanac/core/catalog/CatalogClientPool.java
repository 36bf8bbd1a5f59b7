package dev.almanac.core.catalog;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import org.apache.iceberg.jdbc.JdbcClientPool;

/**
 * The catalog's connection pool. While the catalog initializes, each call gets a connection of its
 * own that is closed afterwards: the catalog's start-up checks leave metadata result sets open, and
 * on SQLite an open result set holds a read snapshot that makes every later commit on that pooled
 * connection fail with SQLITE_BUSY_SNAPSHOT once another process has written.
 */
final class CatalogClientPool extends JdbcClientPool {
    private final String url;
    private final Properties connectionProperties;
    private volatile boolean initializing = true;

    CatalogClientPool(String url, Map<String, String> properties) {
        super(url, properties);
        this.url = url;
        this.connectionProperties = new Properties();
        properties.forEach((key, value) -> {
            if (key.startsWith("jdbc.")) {
                connectionProperties.setProperty(key.substring("jdbc.".length()), value);
            }
        });
    }

    void initialized() {
        initializing = false;
    }

    @Override
    public <R> R run(Action<R, Connection, SQLException> action) throws SQLException, InterruptedException {
        if (!initializing) {
            return super.run(action);
        }
        try (Connection connection = DriverManager.getConnection(url, connectionProperties)) {
            return action.run(connection);
        }
    }

    @Override
    public <R> R run(Action<R, Connection, SQLException> action, boolean retry)
            throws SQLException, InterruptedException {
        if (!initializing) {
            return super.run(action, retry);
        }
        return run(action);
    }
}
