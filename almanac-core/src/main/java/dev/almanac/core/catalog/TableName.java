package dev.almanac.core.catalog;

import static java.util.Objects.requireNonNull;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * A table's name: one or more namespace levels and the table, e.g. {@code raw.tracking_log} or
 * {@code edx.mitx_6002x.person_course}. Unquoted names are case-insensitive and kept in lower case.
 */
public record TableName(List<String> namespace, String table) {
    private static final Pattern PLAIN_PART = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public TableName {
        namespace = List.copyOf(namespace);
        requireNonNull(table, "table is null");
        if (namespace.isEmpty()) {
            throw new AlmanacException(
                    ErrorCode.INVALID_ARGUMENT,
                    "Table name '" + table + "' has no namespace: write namespace.table, e.g. raw." + table);
        }
    }

    public static TableName of(List<String> parts) {
        if (parts.isEmpty()) {
            throw new AlmanacException(ErrorCode.INVALID_ARGUMENT, "Empty table name");
        }
        return new TableName(parts.subList(0, parts.size() - 1), parts.get(parts.size() - 1));
    }

    /** Parses {@code a.b.c}, with double-quoted parts kept as written; spaces around the dots are allowed. */
    public static TableName parse(String text) {
        return of(split(text));
    }

    /**
     * Splits {@code a.b.c} into its parts without requiring a namespace: quoted parts ({@code "…"}
     * or {@code `…`}) are kept as written, others in lower case.
     */
    public static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        String trimmed = text.strip();
        int position = 0;
        while (true) {
            position = skipSpaces(trimmed, position);
            String part;
            if (position < trimmed.length() && (trimmed.charAt(position) == '"' || trimmed.charAt(position) == '`')) {
                int end = trimmed.indexOf(trimmed.charAt(position), position + 1);
                if (end <= position + 1) {
                    throw invalid(text);
                }
                part = trimmed.substring(position + 1, end);
                position = end + 1;
            } else {
                int end = trimmed.indexOf('.', position);
                end = end < 0 ? trimmed.length() : end;
                part = trimmed.substring(position, end).strip();
                if (!PLAIN_PART.matcher(part).matches()) {
                    throw invalid(text);
                }
                part = part.toLowerCase(Locale.ROOT);
                position = end;
            }
            parts.add(part);
            position = skipSpaces(trimmed, position);
            if (position == trimmed.length()) {
                return parts;
            }
            if (trimmed.charAt(position) != '.') {
                throw invalid(text);
            }
            position++;
        }
    }

    private static int skipSpaces(String text, int position) {
        int result = position;
        while (result < text.length() && Character.isWhitespace(text.charAt(result))) {
            result++;
        }
        return result;
    }

    private static AlmanacException invalid(String text) {
        return new AlmanacException(
                ErrorCode.INVALID_ARGUMENT,
                "Invalid table name '" + text + "': expected namespace.table, e.g. raw.tracking_log");
    }

    public static TableName of(TableIdentifier identifier) {
        return new TableName(List.of(identifier.namespace().levels()), identifier.name());
    }

    public TableIdentifier identifier() {
        return TableIdentifier.of(Namespace.of(namespace.toArray(String[]::new)), table);
    }

    public List<String> parts() {
        List<String> parts = new ArrayList<>(namespace);
        parts.add(table);
        return parts;
    }

    @Override
    public String toString() {
        return String.join(".", parts());
    }
}
