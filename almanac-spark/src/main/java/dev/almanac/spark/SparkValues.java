package dev.almanac.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.type.DataType;
import dev.almanac.spi.type.DecimalType;
import dev.almanac.spi.type.Field;
import dev.almanac.spi.type.ListType;
import dev.almanac.spi.type.MapType;
import dev.almanac.spi.type.PrimitiveType;
import dev.almanac.spi.type.StructType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values as the driver sends them (JSON scalars; text for decimals, dates, timestamps and
 * non-finite floats; base64 for binary; arrays for lists, structs and map entries) to and from the
 * Java values the SPI promises.
 */
final class SparkValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SparkValues() {}

    static Object decode(JsonNode value, DataType type) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (type instanceof DecimalType) {
            return new BigDecimal(value.asText());
        }
        if (type instanceof ListType list) {
            List<Object> elements = new ArrayList<>();
            value.forEach(element -> elements.add(decode(element, list.element())));
            return elements;
        }
        if (type instanceof MapType map) {
            Map<Object, Object> entries = new LinkedHashMap<>();
            value.forEach(pair -> entries.put(decode(pair.get(0), map.key()), decode(pair.get(1), map.value())));
            return entries;
        }
        if (type instanceof StructType struct) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (int i = 0; i < struct.fields().size(); i++) {
                Field field = struct.fields().get(i);
                fields.put(field.name(), decode(value.get(i), field.type()));
            }
            return fields;
        }
        return switch ((PrimitiveType) type) {
            case BOOLEAN -> value.asBoolean();
            case INTEGER -> value.asInt();
            case BIGINT -> value.asLong();
            case FLOAT -> value.isTextual() ? Float.parseFloat(value.asText()) : value.floatValue();
            case DOUBLE -> value.isTextual() ? Double.parseDouble(value.asText()) : value.doubleValue();
            case DATE -> LocalDate.parse(value.asText());
            case TIMESTAMP -> LocalDateTime.parse(value.asText());
            case TIMESTAMPTZ -> Instant.parse(value.asText());
            case STRING -> value.asText();
            case BINARY -> Base64.getDecoder().decode(value.asText());
        };
    }

    /** A staged value (primitive or decimal) as the driver reads it. */
    static JsonNode encode(Object value, DataType type) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (type instanceof DecimalType decimal) {
            BigDecimal number = value instanceof BigDecimal big ? big : new BigDecimal(value.toString());
            return NODES.textNode(number.setScale(decimal.scale(), java.math.RoundingMode.HALF_UP)
                    .toPlainString());
        }
        if (!(type instanceof PrimitiveType primitive)) {
            throw new AlmanacException(
                    ErrorCode.NOT_SUPPORTED, "Staged values must have a primitive or decimal type, not " + type);
        }
        return switch (primitive) {
            case BOOLEAN -> NODES.booleanNode((Boolean) value);
            case INTEGER -> NODES.numberNode(((Number) value).intValue());
            case BIGINT -> NODES.numberNode(((Number) value).longValue());
            case FLOAT, DOUBLE -> {
                double number = ((Number) value).doubleValue();
                yield Double.isFinite(number) ? NODES.numberNode(number) : NODES.textNode(Double.toString(number));
            }
            case DATE -> NODES.textNode(value.toString());
            case TIMESTAMP -> NODES.textNode(((LocalDateTime) value).toString());
            case TIMESTAMPTZ ->
                NODES.textNode(
                        value instanceof OffsetDateTime offset
                                ? offset.toInstant().toString()
                                : ((Instant) value).toString());
            case STRING -> NODES.textNode(value.toString());
            case BINARY -> NODES.textNode(Base64.getEncoder().encodeToString((byte[]) value));
        };
    }

    static ArrayNode encodeRow(List<Object> row, List<Field> columns) {
        if (row.size() != columns.size()) {
            throw new AlmanacException(
                    ErrorCode.INTERNAL,
                    "A staged row has " + row.size() + " values for " + columns.size() + " columns");
        }
        ArrayNode values = NODES.arrayNode();
        for (int i = 0; i < columns.size(); i++) {
            values.add(encode(row.get(i), columns.get(i).type()));
        }
        return values;
    }
}
