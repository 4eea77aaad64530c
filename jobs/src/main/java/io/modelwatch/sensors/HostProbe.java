package io.modelwatch.sensors;

/** Reads the host's counters. The real one is {@link OshiHostProbe}; tests script their own. */
interface HostProbe extends AutoCloseable {
    HostCounters read();

    @Override
    default void close() {}
}
