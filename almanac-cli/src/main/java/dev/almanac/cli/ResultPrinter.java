package dev.almanac.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.almanac.spi.engine.QueryResult;
import dev.almanac.spi.type.Field;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes query rows as an aligned table, CSV or JSON lines. Returns the number of rows written. */
final class ResultPrinter {
    private static final ObjectMapper JSON = new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private ResultPrinter() {}

    static long print(QueryResult result, OutputFormat format, PrintWriter out) {
        return switch (format) {
            case TABLE -> table(result, out);
            case CSV -> csv(result, out);
            case JSON -> json(result, out);
            case PARQUET -> throw new IllegalArgumentException("Parquet goes to a file");
        };
    }

    private static long table(QueryResult result, PrintWriter out) {
        List<Field> columns = result.columns();
        List<String[]> rows = new ArrayList<>();
        int[] widths = new int[columns.size()];
        boolean[] numeric = new boolean[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            widths[i] = columns.get(i).name().length();
            String type = columns.get(i).type().displayName();
            numeric[i] = type.matches("INTEGER|BIGINT|FLOAT|DOUBLE|DECIMAL.*");
        }
        while (result.next()) {
            String[] row = new String[columns.size()];
            for (int i = 0; i < columns.size(); i++) {
                row[i] = text(result.value(i));
                widths[i] = Math.max(widths[i], row[i].length());
            }
            rows.add(row);
        }
        StringBuilder header = new StringBuilder();
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                header.append(" | ");
                rule.append("-+-");
            }
            header.append(pad(columns.get(i).name(), widths[i], false));
            rule.append("-".repeat(widths[i]));
        }
        out.println(header.toString().stripTrailing());
        out.println(rule);
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    line.append(" | ");
                }
                line.append(pad(row[i], widths[i], numeric[i]));
            }
            out.println(line.toString().stripTrailing());
        }
        out.println("(" + Sizes.count(rows.size()) + (rows.size() == 1 ? " row)" : " rows)"));
        return rows.size();
    }

    private static String pad(String text, int width, boolean right) {
        String padding = " ".repeat(width - text.length());
        return right ? padding + text : text + padding;
    }

    private static long csv(QueryResult result, PrintWriter out) {
        List<Field> columns = result.columns();
        List<String> header = new ArrayList<>();
        columns.forEach(column -> header.add(csvField(column.name())));
        out.println(String.join(",", header));
        long count = 0;
        while (result.next()) {
            List<String> fields = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                Object value = result.value(i);
                fields.add(value == null ? "" : csvField(text(value)));
            }
            out.println(String.join(",", fields));
            count++;
        }
        return count;
    }

    private static String csvField(String text) {
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    private static long json(QueryResult result, PrintWriter out) {
        List<Field> columns = result.columns();
        long count = 0;
        try {
            while (result.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    row.put(columns.get(i).name(), jsonValue(result.value(i)));
                }
                out.println(JSON.writeValueAsString(row));
                count++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return count;
    }

    private static Object jsonValue(Object value) {
        if (value instanceof LocalDate || value instanceof LocalDateTime || value instanceof Instant) {
            return value.toString();
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ResultPrinter::jsonValue).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> converted = new LinkedHashMap<>();
            map.forEach((key, entry) -> converted.put(String.valueOf(key), jsonValue(entry)));
            return converted;
        }
        return value;
    }

    static String text(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        return value.toString();
    }
}
