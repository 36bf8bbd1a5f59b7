package dev.almanac.spi.type;

import java.util.List;
import java.util.stream.Collectors;

public record StructType(List<Field> fields) implements DataType {
    public StructType {
        fields = List.copyOf(fields);
    }

    @Override
    public String displayName() {
        return fields.stream()
                .map(field -> field.name() + ":" + field.type().displayName())
                .collect(Collectors.joining(",", "STRUCT<", ">"));
    }
}
