package dev.almanac.spi.type;

public record DecimalType(int precision, int scale) implements DataType {
    public DecimalType {
        if (precision < 1 || precision > 38) {
            throw new IllegalArgumentException("decimal precision must be 1..38: " + precision);
        }
        if (scale < 0 || scale > precision) {
            throw new IllegalArgumentException("decimal scale must be 0.." + precision + ": " + scale);
        }
    }

    @Override
    public String displayName() {
        return "DECIMAL(" + precision + "," + scale + ")";
    }
}
