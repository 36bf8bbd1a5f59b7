package dev.almanac.duckdb;

import dev.almanac.spi.function.ScalarFunction;
import dev.almanac.spi.type.DataType;
import dev.almanac.spi.type.PrimitiveType;
import java.util.List;

/** A user function that refuses some input, to show how its failure reaches the query. */
public final class StrictLengthFunction implements ScalarFunction {
    @Override
    public String name() {
        return "strict_length";
    }

    @Override
    public List<DataType> argumentTypes() {
        return List.of(PrimitiveType.STRING);
    }

    @Override
    public DataType returnType() {
        return PrimitiveType.INTEGER;
    }

    @Override
    public Object apply(Object... arguments) {
        String text = (String) arguments[0];
        if (text != null && text.isEmpty()) {
            throw new IllegalArgumentException("empty text");
        }
        return text == null ? null : text.length();
    }
}
