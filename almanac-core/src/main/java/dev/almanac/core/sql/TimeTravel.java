package dev.almanac.core.sql;

import static java.util.Objects.requireNonNull;

import dev.almanac.core.catalog.TableName;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Spark's time-travel syntax: {@code t VERSION AS OF 123} (a snapshot id) and
 * {@code t TIMESTAMP AS OF '2024-01-02 10:00:00'} (the snapshot current at that UTC time), with the
 * optional {@code FOR SYSTEM_VERSION}/{@code FOR SYSTEM_TIME} forms. Before the engine parses a
 * query, each such reference becomes a reference to a table named {@code "t@version=123"} (or
 * {@code "t@timestamp=…"}), which the session binds to that snapshot.
 */
public final class TimeTravel {
    private static final String PART = "(?:\"[^\"]+\"|`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)";
    private static final Pattern CLAUSE = Pattern.compile(
            "(" + PART + "(?:\\s*\\.\\s*" + PART + ")*)\\s+(?:FOR\\s+)?(SYSTEM_VERSION|SYSTEM_TIME|VERSION|TIMESTAMP)"
                    + "\\s+AS\\s+OF\\s+(\\d+|'[^']*')",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern NEXT_WORD = Pattern.compile("\\s*(\"|`|[A-Za-z_][A-Za-z0-9_]*)");
    private static final String MARKER = "@";

    private TimeTravel() {}

    public static String rewrite(String sql) {
        Matcher matcher = CLAUSE.matcher(sql);
        StringBuilder result = new StringBuilder();
        int last = 0;
        while (matcher.find()) {
            result.append(sql, last, matcher.start());
            List<String> parts = splitName(matcher.group(1));
            String kind = matcher.group(2).toUpperCase(Locale.ROOT).contains("VERSION") ? "version" : "timestamp";
            String value = matcher.group(3).replace("'", "");
            String table = parts.get(parts.size() - 1);
            StringBuilder name = new StringBuilder();
            for (int i = 0; i < parts.size() - 1; i++) {
                name.append(quote(parts.get(i))).append('.');
            }
            name.append(quote(table + MARKER + kind + "=" + value));
            result.append(name);
            if (!aliasFollows(sql, matcher.end())) {
                result.append(" AS ").append(quote(table));
            }
            last = matcher.end();
        }
        result.append(sql.substring(last));
        return result.toString();
    }

    private static boolean aliasFollows(String sql, int position) {
        Matcher next = NEXT_WORD.matcher(sql);
        next.region(position, sql.length());
        if (!next.lookingAt()) {
            return false;
        }
        String word = next.group(1).toLowerCase(Locale.ROOT);
        // a quoted word is an alias: a keyword is never quoted
        return word.equals("\"") || word.equals("`") || word.equals("as") || !ClauseKeywords.isClauseKeyword(word);
    }

    private static List<String> splitName(String name) {
        return TableName.split(name);
    }

    private static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    /** Splits a table name part written by {@link #rewrite} into the table and its snapshot choice. */
    public static Optional<Pin> pin(String tablePart) {
        int marker = tablePart.indexOf(MARKER);
        if (marker < 0) {
            return Optional.empty();
        }
        String table = tablePart.substring(0, marker);
        String spec = tablePart.substring(marker + 1);
        if (spec.startsWith("version=")) {
            String id = spec.substring("version=".length());
            try {
                return Optional.of(new Pin(table, Optional.of(Long.parseLong(id)), Optional.empty()));
            } catch (NumberFormatException e) {
                throw new AlmanacException(
                        ErrorCode.SYNTAX_ERROR, "VERSION AS OF needs a snapshot id, not '" + id + "'");
            }
        }
        if (spec.startsWith("timestamp=")) {
            return Optional.of(new Pin(
                    table, Optional.empty(), Optional.of(parseTimestamp(spec.substring("timestamp=".length())))));
        }
        return Optional.empty();
    }

    static Instant parseTimestamp(String text) {
        String normalized = text.strip().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(normalized).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(normalized).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(normalized).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException notDate) {
                    throw new AlmanacException(
                            ErrorCode.SYNTAX_ERROR,
                            "TIMESTAMP AS OF needs a time like '2024-01-02 10:00:00' (UTC) or"
                                    + " '2024-01-02T10:00:00+02:00', not '" + text + "'");
                }
            }
        }
    }

    /** A table reference fixed to a snapshot id or to the snapshot current at a time. */
    public record Pin(String table, Optional<Long> snapshotId, Optional<Instant> asOf) {
        public Pin {
            requireNonNull(table, "table is null");
            requireNonNull(snapshotId, "snapshotId is null");
            requireNonNull(asOf, "asOf is null");
        }
    }
}
