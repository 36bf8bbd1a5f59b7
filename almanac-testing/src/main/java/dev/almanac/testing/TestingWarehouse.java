package dev.almanac.testing;

import dev.almanac.core.engine.Engines;
import dev.almanac.core.sql.SqlSession;
import dev.almanac.core.sql.StatementOutcome;
import dev.almanac.core.sql.StatementOutcome.QueryOutcome;
import dev.almanac.core.warehouse.Warehouse;
import dev.almanac.core.warehouse.WarehouseConfig;
import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.engine.EngineContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A warehouse with one SQL session, and shortcuts tests use to run statements and read rows. */
public final class TestingWarehouse implements AutoCloseable {
    private final Warehouse warehouse;
    private final SqlSession session;

    private TestingWarehouse(Warehouse warehouse, SqlSession session) {
        this.warehouse = warehouse;
        this.session = session;
    }

    public static TestingWarehouse create(Path directory, WarehouseConfig config, String engine) {
        return create(directory, config, context -> Engines.create(engine, context));
    }

    /** A new warehouse whose session runs on the engine {@code engines} makes. */
    public static TestingWarehouse create(
            Path directory, WarehouseConfig config, Function<EngineContext, Engine> engines) {
        Warehouse warehouse = Warehouse.create(directory, config, Map.of());
        return new TestingWarehouse(warehouse, session(warehouse, engines));
    }

    public static TestingWarehouse open(Path directory, String engine) {
        return open(directory, context -> Engines.create(engine, context));
    }

    public static TestingWarehouse open(Path directory, Function<EngineContext, Engine> engines) {
        Warehouse warehouse = Warehouse.open(directory, Map.of());
        return new TestingWarehouse(warehouse, session(warehouse, engines));
    }

    private static SqlSession session(Warehouse warehouse, Function<EngineContext, Engine> engines) {
        return new SqlSession(
                warehouse,
                engines.apply(new EngineContext(warehouse.temporaryDirectory(), Map.of())),
                "tester",
                Clock.systemUTC());
    }

    public Warehouse warehouse() {
        return warehouse;
    }

    public SqlSession session() {
        return session;
    }

    public StatementOutcome execute(String sql) {
        return execute(sql, Map.of());
    }

    public StatementOutcome execute(String sql, Map<String, String> parameters) {
        StatementOutcome outcome = session.execute(sql, parameters);
        if (outcome instanceof QueryOutcome query) {
            query.rows().close();
        }
        return outcome;
    }

    /** All rows of a query, each a list of column values. */
    public List<List<Object>> rows(String sql) {
        QueryOutcome outcome = (QueryOutcome) session.execute(sql, Map.of());
        return QueryRows.all(outcome.rows());
    }

    /** The single value of a one-row, one-column query. */
    public Object value(String sql) {
        List<List<Object>> rows = rows(sql);
        if (rows.size() != 1 || rows.get(0).size() != 1) {
            throw new AssertionError("Expected one value from " + sql + " but got " + rows);
        }
        return rows.get(0).get(0);
    }

    public long count(String table) {
        return ((Number) value("SELECT count(*) FROM " + table)).longValue();
    }

    @Override
    public void close() {
        session.close();
        warehouse.close();
    }
}
