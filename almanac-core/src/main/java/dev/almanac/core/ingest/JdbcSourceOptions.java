package dev.almanac.core.ingest;

import static java.util.Objects.requireNonNull;

import dev.almanac.core.catalog.TableName;
import dev.almanac.core.warehouse.SourceConfig;
import dev.almanac.core.warehouse.SourceKind;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The options of a {@code jdbc} source, checked: where to read (a table or a query of the database
 * at {@code url}), how (a full copy each run, or the rows past a high-water mark) and where to land
 * the rows. The password is resolved from the environment here and never shown.
 */
record JdbcSourceOptions(
        String source,
        TableName target,
        String url,
        Optional<String> user,
        Optional<String> password,
        Optional<String> table,
        Optional<String> query,
        Mode mode,
        Optional<String> incrementalColumn,
        int batchRows) {
    static final int DEFAULT_BATCH_ROWS = 10_000;
    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^/:@?]+):[^/@?]*@");

    static final List<String> KEYS =
            List.of("url", "user", "password-env", "table", "query", "mode", "incremental-column", "batch-rows");

    JdbcSourceOptions {
        requireNonNull(source, "source is null");
        requireNonNull(target, "target is null");
        requireNonNull(url, "url is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireNonNull(table, "table is null");
        requireNonNull(query, "query is null");
        requireNonNull(mode, "mode is null");
        requireNonNull(incrementalColumn, "incrementalColumn is null");
        if (table.isPresent() == query.isPresent()) {
            throw new IllegalArgumentException("exactly one of table and query must be given");
        }
        if (incrementalColumn.isPresent() != (mode == Mode.INCREMENTAL)) {
            throw new IllegalArgumentException("an incremental column goes with, and only with, mode incremental");
        }
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows must be positive: " + batchRows);
        }
    }

    enum Mode {
        /** Every run replaces the whole table with the source's rows. */
        FULL,
        /** Every run appends the rows whose incremental column is past the high-water mark. */
        INCREMENTAL;

        String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Checks a source's options; a relative {@code jdbc:sqlite:FILE} is resolved against {@code directory}. */
    static JdbcSourceOptions parse(SourceConfig source, Path directory, Map<String, String> environment) {
        if (source.kind() != SourceKind.JDBC) {
            throw new IllegalArgumentException("not a jdbc source: " + source.name() + " is "
                    + source.kind().configName());
        }
        String name = source.name();
        for (String key : source.options().keySet()) {
            if (!KEYS.contains(key)) {
                throw invalid("Source '" + name + "' has unknown option '" + key + "'; jdbc sources take: "
                        + String.join(", ", KEYS));
            }
        }
        TableName target = TableName.parse(source.table()
                .orElseThrow(() -> invalid("Source '" + name
                        + "' of kind jdbc needs a 'table' to land in (e.g. table: raw." + name + ")")));
        String url = url(source, directory);
        Optional<String> password = source.option("password-env").map(variable -> {
            String value = environment.get(variable);
            if (value == null) {
                throw invalid("Source '" + name + "' takes its password from $" + variable
                        + " (option 'password-env'), which is not set");
            }
            return value;
        });
        Optional<String> table = source.option("table").map(String::strip);
        Optional<String> query = source.option("query").map(JdbcSourceOptions::withoutTrailingSemicolons);
        if (table.isPresent() && query.isPresent()) {
            throw invalid("Source '" + name + "' has both option 'table' and option 'query'; keep one:"
                    + " 'table' copies a table of the database, 'query' lands the rows of a SELECT");
        }
        if (table.isEmpty() && query.isEmpty()) {
            throw invalid("Source '" + name + "' needs option 'table' (a table of the database to copy)"
                    + " or option 'query' (a SELECT whose rows to land)");
        }
        if (table.filter(String::isEmpty).isPresent()
                || query.filter(String::isEmpty).isPresent()) {
            throw invalid("Source '" + name + "': option '" + (table.isPresent() ? "table" : "query") + "' is empty");
        }
        String modeText = source.option("mode").orElse(Mode.FULL.configName());
        Mode mode = switch (modeText) {
            case "full" -> Mode.FULL;
            case "incremental" -> Mode.INCREMENTAL;
            default -> throw invalid("Source '" + name + "': mode '" + modeText + "' is not one of full, incremental");
        };
        Optional<String> incrementalColumn = source.option("incremental-column").map(String::strip);
        if (mode == Mode.INCREMENTAL
                && incrementalColumn.filter(column -> !column.isEmpty()).isEmpty()) {
            throw invalid("Source '" + name + "': mode incremental needs option 'incremental-column', a column whose"
                    + " values only grow (e.g. an id or an updated_at timestamp)");
        }
        if (mode == Mode.FULL && incrementalColumn.isPresent()) {
            throw invalid("Source '" + name + "': option 'incremental-column' applies only to mode incremental;"
                    + " set mode: incremental or remove it");
        }
        return new JdbcSourceOptions(
                name,
                target,
                url,
                source.option("user"),
                password,
                table,
                query,
                mode,
                incrementalColumn,
                batchRows(source));
    }

    private static String url(SourceConfig source, Path directory) {
        String url = source.option("url")
                .map(String::strip)
                .orElseThrow(() -> invalid(
                        "Source '" + source.name() + "' needs option 'url', the JDBC URL of the database to read"
                                + " (e.g. jdbc:postgresql://db.example.org:5432/shop or jdbc:sqlite:shop.db)"));
        if (!url.toLowerCase(Locale.ROOT).startsWith("jdbc:")) {
            throw invalid("Source '" + source.name() + "': url '" + redacted(url)
                    + "' is not a JDBC URL; write jdbc:postgresql://HOST:PORT/DATABASE or jdbc:sqlite:FILE");
        }
        if (!isSqlite(url)) {
            return url;
        }
        String file = url.substring("jdbc:sqlite:".length());
        if (file.startsWith(":") || file.startsWith("file:")) {
            return url;
        }
        int parameters = file.indexOf('?');
        Path path = directory
                .resolve(parameters < 0 ? file : file.substring(0, parameters))
                .normalize();
        if (!Files.isRegularFile(path)) {
            throw invalid("Source '" + source.name() + "': the SQLite database " + path
                    + " does not exist; check option 'url' (a relative file is relative to the warehouse)");
        }
        return "jdbc:sqlite:" + path + (parameters < 0 ? "" : file.substring(parameters));
    }

    private static int batchRows(SourceConfig source) {
        String text = source.option("batch-rows").orElse(Integer.toString(DEFAULT_BATCH_ROWS));
        try {
            int rows = Integer.parseInt(text.strip());
            if (rows < 1) {
                throw new NumberFormatException();
            }
            return rows;
        } catch (NumberFormatException e) {
            throw invalid(
                    "Source '" + source.name() + "': batch-rows must be a positive whole number, not '" + text + "'");
        }
    }

    private static String withoutTrailingSemicolons(String query) {
        String result = query.strip();
        while (result.endsWith(";")) {
            result = result.substring(0, result.length() - 1).strip();
        }
        return result;
    }

    static boolean isSqlite(String url) {
        return url.toLowerCase(Locale.ROOT).startsWith("jdbc:sqlite:");
    }

    boolean sqlite() {
        return isSqlite(url);
    }

    /** The URL as reports and messages show it. */
    String redactedUrl() {
        return redacted(url);
    }

    /** The URL without its parameters and without a password written as {@code //user:password@host}. */
    static String redacted(String url) {
        int parameters = url.indexOf('?');
        String withoutParameters = parameters < 0 ? url : url.substring(0, parameters);
        return USER_INFO_PASSWORD.matcher(withoutParameters).replaceFirst("$1:***@");
    }

    /** A driver's message without the password or the URL's parameters, should it quote them. */
    String scrub(String message) {
        String result = message;
        int parameters = url.indexOf('?');
        if (parameters >= 0 && parameters + 1 < url.length()) {
            result = result.replace(url.substring(parameters + 1), "***");
        }
        if (password.isPresent() && !password.get().isEmpty()) {
            result = result.replace(password.get(), "***");
        }
        return result;
    }

    /** What the source reads, for reports: the redacted URL and the table, or "query". */
    String description() {
        return redactedUrl() + table.map(name -> " table " + name).orElse(" query");
    }

    private static AlmanacException invalid(String message) {
        return new AlmanacException(ErrorCode.INVALID_CONFIGURATION, message);
    }

    @Override
    public String toString() {
        return "JdbcSourceOptions[source=" + source + ", target=" + target + ", url=" + redactedUrl() + ", user=" + user
                + ", password=" + password.map(value -> "***") + ", table=" + table + ", query=" + query + ", mode="
                + mode + ", incrementalColumn=" + incrementalColumn + ", batchRows=" + batchRows + "]";
    }
}
