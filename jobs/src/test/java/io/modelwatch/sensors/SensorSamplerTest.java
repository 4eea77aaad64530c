package io.modelwatch.sensors;

import io.modelwatch.influx.Point;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Rates and percentages from scripted counter readings. */
class SensorSamplerTest {

    @Test
    void firstSampleHasNoRatesSecondHasThemFromTheDeltas() {
        ScriptedHostProbe probe = new ScriptedHostProbe(List.of(
                ScriptedHostProbe.reading(0, new long[] {100, 0, 100, 800, 0, 0, 0, 0}, 0, 0, 1_000, 2_000),
                // 2 s later: 300 busy ticks (user 200 + system 100) out of 1000.
                ScriptedHostProbe.reading(2, new long[] {300, 0, 200, 1400, 100, 0, 0, 0}, 4_096, 8_192, 3_000, 2_500)));
        SensorSampler s = new SensorSampler("h1", probe, GpuProbe.NONE);

        Point first = s.sample().get(0);
        assertThat(first.measurement).isEqualTo("host");
        assertThat(first.tag("host")).isEqualTo("h1");
        assertThat(first.hasField("cpu_percent")).isFalse();
        assertThat(first.hasField("disk_read_bytes_per_s")).isFalse();
        assertThat(first.hasField("net_rx_bytes_per_s")).isFalse();
        assertThat(first.number("mem_percent")).isEqualTo(75.0);
        assertThat(first.number("mem_used_bytes")).isEqualTo(6.0 * (1L << 30));
        assertThat(first.number("swap_percent")).isEqualTo(0.0);
        assertThat(first.number("load1")).isEqualTo(0.5);

        Point second = s.sample().get(0);
        assertThat(second.number("cpu_percent")).isCloseTo(100.0 * 300 / 1000, within(1e-9));
        assertThat(second.number("disk_read_bytes_per_s")).isEqualTo(2_048.0);
        assertThat(second.number("disk_write_bytes_per_s")).isEqualTo(4_096.0);
        assertThat(second.number("net_rx_bytes_per_s")).isEqualTo(1_000.0);
        assertThat(second.number("net_tx_bytes_per_s")).isEqualTo(250.0);
        assertThat(second.timestampNanos - first.timestampNanos).isEqualTo(2_000_000_000L);
    }

    @Test
    void countersThatGoBackOrDevicesThatAppearAddNothing() {
        Map<String, long[]> before = Map.of("eth0", new long[] {1_000, 1_000});
        Map<String, long[]> after = Map.of("eth0", new long[] {500, 1_500}, "wlan0", new long[] {9_999, 9_999});
        assertThat(SensorSampler.deltas(before, after)).containsExactly(0.0, 500.0);
    }

    @Test
    void cpuPercentIsTheBusyShareOfTicks() {
        assertThat(SensorSampler.cpuPercent(new long[8], new long[] {0, 0, 0, 10, 0, 0, 0, 0})).isEqualTo(0.0);
        assertThat(SensorSampler.cpuPercent(new long[8], new long[] {5, 0, 5, 0, 0, 0, 0, 0})).isEqualTo(100.0);
        assertThat(SensorSampler.cpuPercent(new long[8], new long[] {1, 0, 0, 2, 1, 0, 0, 0})).isEqualTo(25.0);
        assertThat(SensorSampler.cpuPercent(new long[8], new long[8])).isNaN();
    }
}
