package dev.almanac.spark;

import com.fasterxml.jackson.databind.JsonNode;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.nio.file.Path;

/**
 * Maps the error conditions Spark reports (e.g. {@code UNRESOLVED_COLUMN.WITH_SUGGESTION}) to
 * Almanac error codes, keeping Spark's own explanation without its plan dump.
 */
final class SparkErrors {
    private SparkErrors() {}

    static AlmanacException translate(JsonNode failure, Path log) {
        String condition = failure.path("condition").asText("");
        String message = clean(failure.path("message").asText(condition));
        ErrorCode code = code(condition, failure.path("sqlState").asText(""));
        if (code == ErrorCode.ENGINE_ERROR) {
            String trace = failure.path("trace").asText("");
            return new AlmanacException(
                    code,
                    "Spark failed: " + message + " (driver log: " + log + ")"
                            + (trace.isEmpty() ? "" : "\n" + trace.strip()));
        }
        return new AlmanacException(code, message);
    }

    static ErrorCode code(String condition, String sqlState) {
        String main = condition.contains(".") ? condition.substring(0, condition.indexOf('.')) : condition;
        if (main.startsWith("PARSE_")) {
            return ErrorCode.SYNTAX_ERROR;
        }
        switch (main) {
            case "UNRESOLVED_COLUMN", "UNRESOLVED_FIELD", "UNRESOLVED_MAP_KEY", "FIELD_NOT_FOUND":
                return ErrorCode.COLUMN_NOT_FOUND;
            case "TABLE_OR_VIEW_NOT_FOUND", "REQUIRES_SINGLE_PART_NAMESPACE":
                return ErrorCode.TABLE_NOT_FOUND;
            case "UNRESOLVED_ROUTINE", "ROUTINE_NOT_FOUND":
                return ErrorCode.FUNCTION_NOT_FOUND;
            case "DATATYPE_MISMATCH",
                    "CAST_INVALID_INPUT",
                    "CAST_OVERFLOW",
                    "COLUMN_COUNT_MISMATCH",
                    "INCOMPATIBLE_DATA_FOR_TABLE",
                    "INVALID_TYPED_LITERAL":
                return ErrorCode.TYPE_MISMATCH;
            case "NOT_A_QUERY", "UNSUPPORTED_FORMAT", "UNSUPPORTED_STAGED_TYPE":
                return ErrorCode.NOT_SUPPORTED;
            default:
                break;
        }
        if (main.startsWith("UNSUPPORTED_")) {
            return ErrorCode.NOT_SUPPORTED;
        }
        if (main.equals("java.lang.OutOfMemoryError")) {
            return ErrorCode.OUT_OF_MEMORY;
        }
        if (sqlState.startsWith("42") || sqlState.startsWith("22")) {
            // syntax or access rule violations, and data exceptions such as division by zero
            return ErrorCode.INVALID_QUERY;
        }
        return ErrorCode.ENGINE_ERROR;
    }

    /** Spark's message on one line, without its SQLSTATE and the plan it appends. */
    static String clean(String message) {
        String text = message.strip();
        int newline = text.indexOf('\n');
        String first = newline < 0 ? text : text.substring(0, newline);
        first = first.replaceAll("\\s*SQLSTATE: [0-9A-Z]{5}", "")
                .replaceFirst(";\\s*line (\\d+) pos (\\d+)", " (line $1, pos $2)")
                .strip();
        if (first.endsWith(";")) {
            first = first.substring(0, first.length() - 1);
        }
        return first.replaceAll("\\s{2,}", " ");
    }
}
