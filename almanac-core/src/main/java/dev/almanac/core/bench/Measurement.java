package dev.almanac.core.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/** Wall-clock and process CPU time of a piece of work (CPU includes the engine's native threads). */
public record Measurement(Duration wall, Duration cpu) {
    public static Measurement of(Runnable work) {
        long cpuBefore = processCpuNanos();
        long wallBefore = System.nanoTime();
        work.run();
        return new Measurement(
                Duration.ofNanos(System.nanoTime() - wallBefore), Duration.ofNanos(processCpuNanos() - cpuBefore));
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
