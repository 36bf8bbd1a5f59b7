package dev.almanac.spi.type;

/**
 * A column type, independent of any engine. Nested types carry the field ids of the table they
 * belong to (0 where no table is involved, e.g. a query result).
 */
public sealed interface DataType permits PrimitiveType, DecimalType, ListType, MapType, StructType {
    /** The type as SQL writes it, e.g. {@code DECIMAL(10,2)} or {@code LIST<STRING>}. */
    String displayName();
}
