package dev.almanac.spi;

import static java.util.Objects.requireNonNull;

/** The one exception type Almanac throws on purpose. The message says what failed and how to fix it. */
public final class AlmanacException extends RuntimeException {
    private final ErrorCode code;

    public AlmanacException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public AlmanacException(ErrorCode code, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
    }

    public ErrorCode code() {
        return code;
    }

    public ErrorKind kind() {
        return code.kind();
    }
}
