package dev.almanac.spark;

import com.fasterxml.jackson.databind.JsonNode;
import dev.almanac.spi.engine.QueryResult;
import dev.almanac.spi.type.Field;
import java.util.List;
import java.util.Objects;

/** Rows of a Spark query, fetched from the driver in batches as they are read. */
final class SparkQueryResult implements QueryResult {
    static final int BATCH_ROWS = 10_000;

    private final SparkDriver driver;
    private final String session;
    private final String result;
    private final List<Field> columns;
    private JsonNode batch;
    private int position = -1;
    private boolean done;
    private boolean closed;

    SparkQueryResult(SparkDriver driver, String session, String result, List<Field> columns) {
        this.driver = driver;
        this.session = session;
        this.result = result;
        this.columns = List.copyOf(columns);
    }

    @Override
    public List<Field> columns() {
        return columns;
    }

    @Override
    public boolean next() {
        if (closed) {
            return false;
        }
        while (batch == null || position + 1 >= batch.size()) {
            if (done) {
                return false;
            }
            JsonNode response = driver.call(driver.request("fetch")
                    .put("session", session)
                    .put("result", result)
                    .put("max", BATCH_ROWS));
            batch = response.path("rows");
            done = response.path("done").asBoolean();
            position = -1;
        }
        position++;
        return true;
    }

    @Override
    public Object value(int column) {
        Objects.checkIndex(column, columns.size());
        if (batch == null || position < 0) {
            throw new IllegalStateException("next() has not returned a row");
        }
        return SparkValues.decode(
                batch.get(position).get(column), columns.get(column).type());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!done) {
            driver.call(driver.request("closeResult").put("session", session).put("result", result));
        }
    }
}
