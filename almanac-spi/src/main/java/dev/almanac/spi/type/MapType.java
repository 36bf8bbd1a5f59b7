package dev.almanac.spi.type;

import static java.util.Objects.requireNonNull;

public record MapType(int keyId, DataType key, int valueId, DataType value) implements DataType {
    public MapType {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
    }

    public static MapType of(DataType key, DataType value) {
        return new MapType(0, key, 0, value);
    }

    @Override
    public String displayName() {
        return "MAP<" + key.displayName() + "," + value.displayName() + ">";
    }
}
