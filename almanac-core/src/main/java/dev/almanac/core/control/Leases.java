package dev.almanac.core.control;

import static java.util.Objects.requireNonNull;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Named leases in the control database: one holder at a time, across processes and machines. A
 * holder renews its lease while it works; a lease whose holder died (killed, machine lost) expires
 * and can be taken over.
 */
public final class Leases {
    private final ControlDatabase database;
    private final Clock clock;
    private final Duration duration;

    public Leases(ControlDatabase database, Clock clock, Duration duration) {
        this.database = requireNonNull(database, "database is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.duration = requireNonNull(duration, "duration is null");
    }

    /** Takes the lease, or returns empty when another owner holds it; then {@link #holder} says who. */
    public Optional<Lease> tryAcquire(String name, String owner) {
        long now = clock.millis();
        long expires = now + duration.toMillis();
        try (Connection connection = database.connect()) {
            try (PreparedStatement takeOver = connection.prepareStatement(
                    "UPDATE almanac_leases SET owner = ?, expires_at_millis = ? WHERE name = ? AND (expires_at_millis < ? OR owner = ?)")) {
                takeOver.setString(1, owner);
                takeOver.setLong(2, expires);
                takeOver.setString(3, name);
                takeOver.setLong(4, now);
                takeOver.setString(5, owner);
                if (takeOver.executeUpdate() == 1) {
                    return Optional.of(new Lease(name, owner));
                }
            }
            Optional<String> current = currentOwner(connection, name);
            if (current.isPresent() && !deadOnThisHost(current.get())) {
                return Optional.empty();
            }
            if (current.isPresent()) {
                try (PreparedStatement takeOver = connection.prepareStatement(
                        "UPDATE almanac_leases SET owner = ?, expires_at_millis = ? WHERE name = ? AND owner = ?")) {
                    takeOver.setString(1, owner);
                    takeOver.setLong(2, expires);
                    takeOver.setString(3, name);
                    takeOver.setString(4, current.get());
                    return takeOver.executeUpdate() == 1 ? Optional.of(new Lease(name, owner)) : Optional.empty();
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO almanac_leases (name, owner, expires_at_millis) VALUES (?, ?, ?)")) {
                insert.setString(1, name);
                insert.setString(2, owner);
                insert.setLong(3, expires);
                insert.executeUpdate();
                return Optional.of(new Lease(name, owner));
            } catch (SQLException e) {
                // another process inserted it first
                if (holding(connection, name).isPresent()) {
                    return Optional.empty();
                }
                throw e;
            }
        } catch (SQLException e) {
            throw database.failure("take lease '" + name + "' in", e);
        }
    }

    /**
     * Owners are {@code pid@host/…}. A lease held by a process of this host that no longer runs
     * (killed, crashed) can be taken at once instead of waiting for it to expire.
     */
    private static boolean deadOnThisHost(String owner) {
        int at = owner.indexOf('@');
        int slash = owner.indexOf('/', Math.max(at, 0));
        if (at <= 0 || slash < 0) {
            return false;
        }
        String host = owner.substring(at + 1, slash);
        String self = ManagementFactory.getRuntimeMXBean().getName();
        if (!self.substring(self.indexOf('@') + 1).equals(host)) {
            return false;
        }
        try {
            long pid = Long.parseLong(owner.substring(0, at));
            return ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private Optional<String> currentOwner(Connection connection, String name) throws SQLException {
        return holding(connection, name).map(Holding::owner);
    }

    /** Who holds the lease and until when, if anyone does. */
    public Optional<String> holder(String name) {
        try (Connection connection = database.connect()) {
            return holding(connection, name).map(held -> held.owner() + " (until " + held.expiresAt() + ")");
        } catch (SQLException e) {
            throw database.failure("read lease '" + name + "' from", e);
        }
    }

    private Optional<Holding> holding(Connection connection, String name) throws SQLException {
        try (PreparedStatement query =
                connection.prepareStatement("SELECT owner, expires_at_millis FROM almanac_leases WHERE name = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                if (rows.next() && rows.getLong(2) >= clock.millis()) {
                    return Optional.of(new Holding(rows.getString(1), Instant.ofEpochMilli(rows.getLong(2))));
                }
                return Optional.empty();
            }
        }
    }

    private record Holding(String owner, Instant expiresAt) {}

    /** A held lease, renewed in the background until closed. */
    public final class Lease implements AutoCloseable {
        private final String name;
        private final String owner;
        private final ScheduledExecutorService renewer;
        private volatile boolean lost;
        private volatile long renewedAtMillis = clock.millis();

        private Lease(String name, String owner) {
            this.name = name;
            this.owner = owner;
            this.renewer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "lease-" + name);
                thread.setDaemon(true);
                return thread;
            });
            long period = Math.max(1, duration.toMillis() / 3);
            renewer.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
        }

        private void renew() {
            long renewing = clock.millis();
            try (Connection connection = database.connect();
                    PreparedStatement update = connection.prepareStatement(
                            "UPDATE almanac_leases SET expires_at_millis = ? WHERE name = ? AND owner = ?")) {
                update.setLong(1, renewing + duration.toMillis());
                update.setString(2, name);
                update.setString(3, owner);
                if (update.executeUpdate() == 0) {
                    lost = true;
                } else {
                    renewedAtMillis = renewing;
                }
            } catch (SQLException | RuntimeException e) {
                // not renewed this time: check() notices once the lease may have expired
                return;
            }
        }

        /** Fails if the lease was lost to another owner, or may have expired since the last renewal. */
        public void check() {
            if (lost || clock.millis() > renewedAtMillis + duration.toMillis()) {
                throw new AlmanacException(
                        ErrorCode.CONCURRENT_WRITE,
                        "Lost the lease on '" + name + "' to another process; stopping without committing");
            }
        }

        @Override
        public void close() {
            renewer.shutdownNow();
            try (Connection connection = database.connect();
                    PreparedStatement delete =
                            connection.prepareStatement("DELETE FROM almanac_leases WHERE name = ? AND owner = ?")) {
                delete.setString(1, name);
                delete.setString(2, owner);
                delete.executeUpdate();
            } catch (SQLException e) {
                throw database.failure("release lease '" + name + "' in", e);
            }
        }
    }
}
