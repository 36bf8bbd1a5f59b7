package dev.almanac.duckdb;

import dev.almanac.spi.function.ScalarFunction;
import dev.almanac.spi.type.DataType;
import dev.almanac.spi.type.PrimitiveType;
import java.util.List;

/** A user function the tests register through {@code META-INF/services}: keeps an address's first letter. */
public final class MaskEmailFunction implements ScalarFunction {
    @Override
    public String name() {
        return "mask_email";
    }

    @Override
    public List<DataType> argumentTypes() {
        return List.of(PrimitiveType.STRING);
    }

    @Override
    public DataType returnType() {
        return PrimitiveType.STRING;
    }

    @Override
    public Object apply(Object... arguments) {
        String address = (String) arguments[0];
        if (address == null) {
            return null;
        }
        int at = address.indexOf('@');
        return at <= 0 ? address : address.charAt(0) + "***" + address.substring(at);
    }
}
