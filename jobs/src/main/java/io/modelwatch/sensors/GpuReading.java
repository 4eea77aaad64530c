package io.modelwatch.sensors;

/**
 * One GPU as one line of {@code nvidia-smi --query-gpu=...} gives it. A value the driver does not report
 * ({@code [N/A]}, {@code [Not Supported]}, e.g. utilisation in MIG mode) is NaN, or -1 for the memory sizes.
 */
record GpuReading(
        String index,
        String name,
        String uuid,
        double utilizationPercent,
        long memoryUsedMiB,
        long memoryTotalMiB,
        double temperatureC,
        double powerW) {}
