package dev.almanac.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.engine.EngineContext;
import dev.almanac.spi.engine.QueryResult;
import dev.almanac.spi.type.DecimalType;
import dev.almanac.spi.type.PrimitiveType;
import dev.almanac.testing.QueryRows;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestDuckDbQueryResult {
    @TempDir
    Path temporary;

    private DuckDbEngine engine;

    @BeforeEach
    void openEngine() {
        engine = DuckDbEngine.open(new EngineContext(temporary, Map.of()));
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    @Test
    void hugeIntegersThatFitABigintAreLongs() {
        try (QueryResult result = engine.query(
                nativeSql("SELECT sum(x) AS total, CAST(5 AS UHUGEINT) AS u FROM range(3) AS r(x)"), List.of())) {
            assertThat(result.columns())
                    .extracting(field -> field.type())
                    .containsExactly(PrimitiveType.BIGINT, PrimitiveType.BIGINT);
        }
        assertThat(rows("SELECT sum(x) AS total, CAST(9223372036854775807 AS HUGEINT) AS most,"
                        + " CAST(-9223372036854775808 AS HUGEINT) AS least FROM range(3) AS r(x)"))
                .containsExactly(List.of(3L, Long.MAX_VALUE, Long.MIN_VALUE));
    }

    @Test
    void aHugeIntegerBeyondABigintIsRefusedWithTheWayOut() {
        try (QueryResult result = engine.query(
                nativeSql("SELECT sum(CAST(9223372036854775807 AS BIGINT)) AS total FROM range(2)"), List.of())) {
            assertThat(result.next()).isTrue();
            assertThatThrownBy(() -> result.value(0))
                    .isInstanceOf(AlmanacException.class)
                    .hasMessage("Column total has the value 18446744073709551614, which does not fit a BIGINT"
                            + " (64 bits); cast it to DECIMAL(38, 0) or DOUBLE in the query")
                    .satisfies(e -> assertThat(((AlmanacException) e).code()).isEqualTo(ErrorCode.INVALID_QUERY));
        }
        assertThat(rows("SELECT CAST(sum(CAST(9223372036854775807 AS BIGINT)) AS DECIMAL(38, 0)) FROM range(2)"))
                .containsExactly(List.of(new BigDecimal("18446744073709551614")));
    }

    @Test
    void unsignedBigintsAreDecimals() {
        try (QueryResult result =
                engine.query(nativeSql("SELECT CAST(18446744073709551615 AS UBIGINT) AS h"), List.of())) {
            assertThat(result.columns().get(0).type()).isEqualTo(new DecimalType(20, 0));
        }
        assertThat(rows("SELECT CAST(18446744073709551615 AS UBIGINT), CAST(7 AS UBIGINT)"))
                .containsExactly(List.of(new BigDecimal("18446744073709551615"), new BigDecimal("7")));
    }

    private List<List<Object>> rows(String query) {
        return QueryRows.all(engine.query(nativeSql(query), List.of()));
    }

    private static String nativeSql(String query) {
        return Engine.NATIVE_SQL_MARKER + "\n" + query;
    }
}
