package dev.almanac.core.bench;

import java.time.Duration;

/**
 * The time of a piece of work in this process ({@link Measurement}), plus the CPU time its child
 * processes spent meanwhile: an engine running in a process of its own, such as a Spark driver.
 * Only processes alive when the work ends are counted.
 */
public record EngineTime(Measurement almanac, Duration childCpu) {
    public static EngineTime of(Runnable work) {
        long before = childCpuNanos();
        Measurement measurement = Measurement.of(work);
        return new EngineTime(measurement, Duration.ofNanos(Math.max(0, childCpuNanos() - before)));
    }

    /** CPU seconds of this process and of its child processes. */
    public double cpuSeconds() {
        return almanac.cpuSeconds() + childCpuSeconds();
    }

    public double childCpuSeconds() {
        return childCpu.toNanos() / 1e9;
    }

    private static long childCpuNanos() {
        return ProcessHandle.current()
                .descendants()
                .mapToLong(process ->
                        process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
                .sum();
    }
}
