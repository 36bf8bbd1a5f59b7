package dev.almanac.spi.type;

import static java.util.Objects.requireNonNull;

public record ListType(int elementId, DataType element) implements DataType {
    public ListType {
        requireNonNull(element, "element is null");
    }

    public static ListType of(DataType element) {
        return new ListType(0, element);
    }

    @Override
    public String displayName() {
        return "LIST<" + element.displayName() + ">";
    }
}
