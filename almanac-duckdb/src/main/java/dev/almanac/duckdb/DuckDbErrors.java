package dev.almanac.duckdb;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Maps DuckDB's error classes to Almanac error codes, keeping DuckDB's own explanation. */
final class DuckDbErrors {
    private DuckDbErrors() {}

    static AlmanacException translate(SQLException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        ErrorCode code = code(message);
        return new AlmanacException(code, clean(message), e);
    }

    static ErrorCode code(String message) {
        if (message.contains("Parser Error")) {
            return ErrorCode.SYNTAX_ERROR;
        }
        if (message.contains("Referenced column") || message.contains("does not have a column named")) {
            return ErrorCode.COLUMN_NOT_FOUND;
        }
        if (message.contains("Catalog Error") && message.contains("Function with name")) {
            return ErrorCode.FUNCTION_NOT_FOUND;
        }
        if (message.contains("Catalog Error") && message.contains("Table with name")) {
            return ErrorCode.TABLE_NOT_FOUND;
        }
        if (message.contains("Conversion Error") || message.contains("Mismatch Type Error")) {
            return ErrorCode.TYPE_MISMATCH;
        }
        if (message.contains("Out of Memory Error")) {
            return ErrorCode.OUT_OF_MEMORY;
        }
        if (message.contains("Binder Error")
                || message.contains("Invalid Input Error")
                || message.contains("Out of Range Error")
                || message.contains("Catalog Error")
                || message.contains("Constraint Error")) {
            return ErrorCode.INVALID_QUERY;
        }
        return ErrorCode.ENGINE_ERROR;
    }

    /** DuckDB's message without the JDBC prefix, with its LINE pointer kept. */
    static String clean(String message) {
        String text = message.replaceFirst("^java\\.sql\\.SQLException: ", "").strip();
        // one line: DuckDB's LINE pointer quotes the statement as the engine rewrote it, not as the user wrote it
        List<String> kept = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String trimmed = line.strip();
            // a Java function's failure arrives with its stack trace: the frames are noise to the user
            if (trimmed.startsWith("LINE ") || trimmed.startsWith("at ") || trimmed.startsWith("Caused by:")) {
                break;
            }
            if (!trimmed.isEmpty()) {
                kept.add(trimmed);
            }
        }
        String cleaned = kept.isEmpty() ? text : String.join(" ", kept);
        return cleaned.replaceFirst(": (?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error): ", ": ");
    }
}
