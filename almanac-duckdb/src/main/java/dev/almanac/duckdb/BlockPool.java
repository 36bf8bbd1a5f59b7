package dev.almanac.duckdb;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns on DuckDB's block allocator for a session: buffer blocks come from one reserved range of
 * virtual memory, and a freed block is handed back to the kernel lazily ({@code MADV_FREE}) and
 * reused, instead of going back to the C library's allocator.
 *
 * <p>The DuckDB library in the JDBC driver is built without jemalloc, so without the pool every
 * buffer block is a {@code malloc} of its own, and DuckDB trims the C heap after large frees: the
 * same memory goes back to the kernel and is faulted in again, page by page, over and over.
 * Landing a week of tracking logs spent a quarter of its CPU time in the kernel that way.
 *
 * <p>The range reserved is as large as the session's memory limit. Only blocks in use take
 * physical memory; once touched they stay with the process (the kernel reclaims freed ones under
 * memory pressure) until the session closes. Where the range cannot be reserved (strict
 * overcommit), DuckDB quietly keeps using the C library. A {@code duckdb.block_allocator_memory}
 * property of the engine context (a {@code block_allocator_memory} in the {@code duckdb:} settings
 * of {@code almanac.yaml}) replaces the size; {@code 0B} turns the pool off.
 */
final class BlockPool {
    static final String SETTING = "block_allocator_memory";

    private static final Pattern SIZE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([A-Za-z]*)");
    private static final Map<String, Double> UNITS = Map.ofEntries(
            Map.entry("", 1.0),
            Map.entry("b", 1.0),
            Map.entry("bytes", 1.0),
            Map.entry("kb", 1e3),
            Map.entry("mb", 1e6),
            Map.entry("gb", 1e9),
            Map.entry("tb", 1e12),
            Map.entry("kib", 0x1p10),
            Map.entry("mib", 0x1p20),
            Map.entry("gib", 0x1p30),
            Map.entry("tib", 0x1p40));

    private BlockPool() {}

    /** Sizes the session's block allocator to its memory limit, when DuckDB reports one it can read. */
    static void enable(Statement statement) throws SQLException {
        String limit;
        try (ResultSet rows = statement.executeQuery("SELECT current_setting('memory_limit')")) {
            rows.next();
            limit = rows.getString(1);
        }
        Optional<Long> bytes = bytes(limit);
        if (bytes.isPresent()) {
            statement.execute("SET " + SETTING + " = '" + bytes.get() + "B'");
        }
    }

    /** The bytes of a size as DuckDB prints one ({@code 18.8 GiB}, {@code 134217728B}). */
    static Optional<Long> bytes(String size) {
        Matcher matcher = SIZE.matcher(size == null ? "" : size.strip());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        Double unit = UNITS.get(matcher.group(2).toLowerCase(Locale.ROOT));
        if (unit == null) {
            return Optional.empty();
        }
        return Optional.of((long) (Double.parseDouble(matcher.group(1)) * unit));
    }
}
