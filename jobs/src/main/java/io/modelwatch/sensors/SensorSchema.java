package io.modelwatch.sensors;

import java.util.List;
import java.util.Set;

/** The {@code host} and {@code gpu} points of contract section 4: names in one place. */
final class SensorSchema {
    private SensorSchema() {}

    static final String HOST = "host";
    static final String GPU = "gpu";

    /** Numeric fields of a {@code host} point, in the order they are written. */
    static final List<String> HOST_FIELDS = List.of(
            "cpu_percent", "load1", "mem_percent", "mem_used_bytes", "mem_total_bytes", "swap_percent",
            "disk_read_bytes_per_s", "disk_write_bytes_per_s", "net_rx_bytes_per_s", "net_tx_bytes_per_s");

    /** Numeric fields of a {@code gpu} point, in the order they are written. */
    static final List<String> GPU_FIELDS = List.of(
            "utilization_percent", "memory_used_bytes", "memory_total_bytes", "memory_percent", "temperature_c",
            "power_w");

    static final Set<String> GPU_TAGS = Set.of("host", "gpu", "name", "uuid");

    /** Integer fields (line protocol {@code i}); every other numeric field is a float. */
    static final Set<String> INTEGER_FIELDS =
            Set.of("mem_used_bytes", "mem_total_bytes", "memory_used_bytes", "memory_total_bytes");

    /** Capacities do not move: no anomaly flag on them. */
    static boolean hasAnomalyFlag(String field) {
        return !field.endsWith("_total_bytes");
    }

    static List<String> fields(String measurement) {
        switch (measurement) {
            case HOST: return HOST_FIELDS;
            case GPU: return GPU_FIELDS;
            default: return null;
        }
    }
}
