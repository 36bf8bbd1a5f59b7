package dev.almanac.core.pipeline;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How often a failed step is tried again: {@code count} more times, waiting {@code initialBackoff}
 * before the first retry and {@code multiplier} times longer before each next one.
 */
public record Retry(int count, Duration initialBackoff, double multiplier) {
    public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(30);
    public static final double DEFAULT_MULTIPLIER = 2.0;

    public Retry {
        requireNonNull(initialBackoff, "initialBackoff is null");
        if (count < 0) {
            throw new IllegalArgumentException("count is negative: " + count);
        }
        if (initialBackoff.isNegative()) {
            throw new IllegalArgumentException("initialBackoff is negative: " + initialBackoff);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be a number of at least 1: " + multiplier);
        }
    }

    public static Retry none() {
        return times(0);
    }

    public static Retry times(int count) {
        return new Retry(count, DEFAULT_BACKOFF, DEFAULT_MULTIPLIER);
    }

    /** The wait before retry number {@code retry} (1 for the first retry). */
    public Duration backoff(int retry) {
        if (retry < 1 || retry > count) {
            throw new IllegalArgumentException("retry must be between 1 and " + count + ": " + retry);
        }
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, retry - 1);
        return Duration.ofMillis((long) Math.min(millis, Long.MAX_VALUE));
    }
}
