package io.modelwatch.sensors;

import java.util.List;

/**
 * Reads the GPUs. Never throws for a missing, failing or hung driver tool: it answers no GPUs and says why
 * in the log. The real one is {@link NvidiaSmiProbe}.
 */
interface GpuProbe extends AutoCloseable {
    GpuProbe NONE = List::of;

    List<GpuReading> read();

    @Override
    default void close() {}
}
