package io.modelwatch.sensors;

import io.modelwatch.influx.Point;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns probe readings into {@code host} and {@code gpu} points (contract section 4), without status or
 * anomaly fields: those are added downstream, in keyed state ({@link SensorStatusFunction}).
 *
 * <p>CPU percent and the disk and network rates are differences against the previous reading, so the first
 * sample has none of them. A counter that went backwards (a reboot, a re-plugged interface) or a device that
 * appeared since the last reading adds nothing to that sample's rate. Not thread-safe: one sampler per thread.
 */
final class SensorSampler implements AutoCloseable {
    private static final double MIB = 1024.0 * 1024.0;

    private final String host;
    private final HostProbe hostProbe;
    private final GpuProbe gpuProbe;
    private HostCounters previous;

    SensorSampler(String host, HostProbe hostProbe, GpuProbe gpuProbe) {
        this.host = host;
        this.hostProbe = hostProbe;
        this.gpuProbe = gpuProbe;
    }

    public String host() {
        return host;
    }

    /** One sample, stamped with the time of the reading: the host point, then one point per GPU. */
    public List<Point> sample() {
        return sample(-1);
    }

    /**
     * One sample stamped with {@code timeMillis} (the scheduled tick, so that series line up to the interval),
     * or with the time of the reading when negative. Rates always use the real time between readings.
     */
    public List<Point> sample(long timeMillis) {
        HostCounters now = hostProbe.read();
        long time = timeMillis < 0 ? now.timeMillis() : timeMillis;
        List<Point> out = new ArrayList<>();
        out.add(hostPoint(host, previous, now, time));
        previous = now;
        for (GpuReading gpu : gpuProbe.read()) {
            Point p = gpuPoint(host, gpu, time);
            if (p != null) out.add(p);
        }
        return out;
    }

    static Point hostPoint(String host, HostCounters prev, HostCounters now, long timeMillis) {
        Point.Builder b = Point.builder(SensorSchema.HOST).tag("host", host).timeMillis(timeMillis);
        double seconds = prev == null ? Double.NaN : (now.monoNanos() - prev.monoNanos()) / 1e9;
        boolean rates = prev != null && seconds > 0;
        if (rates) b.field("cpu_percent", cpuPercent(prev.cpuTicks(), now.cpuTicks()));
        if (now.load1() >= 0) b.field("load1", now.load1());
        if (now.memTotalBytes() > 0) {
            long used = Math.max(0, now.memTotalBytes() - now.memAvailableBytes());
            b.field("mem_percent", 100.0 * used / now.memTotalBytes());
            b.intField("mem_used_bytes", used);
            b.intField("mem_total_bytes", now.memTotalBytes());
        }
        b.field("swap_percent", now.swapTotalBytes() > 0 ? 100.0 * now.swapUsedBytes() / now.swapTotalBytes() : 0.0);
        if (rates) {
            double[] disk = deltas(prev.disks(), now.disks());
            double[] net = deltas(prev.nets(), now.nets());
            b.field("disk_read_bytes_per_s", disk[0] / seconds);
            b.field("disk_write_bytes_per_s", disk[1] / seconds);
            b.field("net_rx_bytes_per_s", net[0] / seconds);
            b.field("net_tx_bytes_per_s", net[1] / seconds);
        }
        return b.build();
    }

    /** Busy share of the ticks between two readings, as OSHI's getSystemCpuLoadBetweenTicks works it out. */
    static double cpuPercent(long[] before, long[] after) {
        if (before == null || after == null || before.length != after.length) return Double.NaN;
        long total = 0;
        long idle = 0;
        for (int i = 0; i < after.length; i++) {
            long d = Math.max(0, after[i] - before[i]);
            total += d;
            if (i == HostCounters.IDLE || i == HostCounters.IOWAIT) idle += d;
        }
        return total > 0 ? 100.0 * (total - idle) / total : Double.NaN;
    }

    /** Summed increase of two-valued counters over the devices present in both readings. */
    static double[] deltas(Map<String, long[]> before, Map<String, long[]> after) {
        double[] sum = new double[2];
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            long[] b = before.get(e.getKey());
            if (b == null) continue;
            for (int i = 0; i < 2; i++) sum[i] += Math.max(0, e.getValue()[i] - b[i]);
        }
        return sum;
    }

    static Point gpuPoint(String host, GpuReading g, long timeMillis) {
        Point.Builder b = Point.builder(SensorSchema.GPU)
                .tag("host", host).tag("gpu", g.index()).tag("name", g.name()).tag("uuid", g.uuid())
                .timeMillis(timeMillis);
        b.field("utilization_percent", g.utilizationPercent());
        if (g.memoryUsedMiB() >= 0) b.intField("memory_used_bytes", Math.round(g.memoryUsedMiB() * MIB));
        if (g.memoryTotalMiB() >= 0) b.intField("memory_total_bytes", Math.round(g.memoryTotalMiB() * MIB));
        if (g.memoryUsedMiB() >= 0 && g.memoryTotalMiB() > 0) {
            b.field("memory_percent", 100.0 * g.memoryUsedMiB() / g.memoryTotalMiB());
        }
        b.field("temperature_c", g.temperatureC());
        b.field("power_w", g.powerW());
        return b.hasFields() ? b.build() : null;
    }

    @Override
    public void close() {
        try {
            gpuProbe.close();
        } finally {
            hostProbe.close();
        }
    }
}
