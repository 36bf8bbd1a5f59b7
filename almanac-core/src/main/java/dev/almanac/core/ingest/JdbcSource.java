package dev.almanac.core.ingest;

import static java.util.Objects.requireNonNull;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.type.Field;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The database a {@code jdbc} source reads, over one read-only connection whose statements share one
 * transaction: where the database offers snapshot isolation (PostgreSQL's REPEATABLE READ, a SQLite
 * read transaction), the high-water mark and the rows read up to it come from the same state.
 * Rows are streamed ({@code batch-rows} at a time), never held in memory all at once.
 */
final class JdbcSource implements AutoCloseable {
    private static final String ALIAS = "almanac_source";
    private static final String[] RELATION_TYPES = {
        "TABLE", "VIEW", "MATERIALIZED VIEW", "FOREIGN TABLE", "PARTITIONED TABLE"
    };
    private static final int LISTED_TABLES = 20;
    /** SQLite's result code for an SQL error (syntax, unknown table or column). */
    private static final int SQLITE_ERROR = 1;

    private final JdbcSourceOptions options;
    private final Connection connection;
    private final String quote;
    private final String relation;
    private final List<Field> columns;

    private JdbcSource(JdbcSourceOptions options, Connection connection) throws SQLException {
        this.options = options;
        this.connection = connection;
        String quoteString = connection.getMetaData().getIdentifierQuoteString();
        this.quote = quoteString == null || quoteString.isBlank() ? "" : quoteString.strip();
        this.relation = options.table().isPresent()
                ? "SELECT * FROM " + resolveTable(options.table().get())
                : options.query().orElseThrow();
        this.columns = probeColumns();
    }

    static JdbcSource open(JdbcSourceOptions options) {
        requireNonNull(options, "options is null");
        try {
            DriverManager.getDriver(options.url());
        } catch (SQLException e) {
            throw new AlmanacException(
                    ErrorCode.INVALID_CONFIGURATION,
                    "Source '" + options.source() + "': no JDBC driver for " + options.redactedUrl()
                            + " is installed; Almanac includes drivers for jdbc:postgresql: and jdbc:sqlite: URLs",
                    e);
        }
        Properties properties = new Properties();
        options.user().ifPresent(user -> properties.setProperty("user", user));
        options.password().ifPresent(password -> properties.setProperty("password", password));
        if (options.sqlite()) {
            // SQLITE_OPEN_READONLY: never write to, or create, the database we read
            properties.setProperty("open_mode", "1");
        }
        Connection connection;
        try {
            connection = DriverManager.getConnection(options.url(), properties);
        } catch (SQLException e) {
            throw new AlmanacException(
                    ErrorCode.STORAGE_ERROR,
                    "Source '" + options.source() + "' could not connect to " + options.redactedUrl() + ": "
                            + options.scrub(e.getMessage())
                            + "; check options 'url', 'user' and 'password-env', and that the database accepts connections",
                    e);
        }
        try {
            if (!options.sqlite()) {
                // SQLite's read-only mode is chosen when opening; for others this makes the transaction read-only
                connection.setReadOnly(true);
                if (connection
                        .getMetaData()
                        .supportsTransactionIsolationLevel(Connection.TRANSACTION_REPEATABLE_READ)) {
                    connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                }
            }
            // also what lets the PostgreSQL driver stream a result instead of reading it all
            connection.setAutoCommit(false);
            return new JdbcSource(options, connection);
        } catch (SQLException e) {
            closeAfterFailure(connection);
            throw failure(options, "prepare reading", e);
        } catch (RuntimeException e) {
            closeAfterFailure(connection);
            throw e;
        }
    }

    private static void closeAfterFailure(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // the failure that brought us here is the one to report
            return;
        }
    }

    /** The columns the source returns, with their Almanac types, in order. */
    List<Field> columns() {
        return columns;
    }

    /** The column named by {@code incremental-column} (case-insensitively when that is unambiguous). */
    Field incrementalColumn(String name) {
        List<Field> exact =
                columns.stream().filter(column -> column.name().equals(name)).toList();
        List<Field> matching = exact.isEmpty()
                ? columns.stream()
                        .filter(column -> column.name().equalsIgnoreCase(name))
                        .toList()
                : exact;
        if (matching.size() != 1) {
            throw new AlmanacException(
                    ErrorCode.INVALID_CONFIGURATION,
                    "Source '" + options.source() + "': incremental-column '" + name + "' is not a column of " + what()
                            + " (its columns: "
                            + String.join(
                                    ", ", columns.stream().map(Field::name).toList()) + ")");
        }
        Field column = matching.get(0);
        if (!JdbcTypes.ordered(column.type())) {
            throw new AlmanacException(
                    ErrorCode.INVALID_CONFIGURATION,
                    "Source '" + options.source() + "': incremental-column '" + column.name() + "' is "
                            + column.type().displayName() + "; choose a column whose values only grow (an integer,"
                            + " decimal, date, timestamp or text column)");
        }
        return column;
    }

    /**
     * The largest value of {@code column} past {@code after} (all non-NULL values when absent), as
     * high-water mark text: the text SQLite holds, else the typed value in ISO-8601 or plain digits.
     */
    Optional<String> maximum(Field column, Optional<Object> after) {
        String name = quoted(column.name());
        String sql = "SELECT max(" + name + ") FROM (" + relation + ") AS " + ALIAS + " WHERE " + name
                + (after.isPresent() ? " > ?" : " IS NOT NULL");
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            if (after.isPresent()) {
                statement.setObject(1, after.get());
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                if (options.sqlite()) {
                    return Optional.ofNullable(rows.getString(1));
                }
                return Optional.ofNullable(JdbcTypes.read(rows, 1, column.type(), false))
                        .map(JdbcTypes::markText);
            }
        } catch (SQLException e) {
            throw failure("read the largest " + column.name() + " of", e);
        }
    }

    /**
     * The statement that reads the rows: all of them, or (with an incremental column) those whose
     * value is past the previous mark, if any, and at most the new one.
     */
    String readStatement(Optional<Field> incremental, boolean after) {
        if (incremental.isEmpty()) {
            return relation;
        }
        String name = quoted(incremental.get().name());
        return "SELECT * FROM (" + relation + ") AS " + ALIAS + " WHERE " + (after ? name + " > ? AND " : "") + name
                + " <= ?";
    }

    /** Streams the rows {@link #readStatement} selects to {@code sink}, which returns how many it took. */
    long read(
            Optional<Field> incremental,
            Optional<Object> after,
            Optional<Object> upTo,
            ToLongFunction<Iterator<List<Object>>> sink) {
        String sql = readStatement(incremental, after.isPresent());
        try (PreparedStatement statement =
                connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            statement.setFetchSize(options.batchRows());
            int parameter = 1;
            if (after.isPresent()) {
                statement.setObject(parameter++, after.get());
            }
            if (upTo.isPresent()) {
                statement.setObject(parameter, upTo.get());
            }
            try (ResultSet rows = statement.executeQuery()) {
                return sink.applyAsLong(new JdbcRows(options, rows, columns));
            }
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    @Override
    public void close() {
        try {
            connection.rollback();
            connection.close();
        } catch (SQLException e) {
            throw failure("close the connection to", e);
        }
    }

    private List<Field> probeColumns() throws SQLException {
        String sql = "SELECT * FROM (" + relation + ") AS " + ALIAS + " WHERE 1 = 0";
        try (PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            ResultSetMetaData metadata = rows.getMetaData();
            List<Field> result = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (int i = 1; i <= metadata.getColumnCount(); i++) {
                String name = metadata.getColumnLabel(i);
                if (!names.add(name.toLowerCase(Locale.ROOT))) {
                    throw new AlmanacException(
                            ErrorCode.INVALID_CONFIGURATION,
                            "Source '" + options.source() + "': " + what() + " returns two columns named '" + name
                                    + "'; give each a distinct name with AS in option 'query'");
                }
                result.add(Field.of(name, JdbcTypes.almanacType(metadata, i, options.sqlite())));
            }
            return List.copyOf(result);
        } catch (SQLException e) {
            throw failure("read the columns of", e);
        }
    }

    /**
     * The table named by option {@code table} ({@code TABLE} or {@code SCHEMA.TABLE}, parts in double
     * quotes matched exactly, others case-insensitively), quoted for SQL.
     */
    private String resolveTable(String text) throws SQLException {
        List<Name> parts = Name.split(text);
        if (parts.isEmpty() || parts.size() > 2) {
            throw new AlmanacException(
                    ErrorCode.INVALID_CONFIGURATION,
                    "Source '" + options.source() + "': option 'table' must be TABLE or SCHEMA.TABLE, not '" + text
                            + "'");
        }
        Optional<Name> schema = parts.size() == 2 ? Optional.of(parts.get(0)) : Optional.empty();
        Name table = parts.get(parts.size() - 1);
        List<Relation> all = relations(schema);
        List<Relation> found = all.stream()
                .filter(candidate -> table.matches(candidate.name()))
                .toList();
        if (found.size() > 1) {
            List<Relation> exact = found.stream()
                    .filter(candidate -> candidate.name().equals(table.text()))
                    .toList();
            found = exact.isEmpty() ? found : exact;
        }
        if (found.size() > 1) {
            String current = connection.getSchema();
            List<Relation> inCurrent = found.stream()
                    .filter(candidate -> candidate
                            .schema()
                            .filter(name -> name.equals(current))
                            .isPresent())
                    .toList();
            found = inCurrent.isEmpty() ? found : inCurrent;
        }
        if (found.size() > 1) {
            throw new AlmanacException(
                    ErrorCode.INVALID_CONFIGURATION,
                    "Source '" + options.source() + "': table '" + text + "' is ambiguous in " + options.redactedUrl()
                            + " ("
                            + String.join(
                                    ", ", found.stream().map(Relation::toString).toList())
                            + "); write option 'table' as SCHEMA.TABLE");
        }
        if (found.isEmpty()) {
            List<String> names = all.stream()
                    .map(Relation::toString)
                    .sorted(Comparator.naturalOrder())
                    .toList();
            String listed = names.isEmpty()
                    ? "it has no tables"
                            + schema.map(name -> " in schema " + name.text()).orElse("")
                    : "tables there: " + String.join(", ", names.subList(0, Math.min(LISTED_TABLES, names.size())))
                            + (names.size() > LISTED_TABLES ? " and " + (names.size() - LISTED_TABLES) + " more" : "");
            throw new AlmanacException(
                    ErrorCode.INVALID_CONFIGURATION,
                    "Source '" + options.source() + "': table '" + text + "' does not exist in " + options.redactedUrl()
                            + "; check option 'table' (" + listed + ")");
        }
        Relation resolved = found.get(0);
        return resolved.schema().map(name -> quoted(name) + ".").orElse("") + quoted(resolved.name());
    }

    /** The tables and views of the schema, or of every schema. */
    private List<Relation> relations(Optional<Name> schema) throws SQLException {
        DatabaseMetaData metadata = connection.getMetaData();
        List<Relation> result = new ArrayList<>();
        try (ResultSet rows = metadata.getTables(null, null, null, RELATION_TYPES)) {
            while (rows.next()) {
                Optional<String> schemaName = Optional.ofNullable(rows.getString("TABLE_SCHEM"));
                if (schema.isEmpty()
                        || schemaName.filter(name -> schema.get().matches(name)).isPresent()) {
                    result.add(new Relation(schemaName, rows.getString("TABLE_NAME")));
                }
            }
        }
        return result;
    }

    private String quoted(String identifier) {
        return quote.isEmpty() ? identifier : quote + identifier.replace(quote, quote + quote) + quote;
    }

    /** What the source reads, for messages: "table orders" or "option 'query'". */
    private String what() {
        return options.table().map(name -> "table " + name).orElse("option 'query'");
    }

    private AlmanacException failure(String action, SQLException cause) {
        return failure(options, action, cause);
    }

    /**
     * A statement the database rejected (SQL errors: syntax, unknown table or column, no privilege)
     * is a configuration error; anything else (connection lost, timeout) is the database's.
     */
    private static AlmanacException failure(JdbcSourceOptions options, String action, SQLException cause) {
        String state = Optional.ofNullable(cause.getSQLState()).orElse("");
        boolean rejected = state.startsWith("42")
                || state.startsWith("3F")
                || (options.sqlite() && cause.getErrorCode() == SQLITE_ERROR);
        String message = options.scrub(String.valueOf(cause.getMessage()));
        if (rejected) {
            return new AlmanacException(
                    ErrorCode.INVALID_CONFIGURATION,
                    "Source '" + options.source() + "': " + options.redactedUrl() + " rejected "
                            + options.table()
                                    .map(name -> "reading table " + name)
                                    .orElse("option 'query'") + ": " + message
                            + (options.query().isPresent() ? "; fix the query" : ""),
                    cause);
        }
        return new AlmanacException(
                ErrorCode.STORAGE_ERROR,
                "Source '" + options.source() + "': could not " + action + " " + options.description() + ": " + message,
                cause);
    }

    private record Relation(Optional<String> schema, String name) {
        @Override
        public String toString() {
            return schema.map(value -> value + ".").orElse("") + name;
        }
    }

    /** A part of a table name as written: in double quotes (matched exactly) or not (matched ignoring case). */
    private record Name(String text, boolean quoted) {
        boolean matches(String actual) {
            return quoted ? actual.equals(text) : actual.equalsIgnoreCase(text);
        }

        static List<Name> split(String text) {
            List<Name> parts = new ArrayList<>();
            StringBuilder part = new StringBuilder();
            boolean quoted = false;
            boolean inQuotes = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (inQuotes) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        part.append('"');
                        i++;
                    } else if (c == '"') {
                        inQuotes = false;
                    } else {
                        part.append(c);
                    }
                } else if (c == '"') {
                    inQuotes = true;
                    quoted = true;
                } else if (c == '.') {
                    parts.add(new Name(part.toString().strip(), quoted));
                    part.setLength(0);
                    quoted = false;
                } else {
                    part.append(c);
                }
            }
            parts.add(new Name(part.toString().strip(), quoted));
            return parts.stream().anyMatch(name -> name.text().isEmpty()) || inQuotes ? List.of() : parts;
        }
    }
}
