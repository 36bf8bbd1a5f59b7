package dev.almanac.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.type.DecimalType;
import dev.almanac.spi.type.Field;
import dev.almanac.spi.type.ListType;
import dev.almanac.spi.type.MapType;
import dev.almanac.spi.type.PrimitiveType;
import dev.almanac.spi.type.StructType;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestSparkTypes {
    @Test
    void schemasRoundTripWithFieldIds() {
        List<Field> fields = List.of(
                new Field(1, "id", PrimitiveType.BIGINT, false),
                new Field(2, "at", PrimitiveType.TIMESTAMPTZ, false),
                new Field(3, "local", PrimitiveType.TIMESTAMP, false),
                new Field(4, "price", new DecimalType(10, 2), false),
                new Field(5, "tags", ListType.of(PrimitiveType.STRING), false),
                new Field(6, "counts", MapType.of(PrimitiveType.STRING, PrimitiveType.INTEGER), false),
                new Field(
                        7,
                        "pair",
                        new StructType(List.of(
                                new Field(8, "a", PrimitiveType.INTEGER, false),
                                new Field(9, "b", PrimitiveType.BINARY, false))),
                        false));
        assertThat(SparkTypes.schema(fields).toString())
                .startsWith("{\"type\":\"struct\",\"fields\":[{\"name\":\"id\",\"type\":\"long\",\"nullable\":true,"
                        + "\"metadata\":{\"parquet.field.id\":1}},{\"name\":\"at\",\"type\":\"timestamp\"");
        assertThat(SparkTypes.fields(SparkTypes.schema(fields))).isEqualTo(fields);
    }

    @Test
    void sparkOnlyTypesMapToTheNearestAlmanacType() {
        assertThat(SparkTypes.parse(TextNode.valueOf("short"))).isEqualTo(PrimitiveType.INTEGER);
        assertThat(SparkTypes.parse(TextNode.valueOf("varchar(10)"))).isEqualTo(PrimitiveType.STRING);
        assertThat(SparkTypes.parse(TextNode.valueOf("interval day to second"))).isEqualTo(PrimitiveType.STRING);
        assertThat(SparkTypes.parse(TextNode.valueOf("decimal(38, 18)"))).isEqualTo(new DecimalType(38, 18));
        assertThatThrownBy(() -> SparkTypes.parse(TextNode.valueOf("geometry")))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Column type geometry cannot be stored in a table; CAST it to a supported type"
                        + " (e.g. STRING, BIGINT, DOUBLE, TIMESTAMP)")
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.NOT_SUPPORTED);
    }

    @Test
    void sparkMessagesLoseTheirPlanAndSqlState() {
        assertThat(SparkErrors.clean("[UNRESOLVED_COLUMN.WITHOUT_SUGGESTION] A column with name `x` cannot be"
                        + " resolved.  SQLSTATE: 42703; line 1 pos 7;\n'Project ['x]\n+- OneRowRelation\n"))
                .isEqualTo("[UNRESOLVED_COLUMN.WITHOUT_SUGGESTION] A column with name `x` cannot be resolved."
                        + " (line 1, pos 7)");
        assertThat(SparkErrors.code("UNRESOLVED_COLUMN.WITH_SUGGESTION", "42703"))
                .isEqualTo(ErrorCode.COLUMN_NOT_FOUND);
        assertThat(SparkErrors.code("DIVIDE_BY_ZERO", "22012")).isEqualTo(ErrorCode.INVALID_QUERY);
        assertThat(SparkErrors.code("java.lang.IllegalStateException", "")).isEqualTo(ErrorCode.ENGINE_ERROR);
    }
}
