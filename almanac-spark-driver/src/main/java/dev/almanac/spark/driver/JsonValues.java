package dev.almanac.spark.driver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Values on the wire: JSON scalars for numbers, booleans and strings; text for decimals, dates,
 * timestamps (ISO-8601) and non-finite floats; base64 for binary; arrays for lists, structs
 * (positional) and maps (a list of [key, value] pairs).
 */
final class JsonValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonValues() {}

    static ArrayNode encodeRow(Row row, StructType schema) {
        ArrayNode values = NODES.arrayNode();
        StructField[] fields = schema.fields();
        for (int i = 0; i < fields.length; i++) {
            values.add(encode(row.isNullAt(i) ? null : row.get(i), fields[i].dataType()));
        }
        return values;
    }

    static JsonNode encode(Object value, DataType type) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (type instanceof BooleanType) {
            return NODES.booleanNode((Boolean) value);
        }
        if (type instanceof ByteType || type instanceof ShortType || type instanceof IntegerType) {
            return NODES.numberNode(((Number) value).intValue());
        }
        if (type instanceof LongType) {
            return NODES.numberNode((Long) value);
        }
        if (type instanceof FloatType || type instanceof DoubleType) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                return NODES.textNode(Double.toString(number));
            }
            return type instanceof FloatType ? NODES.numberNode((Float) value) : NODES.numberNode(number);
        }
        if (type instanceof DecimalType) {
            return NODES.textNode(((BigDecimal) value).toPlainString());
        }
        if (type instanceof BinaryType) {
            return NODES.textNode(Base64.getEncoder().encodeToString((byte[]) value));
        }
        if (type instanceof ArrayType array) {
            ArrayNode elements = NODES.arrayNode();
            for (Object element : scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Seq<?>) value)) {
                elements.add(encode(element, array.elementType()));
            }
            return elements;
        }
        if (type instanceof MapType map) {
            ArrayNode entries = NODES.arrayNode();
            scala.collection.Map<?, ?> scalaMap = (scala.collection.Map<?, ?>) value;
            for (Map.Entry<?, ?> entry :
                    scala.jdk.javaapi.CollectionConverters.asJava(scalaMap).entrySet()) {
                ArrayNode pair = entries.addArray();
                pair.add(encode(entry.getKey(), map.keyType()));
                pair.add(encode(entry.getValue(), map.valueType()));
            }
            return entries;
        }
        if (type instanceof StructType struct) {
            return encodeRow((Row) value, struct);
        }
        // strings, dates, timestamps (java.time with the Java 8 API enabled), intervals and the rest
        return NODES.textNode(value.toString());
    }

    /** A staged row's value as the external Java type Spark expects for {@code type}. */
    static Object decode(JsonNode value, DataType type) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (type instanceof BooleanType) {
            return value.asBoolean();
        }
        if (type instanceof IntegerType) {
            return value.asInt();
        }
        if (type instanceof LongType) {
            return value.asLong();
        }
        if (type instanceof FloatType) {
            return value.isTextual() ? Float.parseFloat(value.asText()) : value.floatValue();
        }
        if (type instanceof DoubleType) {
            return value.isTextual() ? Double.parseDouble(value.asText()) : value.doubleValue();
        }
        if (type instanceof DecimalType) {
            return new BigDecimal(value.asText());
        }
        if (type instanceof StringType) {
            return value.asText();
        }
        if (type instanceof BinaryType) {
            return Base64.getDecoder().decode(value.asText());
        }
        if (type instanceof DateType) {
            return LocalDate.parse(value.asText());
        }
        if (type instanceof TimestampType) {
            return Instant.parse(value.asText());
        }
        if (type instanceof TimestampNTZType) {
            return LocalDateTime.parse(value.asText());
        }
        throw new DriverException("UNSUPPORTED_STAGED_TYPE", "Cannot stage values of type " + type.sql());
    }

    static Row decodeRow(JsonNode values, StructType schema) {
        StructField[] fields = schema.fields();
        Object[] row = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
            row[i] = decode(values.get(i), fields[i].dataType());
        }
        return org.apache.spark.sql.RowFactory.create(row);
    }

    static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }
}
