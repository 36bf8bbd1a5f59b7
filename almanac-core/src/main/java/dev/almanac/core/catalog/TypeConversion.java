package dev.almanac.core.catalog;

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
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/** Converts between Iceberg types and the engine-neutral types of the SPI, keeping field ids. */
public final class TypeConversion {
    private TypeConversion() {}

    public static List<Field> toFields(Schema schema) {
        return schema.columns().stream().map(TypeConversion::toField).toList();
    }

    public static Field toField(Types.NestedField field) {
        return new Field(field.fieldId(), field.name(), toDataType(field.type()), field.isRequired());
    }

    public static DataType toDataType(Type type) {
        return switch (type.typeId()) {
            case BOOLEAN -> PrimitiveType.BOOLEAN;
            case INTEGER -> PrimitiveType.INTEGER;
            case LONG -> PrimitiveType.BIGINT;
            case FLOAT -> PrimitiveType.FLOAT;
            case DOUBLE -> PrimitiveType.DOUBLE;
            case DATE -> PrimitiveType.DATE;
            case TIMESTAMP ->
                ((Types.TimestampType) type).shouldAdjustToUTC() ? PrimitiveType.TIMESTAMPTZ : PrimitiveType.TIMESTAMP;
            case STRING -> PrimitiveType.STRING;
            case BINARY, FIXED -> PrimitiveType.BINARY;
            case DECIMAL -> {
                Types.DecimalType decimal = (Types.DecimalType) type;
                yield new DecimalType(decimal.precision(), decimal.scale());
            }
            case LIST -> {
                Types.ListType list = type.asListType();
                yield new ListType(list.elementId(), toDataType(list.elementType()));
            }
            case MAP -> {
                Types.MapType map = type.asMapType();
                yield new MapType(map.keyId(), toDataType(map.keyType()), map.valueId(), toDataType(map.valueType()));
            }
            case STRUCT ->
                new StructType(type.asStructType().fields().stream()
                        .map(TypeConversion::toField)
                        .toList());
            default ->
                throw new AlmanacException(ErrorCode.NOT_SUPPORTED, "Iceberg type " + type + " is not supported yet");
        };
    }

    /** A new Iceberg schema for columns that have no ids yet; ids are assigned in order from 1. */
    public static Schema toSchema(List<Field> columns) {
        AtomicInteger nextId = new AtomicInteger(1);
        List<Types.NestedField> fields = new ArrayList<>();
        List<Integer> topLevelIds = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            topLevelIds.add(nextId.getAndIncrement());
        }
        for (int i = 0; i < columns.size(); i++) {
            Field column = columns.get(i);
            fields.add(Types.NestedField.optional(
                    topLevelIds.get(i), column.name(), toIcebergType(column.type(), nextId)));
        }
        return new Schema(fields);
    }

    static Type toIcebergType(DataType type, AtomicInteger nextId) {
        if (type instanceof PrimitiveType primitive) {
            return switch (primitive) {
                case BOOLEAN -> Types.BooleanType.get();
                case INTEGER -> Types.IntegerType.get();
                case BIGINT -> Types.LongType.get();
                case FLOAT -> Types.FloatType.get();
                case DOUBLE -> Types.DoubleType.get();
                case DATE -> Types.DateType.get();
                case TIMESTAMP -> Types.TimestampType.withoutZone();
                case TIMESTAMPTZ -> Types.TimestampType.withZone();
                case STRING -> Types.StringType.get();
                case BINARY -> Types.BinaryType.get();
            };
        }
        if (type instanceof DecimalType decimal) {
            return Types.DecimalType.of(decimal.precision(), decimal.scale());
        }
        if (type instanceof ListType list) {
            int elementId = nextId.getAndIncrement();
            return Types.ListType.ofOptional(elementId, toIcebergType(list.element(), nextId));
        }
        if (type instanceof MapType map) {
            int keyId = nextId.getAndIncrement();
            int valueId = nextId.getAndIncrement();
            return Types.MapType.ofOptional(
                    keyId, valueId, toIcebergType(map.key(), nextId), toIcebergType(map.value(), nextId));
        }
        StructType struct = (StructType) type;
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < struct.fields().size(); i++) {
            ids.add(nextId.getAndIncrement());
        }
        List<Types.NestedField> fields = new ArrayList<>();
        for (int i = 0; i < struct.fields().size(); i++) {
            Field field = struct.fields().get(i);
            fields.add(Types.NestedField.optional(ids.get(i), field.name(), toIcebergType(field.type(), nextId)));
        }
        return Types.StructType.of(fields);
    }
}
