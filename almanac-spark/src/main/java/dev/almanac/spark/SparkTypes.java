package dev.almanac.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.type.DataType;
import dev.almanac.spi.type.DecimalType;
import dev.almanac.spi.type.Field;
import dev.almanac.spi.type.ListType;
import dev.almanac.spi.type.MapType;
import dev.almanac.spi.type.PrimitiveType;
import dev.almanac.spi.type.StructType;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts between Almanac types and Spark's JSON form of its types. Field ids travel as the
 * {@code parquet.field.id} metadata of struct fields, which Spark reads and writes as Parquet field
 * ids. Spark keeps no ids for list elements, map keys and map values.
 */
final class SparkTypes {
    static final String FIELD_ID = "parquet.field.id";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern DECIMAL = Pattern.compile("decimal\\((\\d+),\\s*(\\d+)\\)");

    private SparkTypes() {}

    static ObjectNode schema(List<Field> fields) {
        ObjectNode struct = NODES.objectNode().put("type", "struct");
        ArrayNode array = struct.putArray("fields");
        for (Field field : fields) {
            ObjectNode node = array.addObject();
            node.put("name", field.name());
            node.set("type", type(field.type()));
            node.put("nullable", true);
            ObjectNode metadata = node.putObject("metadata");
            if (field.id() > 0) {
                metadata.put(FIELD_ID, field.id());
            }
        }
        return struct;
    }

    static JsonNode type(DataType type) {
        if (type instanceof PrimitiveType primitive) {
            return NODES.textNode(
                    switch (primitive) {
                        case BOOLEAN -> "boolean";
                        case INTEGER -> "integer";
                        case BIGINT -> "long";
                        case FLOAT -> "float";
                        case DOUBLE -> "double";
                        case DATE -> "date";
                        case TIMESTAMP -> "timestamp_ntz";
                        case TIMESTAMPTZ -> "timestamp";
                        case STRING -> "string";
                        case BINARY -> "binary";
                    });
        }
        if (type instanceof DecimalType decimal) {
            return NODES.textNode("decimal(" + decimal.precision() + "," + decimal.scale() + ")");
        }
        if (type instanceof ListType list) {
            return NODES.objectNode()
                    .put("type", "array")
                    .<ObjectNode>set("elementType", type(list.element()))
                    .put("containsNull", true);
        }
        if (type instanceof MapType map) {
            return NODES.objectNode()
                    .put("type", "map")
                    .<ObjectNode>set("keyType", type(map.key()))
                    .<ObjectNode>set("valueType", type(map.value()))
                    .put("valueContainsNull", true);
        }
        return schema(((StructType) type).fields());
    }

    /** The columns of a Spark schema (a struct type's JSON). */
    static List<Field> fields(JsonNode schema) {
        List<Field> fields = new ArrayList<>();
        for (JsonNode field : schema.path("fields")) {
            fields.add(new Field(
                    field.path("metadata").path(FIELD_ID).asInt(0),
                    field.path("name").asText(),
                    parse(field.path("type")),
                    false));
        }
        return fields;
    }

    static DataType parse(JsonNode type) {
        if (type.isTextual()) {
            return primitive(type.asText());
        }
        return switch (type.path("type").asText()) {
            case "array" -> ListType.of(parse(type.path("elementType")));
            case "map" -> MapType.of(parse(type.path("keyType")), parse(type.path("valueType")));
            case "struct" -> new StructType(fields(type));
            default -> throw unsupported(type.toString());
        };
    }

    private static DataType primitive(String name) {
        switch (name) {
            case "boolean":
                return PrimitiveType.BOOLEAN;
            case "byte", "short", "integer":
                return PrimitiveType.INTEGER;
            case "long":
                return PrimitiveType.BIGINT;
            case "float":
                return PrimitiveType.FLOAT;
            case "double":
                return PrimitiveType.DOUBLE;
            case "date":
                return PrimitiveType.DATE;
            case "timestamp":
                return PrimitiveType.TIMESTAMPTZ;
            case "timestamp_ntz":
                return PrimitiveType.TIMESTAMP;
            case "string", "void", "variant":
                return PrimitiveType.STRING;
            case "binary":
                return PrimitiveType.BINARY;
            default:
                break;
        }
        Matcher decimal = DECIMAL.matcher(name);
        if (decimal.matches()) {
            return new DecimalType(Integer.parseInt(decimal.group(1)), Integer.parseInt(decimal.group(2)));
        }
        if (name.startsWith("char(") || name.startsWith("varchar(") || name.startsWith("interval")) {
            // values arrive as Spark's text for them, as DuckDB's TIME does
            return PrimitiveType.STRING;
        }
        if (name.startsWith("string collate")) {
            return PrimitiveType.STRING;
        }
        throw unsupported(name);
    }

    private static AlmanacException unsupported(String typeName) {
        return new AlmanacException(
                ErrorCode.NOT_SUPPORTED,
                "Column type " + typeName + " cannot be stored in a table; CAST it to a supported type"
                        + " (e.g. STRING, BIGINT, DOUBLE, TIMESTAMP)");
    }
}
