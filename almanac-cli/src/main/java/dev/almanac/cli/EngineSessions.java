package dev.almanac.cli;

import dev.almanac.core.sql.SqlSession;
import dev.almanac.core.warehouse.Warehouse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The sessions of one pipeline run, one per engine a step asks for, opened when first needed and
 * closed with the run; the run's default session is the caller's.
 */
final class EngineSessions implements AutoCloseable {
    private final AlmanacCommand root;
    private final Warehouse warehouse;
    private final SqlSession defaultSession;
    private final Map<String, SqlSession> opened = new LinkedHashMap<>();

    EngineSessions(AlmanacCommand root, Warehouse warehouse, SqlSession defaultSession) {
        this.root = root;
        this.warehouse = warehouse;
        this.defaultSession = defaultSession;
    }

    SqlSession session(Optional<String> engine) {
        if (engine.isEmpty() || engine.get().equals(defaultSession.engine().name())) {
            return defaultSession;
        }
        return opened.computeIfAbsent(engine.get(), name -> root.openSession(warehouse, Optional.of(name)));
    }

    @Override
    public void close() {
        opened.values().forEach(SqlSession::close);
    }
}
