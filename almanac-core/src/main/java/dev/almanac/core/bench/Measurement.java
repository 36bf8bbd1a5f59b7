package dev.almanac.core.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/** Wall-clock and process CPU time of a piece of work (CPU includes the engine's native threads). */
public record Measurement(Duration wall, Duration cpu) {
    public static Measurement of(Runnable work) {
        long cpuBefore = processCpuNanos();
        long wallBefore = System.nanoTime();
        work.run();
        return new Measurement(
                Duration.ofNanos(System.nanoTime() - wallBefore), Duration.ofNanos(processCpuNanos() - cpuBefore));
    }

    /**
     * The median wall time and the median CPU time of {@code measurements}, each taken on its own
     * (the lower middle one of an even number).
     */
    public static Measurement median(List<Measurement> measurements) {
        if (measurements.isEmpty()) {
            throw new IllegalArgumentException("no measurements to take the median of");
        }
        return new Measurement(middle(measurements, Measurement::wall), middle(measurements, Measurement::cpu));
    }

    private static Duration middle(List<Measurement> measurements, Function<Measurement, Duration> part) {
        List<Duration> sorted = measurements.stream().map(part).sorted().toList();
        return sorted.get((sorted.size() - 1) / 2);
    }

    public double wallSeconds() {
        return wall.toNanos() / 1e9;
    }

    public double cpuSeconds() {
        return cpu.toNanos() / 1e9;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean bean) {
            return bean.getProcessCpuTime();
        }
        return 0;
    }
}
