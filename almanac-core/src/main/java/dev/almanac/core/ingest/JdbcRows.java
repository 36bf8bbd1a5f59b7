package dev.almanac.core.ingest;

import static java.util.Objects.requireNonNull;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.type.Field;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** The rows of a streaming JDBC result, converted to the columns' Almanac types as the engine pulls them. */
final class JdbcRows implements Iterator<List<Object>> {
    private final JdbcSourceOptions options;
    private final ResultSet rows;
    private final List<Field> columns;
    private long count;
    private boolean fetched;
    private boolean present;

    JdbcRows(JdbcSourceOptions options, ResultSet rows, List<Field> columns) {
        this.options = requireNonNull(options, "options is null");
        this.rows = requireNonNull(rows, "rows is null");
        this.columns = List.copyOf(columns);
    }

    @Override
    public boolean hasNext() {
        if (!fetched) {
            try {
                present = rows.next();
            } catch (SQLException e) {
                throw failure(e);
            }
            fetched = true;
        }
        return present;
    }

    @Override
    public List<Object> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        fetched = false;
        count++;
        List<Object> row = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            Field column = columns.get(i);
            try {
                row.add(JdbcTypes.read(rows, i + 1, column.type(), options.sqlite()));
            } catch (SQLException e) {
                throw failure(e);
            } catch (IllegalArgumentException e) {
                throw new AlmanacException(
                        ErrorCode.TYPE_MISMATCH,
                        "Source '" + options.source() + "': column '" + column.name() + "' of row " + count + " of "
                                + options.description() + " holds " + e.getMessage()
                                + "; fix the value, or land the column as text with CAST in option 'query'",
                        e);
            }
        }
        return row;
    }

    /** How many rows were taken so far. */
    long count() {
        return count;
    }

    private AlmanacException failure(SQLException cause) {
        return new AlmanacException(
                ErrorCode.STORAGE_ERROR,
                "Source '" + options.source() + "': reading " + options.description() + " failed after " + count
                        + " rows: " + cause.getMessage(),
                cause);
    }
}
