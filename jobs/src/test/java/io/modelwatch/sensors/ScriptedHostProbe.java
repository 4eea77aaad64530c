package io.modelwatch.sensors;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** A host probe that plays back given readings; the last one repeats (with time moving on). */
final class ScriptedHostProbe implements HostProbe {
    private final Deque<HostCounters> script;
    private HostCounters last;
    private long step;

    ScriptedHostProbe(List<HostCounters> readings) {
        this.script = new ArrayDeque<>(readings);
    }

    static ScriptedHostProbe idle() {
        return new ScriptedHostProbe(List.of(reading(0, new long[] {0, 0, 0, 0, 0, 0, 0, 0}, 0, 0, 0, 0)));
    }

    /** A reading {@code seconds} after the start, 8 GiB of memory with 2 GiB available, no swap. */
    static HostCounters reading(double seconds, long[] ticks, long diskRead, long diskWrite, long rx, long tx) {
        long nanos = (long) (seconds * 1e9);
        return new HostCounters(1_764_000_000_000L + nanos / 1_000_000, nanos, ticks, 0.5,
                8L << 30, 2L << 30, 0, 0,
                Map.of("/dev/sda", new long[] {diskRead, diskWrite}),
                Map.of("eth0", new long[] {rx, tx}));
    }

    @Override
    public HostCounters read() {
        if (!script.isEmpty()) {
            last = script.poll();
            return last;
        }
        step++;
        long nanos = last.monoNanos() + step * 1_000_000_000L;
        return new HostCounters(last.timeMillis() + step * 1000, nanos, last.cpuTicks(), last.load1(),
                last.memTotalBytes(), last.memAvailableBytes(), last.swapTotalBytes(), last.swapUsedBytes(),
                last.disks(), last.nets());
    }
}
