package dev.almanac.spi;

import static dev.almanac.spi.ErrorKind.EXTERNAL;
import static dev.almanac.spi.ErrorKind.INSUFFICIENT_RESOURCES;
import static dev.almanac.spi.ErrorKind.INTERNAL_ERROR;
import static dev.almanac.spi.ErrorKind.USER_ERROR;

/** Every error Almanac reports carries one of these codes. */
public enum ErrorCode {
    WAREHOUSE_NOT_FOUND(USER_ERROR),
    WAREHOUSE_ALREADY_EXISTS(USER_ERROR),
    INVALID_CONFIGURATION(USER_ERROR),
    INVALID_ARGUMENT(USER_ERROR),
    SYNTAX_ERROR(USER_ERROR),
    TABLE_NOT_FOUND(USER_ERROR),
    TABLE_ALREADY_EXISTS(USER_ERROR),
    COLUMN_NOT_FOUND(USER_ERROR),
    FUNCTION_NOT_FOUND(USER_ERROR),
    SNAPSHOT_NOT_FOUND(USER_ERROR),
    TYPE_MISMATCH(USER_ERROR),
    INVALID_QUERY(USER_ERROR),
    NOT_SUPPORTED(USER_ERROR),
    CONCURRENT_WRITE(EXTERNAL),
    STEP_FAILED(EXTERNAL),
    STEP_TIMED_OUT(EXTERNAL),
    OUT_OF_MEMORY(INSUFFICIENT_RESOURCES),
    CONTROL_DATABASE_ERROR(EXTERNAL),
    STORAGE_ERROR(EXTERNAL),
    ENGINE_ERROR(INTERNAL_ERROR),
    INTERNAL(INTERNAL_ERROR);

    private final ErrorKind kind;

    ErrorCode(ErrorKind kind) {
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }
}
