package io.modelwatch.sensors;

import java.util.Map;

/**
 * One raw reading of a host's counters, as the operating system gives them: cumulative CPU ticks and byte
 * counters (rates come from the difference of two readings, see {@link SensorSampler}) and instant gauges.
 *
 * @param timeMillis wall-clock time of the reading (the point's time)
 * @param monoNanos {@link System#nanoTime()} at the reading, for the elapsed time between two readings
 * @param cpuTicks cumulative ticks in OSHI's {@code TickType} order (user, nice, system, idle, iowait, irq,
 *     softirq, steal); null when unknown
 * @param load1 one-minute load average, negative when the OS has none
 * @param disks per disk: cumulative {read bytes, write bytes}
 * @param nets per network interface: cumulative {received bytes, sent bytes}
 */
record HostCounters(
        long timeMillis,
        long monoNanos,
        long[] cpuTicks,
        double load1,
        long memTotalBytes,
        long memAvailableBytes,
        long swapTotalBytes,
        long swapUsedBytes,
        Map<String, long[]> disks,
        Map<String, long[]> nets) {

    static final int IDLE = 3, IOWAIT = 4;
}
