package dev.almanac.spark.driver;

/** A request the driver refuses; {@code condition} names the reason as Spark's error conditions do. */
final class DriverException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String condition;

    DriverException(String condition, String message) {
        super(message);
        this.condition = condition;
    }

    String condition() {
        return condition;
    }
}
