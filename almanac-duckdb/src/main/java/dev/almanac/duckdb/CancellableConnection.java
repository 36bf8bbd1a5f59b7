package dev.almanac.duckdb;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A connection that remembers the statements it hands out, so that another thread can cancel
 * whatever the session is running ({@link #cancelRunning}); DuckDB interrupts a statement on
 * {@link Statement#cancel()}.
 */
final class CancellableConnection implements InvocationHandler {
    private static final int PRUNE_AT = 64;

    private final Connection target;
    private final Set<Statement> statements = ConcurrentHashMap.newKeySet();

    private CancellableConnection(Connection target) {
        this.target = target;
    }

    static Connection wrap(Connection target) {
        return (Connection) Proxy.newProxyInstance(
                CancellableConnection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                new CancellableConnection(target));
    }

    /** Cancels the statements of {@code connection} (made by {@link #wrap}) that are still open. */
    static void cancelRunning(Connection connection) throws SQLException {
        CancellableConnection handler = (CancellableConnection) Proxy.getInvocationHandler(connection);
        for (Statement statement : handler.statements) {
            if (statement.isClosed()) {
                handler.statements.remove(statement);
            } else {
                statement.cancel();
            }
        }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
        Object result;
        try {
            result = method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (result instanceof Statement statement) {
            if (statements.size() >= PRUNE_AT) {
                statements.removeIf(open -> {
                    try {
                        return open.isClosed();
                    } catch (SQLException e) {
                        return true;
                    }
                });
            }
            statements.add(statement);
        }
        return result;
    }
}
