package dev.almanac.spi.type;

/** Types without parameters. */
public enum PrimitiveType implements DataType {
    BOOLEAN,
    INTEGER,
    BIGINT,
    FLOAT,
    DOUBLE,
    DATE,
    /** Wall-clock time without a zone. */
    TIMESTAMP,
    /** An instant; shown in UTC. */
    TIMESTAMPTZ,
    STRING,
    BINARY;

    @Override
    public String displayName() {
        return name();
    }
}
