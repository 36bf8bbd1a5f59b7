package dev.almanac.spi.type;

import static java.util.Objects.requireNonNull;

/** A named, typed column or struct member; {@code id} is the table's field id (0 when there is no table). */
public record Field(int id, String name, DataType type, boolean required) {
    public Field {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("field name is empty");
        }
    }

    public static Field of(String name, DataType type) {
        return new Field(0, name, type, false);
    }
}
