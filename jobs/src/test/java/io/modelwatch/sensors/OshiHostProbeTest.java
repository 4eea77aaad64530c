package io.modelwatch.sensors;

import io.modelwatch.influx.Point;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Real OSHI readings on the machine the tests run on. */
class OshiHostProbeTest {

    @Test
    void realReadingsAreSane() throws Exception {
        try (SensorSampler s = new SensorSampler("test-host", new OshiHostProbe(), GpuProbe.NONE)) {
            Point first = s.sample().get(0);
            // Some work so the CPU ticks move.
            long until = System.nanoTime() + 300_000_000L;
            double x = 0;
            while (System.nanoTime() < until) x += Math.sqrt(x + 1);
            assertThat(x).isPositive();
            Point second = s.sample().get(0);

            assertThat(first.hasField("cpu_percent")).isFalse();
            for (Point p : new Point[] {first, second}) {
                assertThat(p.number("mem_total_bytes")).isPositive();
                assertThat(p.number("mem_used_bytes")).isBetween(0.0, p.number("mem_total_bytes"));
                assertThat(p.number("mem_percent")).isBetween(0.0, 100.0);
                assertThat(p.number("swap_percent")).isBetween(0.0, 100.0);
                if (p.hasField("load1")) assertThat(p.number("load1")).isGreaterThanOrEqualTo(0.0);
            }
            assertThat(second.number("cpu_percent")).isBetween(0.0, 100.0);
            for (String rate : new String[] {"disk_read_bytes_per_s", "disk_write_bytes_per_s",
                    "net_rx_bytes_per_s", "net_tx_bytes_per_s"}) {
                assertThat(second.number(rate)).as(rate).isGreaterThanOrEqualTo(0.0);
            }
        }
    }
}
