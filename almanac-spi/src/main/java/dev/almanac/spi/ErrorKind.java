package dev.almanac.spi;

/** The four kinds of failure. The kind decides the process exit code and the HTTP status. */
public enum ErrorKind {
    /** The user asked for something wrong: fix the input and try again. */
    USER_ERROR(2),
    /** A defect in Almanac. */
    INTERNAL_ERROR(1),
    /** Something outside Almanac failed: a database, a file system, a remote service. */
    EXTERNAL(1),
    /** Out of memory, disk or time. */
    INSUFFICIENT_RESOURCES(1);

    private final int exitCode;

    ErrorKind(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
